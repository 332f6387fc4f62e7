/**
 * No outbox kind is dropped by the projection: every record kind the workflow's outbox carries
 * (RECORD_KINDS) reaches a database write, through the core statement (`wioa_project_core`, for the
 * kinds CORE_STATEMENT_WRITES names) or through the Prisma path's writer for that kind. Server-free:
 * `persistApplication` runs against a recording stand-in for the database, and each sample row carries
 * a marker that must turn up in what is written. A new kind fails to compile here (the samples are
 * typed over every kind) until it has a sample, and fails at run time until it has a writer.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import type { ActivityDeps } from '../../src/activities';
import { createProjectionActivities, fullBatch } from '../../src/activities/projection';
import { CORE_STATEMENT_WRITES, coreArgument, coreOnly } from '../../src/activities/projection-core';
import { ASSESSMENT_SECTIONS } from '../../src/domain/assessment';
import type { ApplicationView, ChangeRequestView } from '../../src/workflows/application/contract';
import {
  type PendingChangeRequestText,
  type PendingPlanRecord,
  type PersistBatch,
  RECORD_KINDS,
  type RecordKind,
  type RecordOf,
} from '../../src/workflows/application/projection-contract';

const AT = '2024-03-04T18:00:00.000Z';
const mark = (what: string): string => `marker-${what}`;
const markersIn = (value: unknown): string[] => JSON.stringify(value).match(/marker-[\w-]+/g) ?? [];

const view = (over: Partial<ApplicationView> = {}): ApplicationView => ({
  id: 'app-kinds',
  participantId: 'p-1',
  programs: ['ADULT'],
  office: 'LA-2703',
  caseManagerId: 'S-1',
  status: 'participating',
  eligibilityDate: '2024-02-20',
  participationDate: '2024-03-01',
  educationAtParticipation: 'none',
  lastServiceDate: null,
  exitClock: { state: 'running', softExitDate: null, softExitAt: null, daysRemaining: null },
  plannedBreak: null,
  activities: [],
  closure: null,
  exit: null,
  followUps: [],
  assessment: { status: 'not_started', sections: [], completedOn: null },
  plans: [],
  changeRequests: [],
  credentials: [],
  skillGains: [],
  version: 7,
  createdAt: AT,
  updatedAt: AT,
  ...over,
});

/** One sample of every kind of §8 plan text (typed over every kind: a new one needs a sample). */
const PLAN_RECORDS: { [K in PendingPlanRecord['kind']]: Extract<PendingPlanRecord, { kind: K }> } = {
  assessment_section: {
    kind: 'assessment_section',
    section: ASSESSMENT_SECTIONS[0],
    status: 'complete',
    summary: mark('assessment-summary'),
    updatedAt: AT,
    updatedBy: 'S-1',
  },
  goal_description: { kind: 'goal_description', planId: 'plan-1', goalId: 'goal-1', description: mark('goal-description') },
  objective_description: { kind: 'objective_description', planId: 'plan-1', objectiveId: 'obj-1', description: mark('objective-description') },
  objective_review: {
    kind: 'objective_review',
    id: 'rev-1',
    planId: 'plan-1',
    objectiveId: 'obj-1',
    reviewedOn: '2024-03-04',
    status: 'open',
    nextReviewDate: '2024-04-04',
    note: mark('review-note'),
    enteredOn: '2024-03-04',
    late: false,
    recordedBy: 'S-1',
    recordedAt: AT,
  },
};

const CHANGE_REQUEST_TEXTS: { [K in PendingChangeRequestText['kind']]: PendingChangeRequestText & { kind: K } } = {
  request: { changeRequestId: 'cr-1', kind: 'request', text: mark('request-reason'), by: 'S-1', at: AT },
  rejection: { changeRequestId: 'cr-1', kind: 'rejection', text: mark('rejection-reason'), by: 'S-SUP', at: AT },
};

/** Rows of every outbox kind, each with markers that must be written. */
const SAMPLES: { [K in RecordKind]: RecordOf<K>[] } = {
  caseNotes: [
    {
      id: 'note-1',
      activityId: null,
      contactDate: '2024-03-04',
      subject: mark('note-subject'),
      body: mark('note-body'),
      createdBy: 'S-1',
      createdAt: AT,
      enteredOn: '2024-03-04',
      late: false,
    },
  ],
  audit: [{ commandId: mark('audit-command'), command: 'addCaseNote', actorId: 'S-1', actorRole: 'staff', at: AT, summary: { noteId: 'note-1' } }],
  planRecords: Object.values(PLAN_RECORDS),
  changeRequestTexts: Object.values(CHANGE_REQUEST_TEXTS),
  credentials: [
    {
      id: mark('credential'),
      type: '5',
      attainedOn: '2024-03-01',
      activityId: 'act-1',
      verification: { method: 'verified', hasDocumentationRef: true },
      recordedBy: 'S-1',
      enteredOn: '2024-03-04',
      late: false,
      recordedAt: AT,
      documentationRef: mark('credential-documentation'),
    },
  ],
  skillGains: [
    {
      id: mark('skill-gain'),
      type: 'training_milestone',
      achievedOn: '2024-03-01',
      programYear: 'PY2023',
      activityId: 'act-1',
      recordedBy: 'S-1',
      enteredOn: '2024-03-04',
      late: false,
      recordedAt: AT,
      documentationRef: mark('skill-gain-documentation'),
    },
  ],
};

const rejectedRequest: ChangeRequestView = {
  id: 'cr-1',
  target: { kind: 'participation' },
  changes: { participationDate: '2024-02-28' },
  status: 'rejected',
  requestedBy: 'S-1',
  requestedAt: AT,
  decidedBy: 'S-SUP',
  decidedAt: AT,
};

/** What the view holds whenever the workflow sends rows of a kind (a change request's texts come with the request). */
const VIEW_WITH: Partial<Record<RecordKind, Partial<ApplicationView>>> = { changeRequestTexts: { changeRequests: [rejectedRequest] } };

const batchOf = <K extends RecordKind>(kind: K): PersistBatch => ({ view: view(VIEW_WITH[kind]), caseNotes: [], audit: [], [kind]: SAMPLES[kind] });

interface Write {
  target: string;
  method: string;
  args: unknown;
}

/** A stand-in for the database that records every write (reads find nothing; updates change one row). */
function recordingDb(): { db: ActivityDeps['db']; writes: Write[] } {
  const writes: Write[] = [];
  const reads: Record<string, unknown> = { findMany: [], findFirst: null, findUnique: null, count: 0, groupBy: [] };
  const model = (target: string) =>
    new Proxy(
      {},
      {
        get: (_t, method) =>
          typeof method !== 'string'
            ? undefined
            : async (args: unknown) => {
                if (method in reads) return reads[method];
                writes.push({ target, method, args });
                return /Many$/.test(method) ? { count: 1 } : {};
              },
      },
    );
  const tx = new Proxy({}, { get: (_t, name) => (typeof name === 'string' ? model(name) : undefined) });
  const db = {
    $transaction: async (fn: (t: unknown) => Promise<unknown>) => fn(tx),
    $queryRawUnsafe: async (sql: string, ...params: unknown[]) => {
      writes.push({ target: 'wioa_project_core', method: sql, args: params });
      return [{ applied: true }];
    },
  };
  return { db: db as unknown as ActivityDeps['db'], writes };
}

async function persist(batch: PersistBatch, projectionCore: boolean): Promise<Write[]> {
  const { db, writes } = recordingDb();
  const { persistApplication } = createProjectionActivities({ db, projectionCore } as ActivityDeps);
  await new MockActivityEnvironment().run(persistApplication, batch);
  return writes;
}

describe('every outbox kind reaches PostgreSQL', () => {
  it('the samples and the core statement list cover exactly the record kinds', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...RECORD_KINDS].sort());
    expect(Object.keys(CORE_STATEMENT_WRITES).sort()).toEqual([...RECORD_KINDS].sort());
    for (const kind of RECORD_KINDS) expect([kind, SAMPLES[kind].length > 0 && SAMPLES[kind].every((row) => markersIn(row).length > 0)]).toEqual([kind, true]);
  });

  it.each(RECORD_KINDS.map((kind) => [kind, CORE_STATEMENT_WRITES[kind] ? 'the core statement' : 'the Prisma path'] as const))(
    '%s: written by %s (the default), every row',
    async (kind) => {
      const writes = await persist(batchOf(kind), true);
      const core = writes.filter((w) => w.target === 'wioa_project_core');
      expect(coreOnly(fullBatch(batchOf(kind)))).toBe(CORE_STATEMENT_WRITES[kind]);
      expect(core).toHaveLength(CORE_STATEMENT_WRITES[kind] ? 1 : 0);
      if (CORE_STATEMENT_WRITES[kind]) expect(writes).toEqual(core);
      const written = JSON.stringify(writes);
      for (const marker of markersIn(SAMPLES[kind])) expect([kind, marker, written.includes(marker)]).toEqual([kind, marker, true]);
    },
  );

  it.each([...RECORD_KINDS])('%s: written by the Prisma path too (projectionCore off), every row', async (kind) => {
    const writes = await persist(batchOf(kind), false);
    expect(writes.filter((w) => w.target === 'wioa_project_core')).toEqual([]);
    const written = JSON.stringify(writes);
    for (const marker of markersIn(SAMPLES[kind])) expect([kind, marker, written.includes(marker)]).toEqual([kind, marker, true]);
  });

  it('the core statement carries the rows of the kinds it writes, and no batch with another kind reaches it', () => {
    const all = fullBatch({ view: view(), ...SAMPLES });
    expect(coreOnly(all)).toBe(false);
    const coreKinds = RECORD_KINDS.filter((k) => CORE_STATEMENT_WRITES[k]);
    const onlyCore = fullBatch({ view: view(), caseNotes: [], audit: [], ...Object.fromEntries(coreKinds.map((k) => [k, SAMPLES[k]])) });
    expect(coreOnly(onlyCore)).toBe(true);
    const argument = JSON.stringify(coreArgument(onlyCore));
    for (const kind of coreKinds)
      for (const marker of markersIn(SAMPLES[kind])) expect([kind, marker, argument.includes(marker)]).toEqual([kind, marker, true]);
  });

  it('a batch scheduled before the one outbox (credentials and skill gains under `outcomes`) is written too', async () => {
    const legacy: PersistBatch = { view: view(), caseNotes: [], audit: [], outcomes: { credentials: SAMPLES.credentials, skillGains: SAMPLES.skillGains } };
    const written = JSON.stringify(await persist(legacy, true));
    for (const marker of markersIn(legacy.outcomes)) expect([marker, written.includes(marker)]).toEqual([marker, true]);
  });
});
