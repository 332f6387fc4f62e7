/**
 * The projection activity on real PostgreSQL, fed with the real batches a workflow sent: the
 * `persistApplication` inputs recorded in the committed `follow-up-year` histories (every run) (a year from
 * application to four resolved follow-ups). Retried and replayed batches never duplicate a row, and an
 * older view never overwrites a newer one.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities } from '../../src/activities';
import type { PersistBatch } from '../../src/activities/projection';
import { createDb, type Db } from '../../src/db/client';
import { createTestDatabase, type TestDatabase } from '../../src/db/test-database';
import { createLogger } from '../../src/logger';
import { recordedBatches } from '../helpers/fixture-batches';

let batches: PersistBatch[] = [];

let database: TestDatabase;
let db: Db;
let persist: (batch: PersistBatch) => Promise<{ applied: boolean }>;
const env = new MockActivityEnvironment();

beforeAll(async () => {
  batches = await recordedBatches('follow-up-year');
  database = await createTestDatabase('activities');
  db = createDb(database.url);
  const first = batches[0]!.view;
  await db.participant.create({ data: { id: first.participantId, firstName: 'F', lastName: 'L', birthDate: new Date('1977-05-25'), createdBy: 'S-1' } });
  const { persistApplication } = createActivities({ db, logger: createLogger('silent') });
  persist = (batch) => env.run(persistApplication, batch);
});
afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

const counts = async (id: string) => ({
  caseNotes: await db.caseNote.count({ where: { applicationId: id } }),
  audit: await db.auditEntry.count({ where: { applicationId: id } }),
  activities: await db.activity.count({ where: { applicationId: id } }),
  followUps: await db.followUp.count({ where: { applicationId: id } }),
});

describe('persistApplication', () => {
  it('the recorded batches are a whole case: many batches, case notes, audit entries, four follow-ups', () => {
    expect(batches.length).toBeGreaterThan(10);
    expect(batches.some((b) => b.caseNotes.length > 0)).toBe(true);
    expect(batches.at(-1)!.view.status).toBe('completed');
  });

  it('projects every batch in order, ending with the completed case and all its rows', async () => {
    for (const batch of batches) await persist(batch);
    const last = batches.at(-1)!.view;
    const row = await db.application.findUniqueOrThrow({ where: { id: last.id } });
    expect({ status: row.status, version: row.version, exitDate: row.exitDate?.toISOString().slice(0, 10) }).toEqual({
      status: 'completed',
      version: last.version,
      exitDate: last.exit!.exitDate,
    });
    expect(await counts(last.id)).toEqual({
      caseNotes: batches.reduce((n, b) => n + b.caseNotes.length, 0),
      audit: batches.reduce((n, b) => n + b.audit.length, 0),
      activities: last.activities.length,
      followUps: 4,
    });
    const followUps = await db.followUp.findMany({ where: { applicationId: last.id }, orderBy: { quarter: 'asc' } });
    expect(followUps.map((f) => f.status)).toEqual(last.followUps.map((f) => f.status));
  });

  it('a retried or replayed batch writes nothing twice, and an older view never overwrites a newer one', async () => {
    const last = batches.at(-1)!.view;
    const before = await counts(last.id);
    for (const batch of [...batches].reverse()) {
      const { applied } = await persist(batch);
      expect(applied).toBe(false); // every view is at most as new as the projected one
    }
    expect(await counts(last.id)).toEqual(before);
    const row = await db.application.findUniqueOrThrow({ where: { id: last.id } });
    expect([row.status, row.version]).toEqual(['completed', last.version]);
  });
});
