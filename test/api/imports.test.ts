/**
 * R-IMP-1 … R-IMP-3 over HTTP in sandbox mode (time-skipping server, clock starting 2024-06-03): a file
 * of legacy cases — open ones backdated far beyond R-ACT-4's windows, one whose soft exit passed long
 * ago, one on an approved planned break, and broken lines — is imported through `POST /api/v1/imports`;
 * the good lines become cases (workflows started with their state) that then reach their exits on the
 * sandbox clock, the broken ones are refused line by line and leave nothing behind, a dry run creates
 * nothing, a re-run or a concurrent run of the same file creates nothing twice.
 */
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { timeSkippingEnv } from '../helpers/temporal';
import { startStack, type Stack } from '../helpers/stack';
import { eventually } from '../helpers/wait';
import { importedApplicationId, CaseImport } from '../../src/api/services/case-import';
import { SsnProtector } from '../../src/api/services/pii';
import { ProblemError } from '../../src/api/problem';
import { addActivity, applicationWorkflowId } from '../../src/workflows/application/contract';
import { findCode } from '../../src/domain/activity-codes';
import { defaultActivityCatalog } from '../../src/domain/activity-catalog';

let env: TestWorkflowEnvironment;
let stack: Stack;

beforeAll(async () => {
  env = await timeSkippingEnv('2024-06-03T18:00:00Z');
  stack = await startStack(env, {
    name: 'api_imports',
    mode: 'sandbox',
    env: { API_TOKENS: 'dev-staff:S-DEV-STAFF:staff,dev-supervisor:S-DEV-SUPERVISOR:supervisor,sup-2:S-SUP-2:supervisor,sup-la:S-SUP-LA:supervisor:LA-2703' },
  });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  await env?.teardown();
});

const run = Date.now().toString(36);
const ext = (name: string) => `${name}-${run}`;
const participant = (first: string) => ({ firstName: first, lastName: 'Legacy', birthDate: '1980-04-05' });

/** Open, backdated 94 days (the API refuses more than 90): L = 2024-05-20, soft exit 2024-08-19. */
const open = {
  externalId: ext('OPEN'),
  participant: { ...participant('Olga'), ssn: '123-45-6789' },
  application: {
    programs: ['ADULT'],
    eligibilityDate: '2024-02-20',
    office: 'LA-2703',
    caseManagerId: 'S-DEV-STAFF',
    participationDate: '2024-03-01',
    educationAtParticipation: 'secondary',
  },
  activities: [
    {
      ref: 'a1',
      code: '101',
      program: 'ADULT',
      actualBeginDate: '2024-03-01',
      projectedEndDate: '2024-03-31',
      actualEndDate: '2024-05-20',
      completionCode: 'successful',
    },
    {
      ref: 'a2',
      code: '120',
      program: 'ADULT',
      actualBeginDate: '2024-03-15',
      projectedEndDate: '2024-03-15',
      actualEndDate: '2024-03-15',
      completionCode: 'successful',
    },
  ],
  caseNotes: [{ contactDate: '2024-05-21', subject: 'Last contact', body: 'Called the participant.' }],
};
/** Its soft exit (L + 91 = 2023-05-31) passed a year ago: exits at once with exit date L, follow-ups overdue (R-FU-2). */
const past = {
  externalId: ext('PAST'),
  participant: participant('Paul'),
  application: { programs: ['DISLOCATED_WORKER'], eligibilityDate: '2023-01-02', office: 'LA-2703', participationDate: '2023-01-05' },
  activities: [
    {
      ref: 'x',
      code: '101',
      program: 'DISLOCATED_WORKER',
      actualBeginDate: '2023-01-05',
      projectedEndDate: '2023-02-28',
      actualEndDate: '2023-03-01',
      completionCode: 'successful',
    },
  ],
};
/** On an approved planned break: L = 2024-05-01, R = 2024-09-01 ≤ L + 180, soft exit L + 181 = 2024-10-29. */
const onBreak = {
  externalId: ext('BREAK'),
  participant: participant('Bea'),
  application: { programs: ['ADULT'], eligibilityDate: '2024-03-25', office: 'LA-2703', participationDate: '2024-04-01' },
  activities: [
    {
      ref: 'assess',
      code: '101',
      program: 'ADULT',
      actualBeginDate: '2024-04-01',
      projectedEndDate: '2024-04-30',
      actualEndDate: '2024-05-01',
      completionCode: 'successful',
    },
    { ref: 'training', code: '205', program: 'ADULT', projectedBeginDate: '2024-09-01', projectedEndDate: '2024-12-20' },
  ],
  plannedBreak: { reason: 'training_delay', resumeDate: '2024-09-01', activityRef: 'training', approvedBy: 'S-SUP-2' },
};
const bad = {
  badDate: { ...open, externalId: ext('BAD-DATE'), participant: participant('D1'), application: { ...open.application, participationDate: '2024-02-30' } },
  unknownCode: { ...past, externalId: ext('BAD-CODE'), participant: participant('D2'), activities: [{ ...past.activities[0], code: '999' }] },
  notEnrolled: { ...past, externalId: ext('BAD-PROGRAM'), participant: participant('D3'), activities: [{ ...past.activities[0], program: 'ADULT' }] },
  breakTooLong: {
    ...onBreak,
    externalId: ext('BAD-BREAK'),
    participant: participant('D4'),
    activities: [onBreak.activities[0], { ...onBreak.activities[1], projectedBeginDate: '2024-11-15' }],
    plannedBreak: { ...onBreak.plannedBreak, resumeDate: '2024-11-15' },
  },
  endBeforeBegin: { ...past, externalId: ext('BAD-END'), participant: participant('D5'), activities: [{ ...past.activities[0], actualEndDate: '2023-01-04' }] },
  future: {
    ...past,
    externalId: ext('BAD-FUTURE'),
    participant: participant('D6'),
    application: { ...past.application, participationDate: '2024-06-10' },
    activities: [{ ...past.activities[0], actualBeginDate: '2024-06-10', actualEndDate: undefined, completionCode: undefined, projectedEndDate: '2024-07-01' }],
  },
};
const lines = [
  JSON.stringify(open),
  JSON.stringify(past),
  '',
  JSON.stringify(onBreak),
  '{"externalId": "broken", ',
  ...Object.values(bad).map((l) => JSON.stringify(l)),
];
const file = lines.join('\n') + '\n';
const sha = createHash('sha256').update(file).digest('hex');

const post = (body: string, opts: { dryRun?: boolean; token?: string; type?: string; accept?: string } = {}) =>
  stack.http.post(`/api/v1/imports${opts.dryRun ? '?dryRun=true' : ''}`, undefined, {
    token: opts.token ?? 'dev-supervisor',
    rawBody: body,
    headers: { 'content-type': opts.type ?? 'application/x-ndjson', ...(opts.accept ? { accept: opts.accept } : {}) },
  });
const participants = async () => stack.db.participant.count({ where: { lastName: 'Legacy' } });

describe('R-IMP-1 / R-IMP-2 / R-IMP-3: POST /api/v1/imports (sandbox)', () => {
  it('R-IMP-1: supervisors only; NDJSON only (415); over 50 MB is 413, never a 500', async () => {
    expect((await post(file, { token: 'dev-staff' })).status).toBe(403);
    const json = await post(JSON.stringify(open), { type: 'application/json' });
    expect([json.status, json.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    expect((await post(file, { type: 'text/plain' })).status).toBe(415);
    expect((await post(file, { type: 'application/x-ndjson; charset=latin1' })).status).toBe(415);
    const huge = await post('x'.repeat(50 * 1024 * 1024 + 10));
    expect([huge.status, huge.body.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
  });

  it('R-IMP-2: dryRun=true checks every line, names each error (line, externalId, field, code) and creates nothing', async () => {
    const before = await participants();
    const res = await post(file, { dryRun: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dryRun: true, lines: 10, created: 3, skipped: 0, failed: 7 });
    const errors = res.body.errors.map((e: any) => [e.line, e.externalId, e.field, e.code]);
    expect(errors).toEqual([
      [5, null, '(line)', 'MALFORMED_JSON'],
      [6, ext('BAD-DATE'), 'application.participationDate', 'VALIDATION_FAILED'],
      [7, ext('BAD-CODE'), 'activities[0].code', 'UNKNOWN_ACTIVITY_CODE'],
      [8, ext('BAD-PROGRAM'), 'activities[0].program', 'PROGRAM_NOT_ENROLLED'],
      [9, ext('BAD-BREAK'), 'plannedBreak.resumeDate', 'PLANNED_BREAK_TOO_LONG'],
      [10, ext('BAD-END'), 'activities[0].actualEndDate', 'END_BEFORE_BEGIN'],
      [11, ext('BAD-FUTURE'), 'application.participationDate', 'FUTURE_DATE'],
    ]);
    expect(res.body.errors.every((e: any) => typeof e.detail === 'string' && e.detail.length > 0)).toBe(true);
    expect(await participants()).toBe(before);
    expect(await stack.db.importedCase.count()).toBe(0);
  });

  it('R-IMP-2/R-IMP-3: the good lines become cases (workflows started with their state, backdating windows lifted); a broken line leaves nothing behind', async () => {
    const res = await post(file, { accept: 'application/x-ndjson' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/x-ndjson');
    const events = (res.body as string)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.slice(0, -1).every((e: any) => e.progress && e.progress.lines === 10)).toBe(true);
    expect(events.at(-2).progress).toMatchObject({ done: 10, created: 3, failed: 7 });
    const summary = events.at(-1).summary;
    expect(summary).toMatchObject({ dryRun: false, lines: 10, created: 3, skipped: 0, failed: 7 });
    expect(summary.errors.map((e: any) => e.line)).toEqual([5, 6, 7, 8, 9, 10, 11]);
    // Participants only for the created cases (none for a refused line), one row per imported case.
    expect(await participants()).toBe(3);
    expect(await stack.db.importedCase.count()).toBe(3);

    const id = importedApplicationId(open.externalId);
    const view = await stack.http.get(`/api/v1/applications/${id}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      status: 'participating',
      participationDate: '2024-03-01',
      office: 'LA-2703',
      caseManagerId: 'S-DEV-STAFF',
      educationAtParticipation: 'secondary',
      lastServiceDate: '2024-05-20',
      exitClock: { state: 'running', softExitDate: '2024-08-19' },
    });
    expect(view.body.activities.map((a: any) => [a.code, a.status, a.actualBeginDate, a.actualEndDate])).toEqual([
      ['101', 'closed', '2024-03-01', '2024-05-20'],
      ['120', 'closed', '2024-03-15', '2024-03-15'],
    ]);
    // Imported entries are not data entry here: no R-TIMELY fields.
    expect(view.body.activities.every((a: any) => a.enteredOn === undefined && a.late === undefined)).toBe(true);

    // The audit trail: one `import` entry (who, when, the file's SHA-256, the line).
    const history = await eventually(
      () => stack.http.get(`/api/v1/applications/${id}/history`),
      (r) => r.body.items?.length > 0,
    );
    expect(history.body.items).toHaveLength(1);
    expect(history.body.items[0]).toMatchObject({
      command: 'import',
      actorId: 'S-DEV-SUPERVISOR',
      actorRole: 'supervisor',
      details: { externalId: open.externalId, fileSha256: sha, line: 1 },
    });
    expect(Date.parse(history.body.items[0].at)).toBeGreaterThanOrEqual(Date.parse('2024-06-03T18:00:00Z'));
    // The case notes are projected: the three generated for its services and the line's own.
    const notes = await eventually(
      () => stack.db.caseNote.findMany({ where: { applicationId: id } }),
      (n) => n.length === 3,
    );
    expect(notes.map((n) => n.subject).sort()).toContain('Last contact');
    // The participant with its SSN protected like any other (R-PART-1).
    const person = await stack.db.participant.findFirst({ where: { firstName: 'Olga', lastName: 'Legacy' } });
    expect(person).toMatchObject({ ssnLast4: '6789', pseudoSsn: false });
    expect(person!.ssnCiphertext).not.toContain('6789');

    const onBreakView = await stack.http.get(`/api/v1/applications/${importedApplicationId(onBreak.externalId)}`);
    expect(onBreakView.body.plannedBreak).toMatchObject({
      status: 'approved',
      resumeDate: '2024-09-01',
      requestedBy: 'S-DEV-SUPERVISOR',
      approvedBy: 'S-SUP-2',
    });
    expect(onBreakView.body.exitClock).toMatchObject({ state: 'extended', softExitDate: '2024-10-29' });
  });

  it('R-IMP-3: a case whose soft exit has passed exits at once with exit date L; its follow-ups start as R-FU-2 says', async () => {
    const id = importedApplicationId(past.externalId);
    const exited = await eventually(
      () => stack.http.get(`/api/v1/applications/${id}`),
      (r) => r.body.status === 'exited',
      30_000,
    );
    expect(exited.body.exit).toMatchObject({ type: 'soft', exitDate: '2023-03-01' });
    expect(exited.body.followUps.map((f: any) => [f.quarter, f.dueDate])).toEqual([
      [1, '2023-06-30'],
      [2, '2023-09-30'],
      [3, '2023-12-31'],
      [4, '2024-03-31'],
    ]);
    // Every quarter's due date is behind today (2024-06-03): none starts `required`.
    expect(exited.body.followUps.every((f: any) => f.status !== 'required')).toBe(true);
    const history = await eventually(
      () => stack.http.get(`/api/v1/applications/${id}/history`),
      (r) => r.body.items?.some((e: any) => e.command === 'softExit'),
    );
    expect(history.body.items.map((e: any) => e.command).slice(0, 2)).toEqual(['import', 'softExit']);
  });

  it('R-IMP-3: importing the same externalIds again creates nothing (skipped); two runs at once create each case once', async () => {
    const again = await post(file);
    expect(again.body).toMatchObject({ lines: 10, created: 0, skipped: 3, failed: 7 });
    const fresh = [1, 2, 3, 4].map((i) => JSON.stringify({ ...past, externalId: ext(`RACE-${i}`), participant: participant(`R${i}`) })).join('\n');
    const [a, b] = await Promise.all([post(fresh), post(fresh)]);
    expect(a.body.created + b.body.created).toBe(4);
    expect(a.body.skipped + b.body.skipped).toBe(4);
    expect(await participants()).toBe(7);
    expect(await stack.db.importedCase.count()).toBe(7);
  });

  it('R-IMP-3: imported cases reach their exits on the sandbox clock (L + 91; L + 181 on the approved break)', async () => {
    const { http } = stack;
    const openId = importedApplicationId(open.externalId);
    const breakId = importedApplicationId(onBreak.externalId);
    expect((await http.post('/api/v1/sandbox/clock/advance', { until: '2024-08-19T07:00:30Z' })).status).toBe(200);
    const exited = await eventually(
      () => http.get(`/api/v1/applications/${openId}`),
      (r) => r.body.status === 'exited',
      30_000,
    );
    expect(exited.body.exit).toMatchObject({ type: 'soft', exitDate: '2024-05-20' });
    expect(exited.body.followUps.map((f: any) => f.status)).toEqual(['required', 'required', 'required', 'required']);
    expect((await http.get(`/api/v1/applications/${breakId}`)).body.status).toBe('participating');
    expect((await http.post('/api/v1/sandbox/clock/advance', { until: '2024-10-29T07:00:30Z' })).status).toBe(200);
    const broke = await eventually(
      () => http.get(`/api/v1/applications/${breakId}`),
      (r) => r.body.status === 'exited',
      30_000,
    );
    expect(broke.body.exit).toMatchObject({ type: 'soft', exitDate: '2024-05-01' });
    // The projection caught up: the caseload lists both as exited.
    const row = await eventually(
      () => stack.db.application.findUnique({ where: { id: openId } }),
      (r) => r?.status === 'exited',
    );
    expect(row!.exitDate!.toISOString().slice(0, 10)).toBe('2024-05-20');
  });

  it('R-IMP-2: office scope, the break approver and the case manager group are checked like the API; lifted windows never reach a workflow Update', async () => {
    const deps = {
      client: stack.env.client,
      db: stack.db,
      ssn: new SsnProtector(stack.config.piiKey),
      catalog: stack.config.activityCatalog,
      taskQueue: stack.config.temporal.taskQueue,
      agencyTimeZone: stack.config.agencyTimeZone,
      searchAttributes: false,
      alertThresholds: stack.config.alertThresholds,
      followUpGraceDays: 90,
      now: () => stack.env.currentTimeMs(),
      concurrency: 2,
      isSupervisor: (id: string) => id === 'S-SUP-2',
    };
    // Over HTTP: a supervisor of LA-2703 only (R-AUTH-2) cannot bring a case into SF-0001.
    const outside = await post(
      JSON.stringify({ ...past, externalId: ext('SCOPE-HTTP'), participant: participant('S0'), application: { ...past.application, office: 'SF-0001' } }),
      { token: 'sup-la', dryRun: true },
    );
    expect(outside.body.errors.map((e: any) => [e.line, e.field, e.code])).toEqual([[1, 'application.office', 'OFFICE_OUT_OF_SCOPE']]);
    const importer = { staffId: 'S-SUP-LA', role: 'supervisor' as const };
    const scoped = await new CaseImport(deps).run(
      Buffer.from(
        [
          JSON.stringify({ ...past, externalId: ext('SCOPE'), participant: participant('S1'), application: { ...past.application, office: 'SF-0001' } }),
          JSON.stringify({
            ...onBreak,
            externalId: ext('APPROVER'),
            participant: participant('S2'),
            plannedBreak: { ...onBreak.plannedBreak, approvedBy: 'S-NOBODY' },
          }),
        ].join('\n'),
      ),
      { importer, inScope: (office) => office === 'LA-2703', dryRun: false },
    );
    expect(scoped.errors.map((e) => [e.line, e.field, e.code])).toEqual([
      [1, 'application.office', 'OFFICE_OUT_OF_SCOPE'],
      [2, 'plannedBreak.approvedBy', 'SUPERVISOR_REQUIRED'],
    ]);
    const grouped = await new CaseImport({
      ...deps,
      caseManagerCheck: async () => {
        throw new ProblemError(422, 'CASE_MANAGER_NOT_IN_GROUP', 'not in a group');
      },
    }).run(Buffer.from(JSON.stringify({ ...open, externalId: ext('GROUP'), participant: participant('S3') })), { importer, inScope: () => true, dryRun: true });
    expect(grouped.errors.map((e) => [e.field, e.code])).toEqual([['application.caseManagerId', 'CASE_MANAGER_NOT_IN_GROUP']]);
    expect(await participants()).toBe(7);

    // A direct Temporal client cannot lift R-ACT-4 on a running case: the Update validator refuses it.
    const handle = stack.env.client.workflow.getHandle(applicationWorkflowId(importedApplicationId(onBreak.externalId)));
    const refused = handle.executeUpdate(addActivity, {
      args: [
        {
          actor: { staffId: 'S-DEV-STAFF', role: 'staff' },
          payload: {
            code: '120',
            entry: findCode(defaultActivityCatalog, '120')!,
            program: 'ADULT',
            actualBeginDate: '2024-01-01',
            projectedEndDate: '2024-01-01',
            caseNote: 'x',
          },
          backdatingWindows: 'lifted',
        },
      ],
    });
    await expect(refused).rejects.toMatchObject({ cause: { type: 'IMPORT_ONLY' } });
  });

  it('R-IMP-1: npm run import -- FILE --dry-run goes through the API and ends with the summary and every refused line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wioa-import-cli-'));
    try {
      const path = join(dir, 'cases.ndjson');
      writeFileSync(path, file);
      const root = join(__dirname, '..', '..');
      const out = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'src/cli/import.ts', path, '--dry-run', '--url', stack.api.url, '--token', 'dev-supervisor'],
          { cwd: root },
          (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
      });
      expect(out.code).toBe(2); // some lines were refused
      expect(out.stdout).toContain('Dry run (nothing was created)');
      expect(out.stdout).toMatch(/would be created\s+\d+\n\s+skipped\s+\d+ {3}\(externalId already imported\)\n\s+failed\s+\d+\n/);
      expect(out.stdout).toContain('line 5: (line) MALFORMED_JSON');
      expect(out.stdout).toContain(`line 9 (${ext('BAD-BREAK')}): plannedBreak.resumeDate PLANNED_BREAK_TOO_LONG`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the README's example (examples/open-cases.ndjson) passes a dry run as of 2026-12-10", async () => {
    const example = readFileSync(join(__dirname, '..', '..', 'examples', 'open-cases.ndjson'));
    const summary = await new CaseImport({
      client: stack.env.client,
      db: stack.db,
      ssn: new SsnProtector(stack.config.piiKey),
      catalog: stack.config.activityCatalog,
      taskQueue: stack.config.temporal.taskQueue,
      agencyTimeZone: stack.config.agencyTimeZone,
      searchAttributes: false,
      alertThresholds: stack.config.alertThresholds,
      followUpGraceDays: 90,
      now: async () => Date.parse('2026-12-10T18:00:00Z'),
      concurrency: 3,
      isSupervisor: (id) => id === 'S-DEV-SUPERVISOR',
    }).run(example, { importer: { staffId: 'S-DEV-SUPERVISOR', role: 'supervisor' }, inScope: () => true, dryRun: true });
    expect(summary).toEqual({ dryRun: true, lines: 3, created: 3, skipped: 0, failed: 0, errors: [] });
  });

  it('R-IMP-4 (what makes it fast): an imported case is one workflow start and no Update, its history a fraction of the same case entered command by command', async () => {
    const { http } = stack;
    const today = (await http.get('/api/v1/sandbox/clock')).body.now.slice(0, 10) as string;
    const d = (n: number) => new Date(Date.parse(`${today}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    const person = { firstName: 'Speedy', lastName: 'Bench', birthDate: '1985-05-05' };
    const application = { programs: ['ADULT'], eligibilityDate: d(-30), office: 'LA-2703' };
    const a1 = { code: '101', program: 'ADULT', actualBeginDate: d(-20), projectedEndDate: d(-10), actualEndDate: d(-15), completionCode: 'successful' };
    const a2 = { code: '205', program: 'ADULT', actualBeginDate: d(-10), projectedEndDate: d(30) };
    const note = { contactDate: d(-2), subject: 'Check-in', body: 'Called.' };

    // Command by command through the public API (what bench:import's api path does).
    const p = await http.post('/api/v1/participants', person);
    const app = await http.post('/api/v1/applications', { participantId: p.body.id, ...application });
    const base = `/api/v1/applications/${app.body.id}`;
    const part = await http.post(`${base}/participation`, {
      participationDate: d(-20),
      activity: { code: a1.code, program: a1.program, projectedEndDate: a1.projectedEndDate, caseNote: 'Participation.' },
    });
    expect(
      (
        await http.post(`${base}/activities`, {
          code: a2.code,
          program: a2.program,
          actualBeginDate: a2.actualBeginDate,
          projectedEndDate: a2.projectedEndDate,
          caseNote: 'IEP.',
        })
      ).status,
    ).toBe(201);
    expect(
      (await http.post(`${base}/activities/${part.body.activity.id}/close`, { actualEndDate: a1.actualEndDate, completionCode: a1.completionCode })).status,
    ).toBe(200);
    expect((await http.post(`${base}/case-notes`, note)).status).toBe(201);

    // The same case as one import line.
    const line = {
      externalId: ext('SPEED'),
      participant: { ...person, firstName: 'Speedier' },
      application: { ...application, participationDate: d(-20) },
      activities: [
        { ref: 'a1', ...a1 },
        { ref: 'a2', ...a2 },
      ],
      caseNotes: [note],
    };
    expect((await post(JSON.stringify(line))).body).toMatchObject({ created: 1, failed: 0 });
    const importedId = importedApplicationId(line.externalId);

    const events = async (id: string) => {
      await eventually(
        () => stack.db.caseNote.count({ where: { applicationId: id } }),
        (n) => n === 3,
      );
      // Idle: its last task completed with no command, or with a timer (7 WorkflowTaskCompleted, 17 TimerStarted).
      const handle = stack.env.client.workflow.getHandle(applicationWorkflowId(id));
      return eventually(
        async () => (await handle.fetchHistory()).events ?? [],
        (evs) => [7, 17].includes(Number(evs.at(-1)?.eventType)),
        15_000,
        `${id} idle`,
      );
    };
    const viaApi = await events(app.body.id);
    const viaImport = await events(importedId);
    const updates = (evs: typeof viaApi) => evs.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
    expect(updates(viaApi)).toBe(4);
    expect(updates(viaImport)).toBe(0);
    // The import projected the case itself (in its transaction): the workflow's first task owes nothing.
    expect(viaImport.filter((e) => e.activityTaskScheduledEventAttributes)).toHaveLength(0);
    expect(viaImport.length * 2).toBeLessThanOrEqual(viaApi.length);
    // Same case either way.
    const [x, y] = await Promise.all([http.get(base), http.get(`/api/v1/applications/${importedId}`)]);
    expect(y.body.exitClock).toEqual(x.body.exitClock);
    expect(y.body.activities.map((a: any) => [a.code, a.status, a.actualBeginDate, a.actualEndDate])).toEqual(
      x.body.activities.map((a: any) => [a.code, a.status, a.actualBeginDate, a.actualEndDate]),
    );
  });
});
