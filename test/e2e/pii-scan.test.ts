/**
 * Participants' PII never leaks to Temporal or the logs. A case full of PII (a participant with name,
 * birth date and SSN; case notes and a follow-up contact note quoting them; §8 documentation references of
 * a credential and a skill gain) runs through the real API,
 * worker and PostgreSQL on the time-skipping server, from application to soft exit and follow-ups. Then
 * we read what an operator (or anyone with access to the Temporal cluster) could read, WITHOUT the codec:
 * every event of the application's and its children's histories (payloads, search attributes, memo,
 * summaries, failures), the workflows' current details, and every log line of API, activities and SDK.
 *
 * With the codec on (the default), none of the PII appears anywhere. With PAYLOAD_ENCRYPTION=false the
 * same scan does find it (proving the scan works and that the codec is what protects the payloads), and
 * even then never in search attributes, memo, summaries/details or failure messages.
 */
import { Client } from '@temporalio/client';
import { Runtime, type Logger as SdkLogger } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { testDataConverter, timeSkippingEnv } from '../helpers/temporal';
import { startStack, type Stack } from '../helpers/stack';
import { waitFor } from '../helpers/wait';
import { applicationWorkflowId, followUpWorkflowId } from '../../src/workflows/application/contract';

// The SDK's own logs (workflow and activity loggers, worker) are captured too.
const sdkLines: string[] = [];
const sdkLogger: SdkLogger = {
  log: (level, message, meta) => void sdkLines.push(JSON.stringify({ level, message, meta })),
  trace: (m, meta) => sdkLogger.log('TRACE', m, meta),
  debug: (m, meta) => sdkLogger.log('DEBUG', m, meta),
  info: (m, meta) => sdkLogger.log('INFO', m, meta),
  warn: (m, meta) => sdkLogger.log('WARN', m, meta),
  error: (m, meta) => sdkLogger.log('ERROR', m, meta),
};
Runtime.install({ logger: sdkLogger, telemetryOptions: { logging: { filter: { core: 'INFO', other: 'INFO' }, forward: {} } } });

const PII = {
  firstName: 'Zephyrine',
  lastName: 'Quillfeather',
  birthDate: '1983-07-19',
  ssn: '521-47-3398',
  ssnDigits: '521473398',
  noteText: 'housing crisis at Marigold Court',
  contactNote: 'voicemail at the Larkspur shelter',
  // §8 free text (R-OAS-1, R-IEP-2, R-IEP-3): PostgreSQL and encrypted payloads only.
  assessmentSummary: 'parole officer Wendeline Brack',
  goalDescription: 'custody hearing at Thistledown court',
  objectiveDescription: 'methadone clinic on Ravensworth Lane',
  reviewNote: 'eviction notice from Cobblestone Arms',
  // R-DCR-1/2: change-request reasons are free text like case notes.
  changeReason: 'Quillfeather moved to Thistledown Lane',
  rejectionReason: 'Zephyrine confirmed the Bramblegate dates',
  // §8 documentation references are free text like case notes (R-CRED-1, R-MSG-1).
  credentialRef: 'diploma copy of Quillfeather in cabinet Wren-7',
  skillGainRef: 'transcript signed by Ms Ambervale',
};
const needles = Object.values(PII);

interface Hit {
  needle: string;
  where: string;
}

/** Every string and byte field (bytes read as UTF-8) of `value`, with its path. */
function scan(value: unknown, where: string, hits: Hit[], seen = new Set<unknown>()): void {
  if (value === null || value === undefined) return;
  if (typeof value === 'string') {
    for (const needle of needles) if (value.includes(needle)) hits.push({ needle, where });
    return;
  }
  if (value instanceof Uint8Array) {
    scan(Buffer.from(value).toString('utf8'), where, hits, seen);
    return;
  }
  if (typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) scan(v, `${where}.${k}`, hits, seen);
}

/** Paths that must never hold PII even without encryption. */
const NEVER_PII = /searchAttributes|memo|userMetadata|failure|currentDetails|summary|details/i;

async function runCase(stack: Stack): Promise<string> {
  const { http } = stack;
  const participant = await http.post('/api/v1/participants', {
    firstName: PII.firstName,
    lastName: PII.lastName,
    birthDate: PII.birthDate,
    ssn: PII.ssn,
  });
  expect(participant.status).toBe(201);
  const created = await http.post('/api/v1/applications', {
    participantId: participant.body.id,
    programs: ['ADULT'],
    eligibilityDate: '2024-01-02',
    office: 'LA-2703',
    caseManagerId: 'S-DEV-STAFF',
  });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  const participation = await http.post(`/api/v1/applications/${id}/participation`, {
    participationDate: '2024-01-03',
    activity: {
      code: '101',
      program: 'ADULT',
      projectedEndDate: '2024-01-31',
      caseNote: `${PII.firstName} ${PII.lastName} (born ${PII.birthDate}) reports a ${PII.noteText}.`,
    },
  });
  expect(participation.status).toBe(200);
  const note = await http.post(`/api/v1/applications/${id}/case-notes`, {
    contactDate: '2024-01-05',
    subject: 'Identity check',
    body: `SSN ${PII.ssn} (${PII.ssnDigits}) verified against the card of ${PII.firstName} ${PII.lastName}.`,
  });
  expect(note.status).toBe(201);
  // §8: an assessment, a plan with a goal, an objective and a review, all quoting PII.
  const iep = await http.post(`/api/v1/applications/${id}/activities`, {
    code: '205',
    program: 'ADULT',
    actualBeginDate: '2024-01-08',
    projectedEndDate: '2024-01-10',
    caseNote: 'IEP.',
  });
  expect(iep.status).toBe(201);
  for (const section of [
    'general',
    'expectation',
    'education',
    'degree',
    'certificate',
    'employment',
    'household_income',
    'work_readiness',
    'barriers',
    'criminal_background',
    'tests',
    'referrals',
  ]) {
    const res = await http.put(`/api/v1/applications/${id}/assessment/sections/${section}`, {
      status: 'complete',
      summary: `${PII.firstName}: ${PII.assessmentSummary}.`,
    });
    expect(res.status).toBe(200);
  }
  const plan = await http.post(`/api/v1/applications/${id}/plans`, { startDate: '2024-01-08', office: 'LA-2703' });
  expect(plan.status).toBe(201);
  const planBase = `/api/v1/applications/${id}/plans/${plan.body.plan.id}`;
  const goalBody = {
    type: 'other',
    term: 'short_term',
    description: `Attend the ${PII.goalDescription}.`,
    dateEstablished: '2024-01-08',
    estimatedCompletionDate: '2024-03-01',
    program: 'ADULT',
  };
  const goal = await http.post(`${planBase}/goals`, goalBody);
  expect(goal.status).toBe(201);
  // a rejected plan command quoting PII: nowhere either
  expect((await http.post(`${planBase}/goals`, { ...goalBody, estimatedCompletionDate: '2024-01-01' })).status).toBe(422);
  const objective = await http.post(`${planBase}/goals/${goal.body.goal.id}/objectives`, {
    description: `Daily visits to the ${PII.objectiveDescription}.`,
    dateEstablished: '2024-01-08',
    reviewDate: '2024-02-01',
    program: 'ADULT',
  });
  expect(objective.status).toBe(201);
  const review = await http.post(`${planBase}/objectives/${objective.body.objective.id}/review`, {
    reviewedOn: '2024-01-09',
    status: 'open',
    nextReviewDate: '2024-02-15',
    note: `${PII.lastName} showed the ${PII.reviewNote}.`,
  });
  expect(review.status).toBe(200);
  expect(
    (await http.post(`/api/v1/applications/${id}/activities/${iep.body.activity.id}/close`, { actualEndDate: '2024-01-10', completionCode: 'successful' }))
      .status,
  ).toBe(200);
  const closed = await http.post(`/api/v1/applications/${id}/activities/${participation.body.activity.id}/close`, {
    actualEndDate: '2024-01-10',
    completionCode: 'successful',
  });
  expect(closed.status).toBe(200);
  // R-DCR: one request rejected with a reason, one left pending (cancelled at the soft exit), one refused.
  const activityId = participation.body.activity.id as string;
  const toReject = await http.post(`/api/v1/applications/${id}/change-requests`, {
    target: { kind: 'activity', activityId },
    changes: { actualEndDate: '2024-01-09' },
    reason: `${PII.changeReason} (${PII.ssn})`,
  });
  expect(toReject.status).toBe(201);
  const rejection = await http.post(
    `/api/v1/applications/${id}/change-requests/${toReject.body.changeRequest.id}/reject`,
    { reason: PII.rejectionReason },
    { token: 'dev-supervisor' },
  );
  expect(rejection.status).toBe(200);
  const pending = await http.post(`/api/v1/applications/${id}/change-requests`, {
    target: { kind: 'activity', activityId },
    changes: { completionCode: 'other' },
    reason: PII.changeReason,
  });
  expect(pending.status).toBe(201);
  const refused = await http.post(`/api/v1/applications/${id}/change-requests`, {
    target: { kind: 'activity', activityId },
    changes: { actualEndDate: '2030-01-01' },
    reason: PII.changeReason,
  });
  expect(refused.status).toBe(422);
  const view = JSON.stringify((await http.get(`/api/v1/applications/${id}`)).body);
  expect(view).not.toContain(PII.changeReason);
  expect(view).not.toContain(PII.rejectionReason);
  const training = await http.post(`/api/v1/applications/${id}/activities`, {
    code: '328',
    program: 'ADULT',
    actualBeginDate: '2024-01-05',
    projectedEndDate: '2024-01-10',
    caseNote: 'Training.',
  });
  expect(training.status).toBe(201);
  const gain = await http.post(`/api/v1/applications/${id}/skill-gains`, {
    type: 'training_milestone',
    achievedOn: '2024-01-08',
    activityId: training.body.activity.id,
    documentationRef: PII.skillGainRef,
  });
  expect(gain.status).toBe(201);
  expect(
    (await http.post(`/api/v1/applications/${id}/activities/${training.body.activity.id}/close`, { actualEndDate: '2024-01-10', completionCode: 'successful' }))
      .status,
  ).toBe(200);
  expect((await http.post('/api/v1/sandbox/clock/advance', { until: '2024-04-10T08:00:00Z' })).status).toBe(200);
  await waitFor(async () => (await http.get(`/api/v1/applications/${id}`)).body.status === 'exited', 30_000, 'soft exit');
  const attempt = await http.post(`/api/v1/applications/${id}/follow-ups/1/contact-attempts`, {
    date: '2024-04-10',
    time: '10:30',
    type: 'phone',
    outcome: 'left_message',
    note: `Left ${PII.contactNote} for ${PII.firstName}.`,
  });
  expect(attempt.status).toBe(201);
  const credential = await http.post(`/api/v1/applications/${id}/credentials`, {
    type: '1',
    attainedOn: '2024-04-09',
    activityId: training.body.activity.id,
    verification: { method: 'verified', documentationRef: PII.credentialRef },
  });
  expect(credential.status).toBe(201);
  // refused (window closed): the reference must not reach a failure message either
  const refusedCredential = await http.post(`/api/v1/applications/${id}/credentials`, {
    type: '5',
    attainedOn: '2025-01-11',
    activityId: training.body.activity.id,
    verification: { method: 'verified', documentationRef: PII.credentialRef },
  });
  expect(refusedCredential.status).toBe(422);
  // a rejected command quoting PII: the rejection must not put it anywhere either
  const rejected = await http.post(`/api/v1/applications/${id}/case-notes`, {
    contactDate: '2030-01-01',
    subject: 'future',
    body: `${PII.firstName} ${PII.ssn}`,
  });
  expect(rejected.status).toBeGreaterThanOrEqual(400);
  expect(rejected.status).toBeLessThan(500);
  // the projection has caught up (so every activity ran and logged)
  await waitFor(async () => (await http.get(`/api/v1/applications/${id}/history`)).status === 200, 10_000, 'history');
  return id;
}

async function collectHits(env: TestWorkflowEnvironment, stack: Stack, id: string, apiLogs: string[]): Promise<Hit[]> {
  // What the cluster holds, read with a client that has no codec (as the Temporal UI/CLI would without it).
  const raw = new Client({ connection: env.connection, namespace: 'default' });
  const hits: Hit[] = [];
  const ids = [applicationWorkflowId(id), ...[1, 2, 3, 4].map((q) => followUpWorkflowId(id, q))];
  for (const workflowId of ids) {
    // Every run an operator can open: the latest and each one it continued from (checkpoints, bounds).
    let history = await raw.workflow.getHandle(workflowId).fetchHistory();
    expect(history.events?.length).toBeGreaterThan(3);
    for (let run = 1; ; run += 1) {
      scan(history, `history(${workflowId}, run −${run - 1})`, hits);
      const previous = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
      if (!previous) break;
      history = await raw.workflow.getHandle(workflowId, previous).fetchHistory();
    }
    const described = await raw.workflow.getHandle(workflowId).describe();
    scan(described.raw, `describe(${workflowId})`, hits);
    const metadata = await raw.workflowService.queryWorkflow({
      namespace: 'default',
      execution: { workflowId },
      query: { queryType: '__temporal_workflow_metadata' },
    });
    scan(metadata.queryResult, `currentDetails(${workflowId})`, hits);
  }
  scan(apiLogs.join('\n'), 'api+activity logs', hits);
  scan(sdkLines.join('\n'), 'sdk logs', hits);
  void stack;
  return hits;
}

describe.each([
  { codec: 'on', encrypt: true },
  { codec: 'off', encrypt: false },
])('PII scan with the payload codec $codec', ({ encrypt }) => {
  let env: TestWorkflowEnvironment;
  let stack: Stack;
  const apiLogs: string[] = [];

  beforeAll(async () => {
    env = await timeSkippingEnv('2024-01-10T18:00:00Z', testDataConverter({ encrypt }));
    stack = await startStack(env, {
      name: `pii_${encrypt ? 'on' : 'off'}`,
      mode: 'sandbox',
      env: { LOG_LEVEL: 'debug', PAYLOAD_ENCRYPTION: String(encrypt) },
      logDestination: { write: (line: string) => void apiLogs.push(line) },
    });
  });
  afterAll(async () => {
    await stack?.stop();
    await env?.teardown();
  });

  it(
    encrypt
      ? 'finds no PII anywhere an operator can look'
      : 'finds the case notes in clear payloads, but never in search attributes, memo, summaries, details or failures',
    async () => {
      sdkLines.length = 0;
      const id = await runCase(stack);
      expect(apiLogs.length).toBeGreaterThan(5); // the logs really were captured
      // The SDK's workflow logs arrive through a sink after the workflow task completes: wait for the line
      // that proves they are captured (on a loaded machine it can trail the soft exit the API already sees).
      await waitFor(() => sdkLines.some((l) => l.includes('soft exit recorded')), 15_000, 'the SDK log of the soft exit');
      const hits = await collectHits(env, stack, id, apiLogs);
      if (encrypt) {
        expect(hits).toEqual([]);
      } else {
        // Without the codec the scan does find case-note text and the SSN typed into a note: this test fails
        // if the codec is turned off.
        expect(hits.map((h) => h.needle)).toEqual(
          expect.arrayContaining([
            PII.noteText,
            PII.ssn,
            PII.contactNote,
            PII.credentialRef,
            PII.skillGainRef,
            PII.changeReason,
            PII.rejectionReason,
            PII.assessmentSummary,
            PII.goalDescription,
            PII.objectiveDescription,
            PII.reviewNote,
          ]),
        );
        expect(hits.filter((h) => NEVER_PII.test(h.where))).toEqual([]);
        expect(hits.filter((h) => h.where.includes('logs'))).toEqual([]);
      }
    },
  );
});
