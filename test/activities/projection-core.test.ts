/**
 * Issue 18's projection hot path: `wioa_project_core` (one statement) must write exactly what the
 * Prisma transaction writes. Both paths get the same real batches — every `persistApplication` input
 * recorded in the committed histories, in order, then again in reverse (older views, retries), plus
 * synthetic batches that open, re-open, resolve and reassign alerts — each path into its own database,
 * and every row of every table they write is compared.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { type Payload, defaultPayloadConverter } from '@temporalio/common';
import { testDataConverter } from '../helpers/temporal';
import { createActivities } from '../../src/activities';
import { type PersistBatch, fullBatch } from '../../src/activities/projection';
import { coreOnly } from '../../src/activities/projection-core';
import { createDb, type Db } from '../../src/db/client';
import { createTestDatabase, type TestDatabase } from '../../src/db/test-database';
import { createLogger } from '../../src/logger';
import { listHistoryFixtures } from '../../src/replay/histories';

/** The recorded batches of every application history (encrypted ones decoded with the test keys), by fixture. */
let recorded: Array<{ name: string; batches: PersistBatch[] }> = [];

async function recordedBatches(): Promise<Array<{ name: string; batches: PersistBatch[] }>> {
  const codecs = testDataConverter().payloadCodecs ?? [];
  const decode = async (payload: Payload): Promise<PersistBatch> => {
    let p: Payload = payload;
    for (const codec of [...codecs].reverse()) p = (await codec.decode([p]))[0]!;
    return defaultPayloadConverter.fromPayload<PersistBatch>(p);
  };
  const out = [];
  for (const f of listHistoryFixtures()) {
    const inputs = (f.history.events ?? [])
      .map((e) => e.activityTaskScheduledEventAttributes)
      .filter((a) => a?.activityType?.name === 'persistApplication')
      .map((a) => a!.input!.payloads![0]!);
    if (inputs.length > 0) out.push({ name: f.name, batches: await Promise.all(inputs.map((p) => decode(p as Payload))) });
  }
  return out;
}

/** Alerts opened, changed, resolved and reassigned on top of a recorded case (versions after its last). */
function alertBatches(last: PersistBatch): PersistBatch[] {
  const at = (days: number): string => new Date(Date.parse(last.view.updatedAt) + days * 86_400_000).toISOString();
  const step = (n: number, caseManagerId: string | null, alerts: PersistBatch['alerts']): PersistBatch => ({
    view: { ...last.view, version: last.view.version + n, updatedAt: at(n), caseManagerId },
    caseNotes: [],
    audit: [],
    ...(alerts ? { alerts } : {}),
  });
  const a1 = { type: 'no_service_30_days', subjectKey: '', since: '2024-02-01', detail: { lastServiceDate: '2024-01-01' } } as never;
  const a2 = { type: 'follow_up_due_soon', subjectKey: 'q1', since: '2024-02-03', detail: { dueDate: '2024-02-10' } } as never;
  const a2changed = { type: 'follow_up_due_soon', subjectKey: 'q1', since: '2024-02-03', detail: { dueDate: '2024-02-11' } } as never;
  return [
    step(1, 'S-1', [a1, a2]),
    step(2, 'S-1', [a1, a2changed]), // detail changed
    step(3, 'S-2', [a2changed]), // a1 resolved, a2 moves to the new case manager
    step(4, 'S-3', []), // everything resolved; the resolved rows follow the case manager
    step(5, 'S-3', [a1]), // a1 re-opened in place
    step(6, 'S-3', undefined), // a batch without alerts leaves the table alone
  ];
}

const TABLES: Record<string, string> = {
  applications: `SELECT to_jsonb(t) - 'created_at' - 'updated_at' AS r FROM applications t ORDER BY id`,
  activities: `SELECT to_jsonb(t) - 'updated_at' AS r FROM activities t ORDER BY id`,
  follow_ups: `SELECT to_jsonb(t) - 'updated_at' AS r FROM follow_ups t ORDER BY application_id, quarter`,
  case_notes: `SELECT to_jsonb(t) AS r FROM case_notes t ORDER BY id`,
  audit_entries: `SELECT to_jsonb(t) - 'id' AS r FROM audit_entries t ORDER BY application_id, command_id`,
  alerts: `SELECT to_jsonb(t) - 'id' AS r FROM alerts t ORDER BY application_id, type, subject_key`,
  timed_entries: `SELECT to_jsonb(t) AS r FROM timed_entries t ORDER BY application_id, kind, entry_id`,
};

interface Side {
  database: TestDatabase;
  db: Db;
  persist: (batch: PersistBatch) => Promise<{ applied: boolean }>;
}
const env = new MockActivityEnvironment();
let prisma: Side;
let core: Side;

async function side(name: string, projectionCore: boolean): Promise<Side> {
  const database = await createTestDatabase(name);
  const db = createDb(database.url);
  const { persistApplication } = createActivities({ db, logger: createLogger('silent'), projectionCore });
  const participants = new Set(recorded.flatMap((f) => f.batches.map((b) => b.view.participantId)));
  await db.participant.createMany({
    data: [...participants].map((id) => ({ id, firstName: 'F', lastName: 'L', birthDate: new Date('1977-05-25'), createdBy: 'S-1' })),
  });
  return { database, db, persist: (batch) => env.run(persistApplication, batch) };
}

async function dump(s: Side): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [table, sql] of Object.entries(TABLES)) out[table] = (await s.db.$queryRawUnsafe<Array<{ r: unknown }>>(sql)).map((x) => x.r);
  return out;
}

async function both(batch: PersistBatch): Promise<void> {
  const [a, b] = await Promise.all([prisma.persist(batch), core.persist(batch)]);
  expect({ version: batch.view.version, applied: b.applied }).toEqual({ version: batch.view.version, applied: a.applied });
}

beforeAll(async () => {
  recorded = await recordedBatches();
  [prisma, core] = await Promise.all([side('projection-prisma', false), side('projection-core', true)]);
});
afterAll(async () => {
  for (const s of [prisma, core]) {
    await s?.db.$disconnect();
    await s?.database.drop();
  }
});

describe('wioa_project_core writes what the Prisma path writes', () => {
  it('the recorded batches are many cases, and most of their batches take the one-statement path', () => {
    const all = recorded.flatMap((f) => f.batches);
    expect(recorded.length).toBeGreaterThanOrEqual(8);
    expect(all.filter((b) => coreOnly(fullBatch(b))).length).toBeGreaterThan(all.length / 2);
    expect(all.some((b) => !coreOnly(fullBatch(b)))).toBe(true); // plans and outcomes still go the Prisma way
    expect(all.some((b) => (b.alerts?.length ?? 0) > 0)).toBe(true);
    expect(all.some((b) => b.caseNotes.length > 0 && coreOnly(fullBatch(b)))).toBe(true);
  });

  it('every recorded batch in order: the same rows in every table', async () => {
    for (const f of recorded) for (const batch of f.batches) await both(batch);
    const [a, b] = await Promise.all([dump(prisma), dump(core)]);
    expect(a.applications!.length).toBe(new Set(recorded.flatMap((f) => f.batches.map((x) => x.view.id))).size);
    expect(a.timed_entries!.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
  });

  it('then every batch again in reverse (older views and retries): nothing applied, nothing written twice', async () => {
    const before = await dump(core);
    for (const f of recorded) for (const batch of [...f.batches].reverse()) await both(batch);
    const [a, b] = await Promise.all([dump(prisma), dump(core)]);
    expect(b).toEqual(a);
    expect(b).toEqual(before);
  });

  it('alerts opened, changed, resolved, re-opened and reassigned with the case manager: the same rows', async () => {
    const target = recorded.find((f) => f.batches.every((b) => coreOnly(fullBatch(b))))!;
    for (const batch of alertBatches(target.batches.at(-1)!)) {
      await both(batch);
      const [a, b] = await Promise.all([dump(prisma), dump(core)]);
      expect(b.alerts).toEqual(a.alerts);
      expect(b.applications).toEqual(a.applications);
    }
    const rows = (await dump(core)).alerts!.filter((r) => (r as { application_id: string }).application_id === target.batches[0]!.view.id);
    expect(rows.map((r) => (r as { status: string; case_manager_id: string }).status).sort()).toEqual(['open', 'resolved']);
    expect(new Set(rows.map((r) => (r as { case_manager_id: string }).case_manager_id))).toEqual(new Set(['S-3']));
  });
});
