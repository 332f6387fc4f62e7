/**
 * The change-request and timed-entry projections (R-DCR-1/2, R-TIMELY-3) on real PostgreSQL, fed with
 * the real batches of the committed `change-request-soft-exit` histories, every run (decoded with the development
 * codec key it was recorded with): the reason lands in `change_requests`, statuses follow the view,
 * timed entries are written once, and retried or older batches change nothing.
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
  batches = await recordedBatches('change-request-soft-exit');
  database = await createTestDatabase('crproj');
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

describe('change-request and timed-entry projections', () => {
  it('R-DCR-1/R-DCR-2 the recorded case projects an approved request with its reason; the view never held the reason', async () => {
    expect(batches.some((b) => (b.changeRequestTexts ?? []).length > 0)).toBe(true);
    expect(batches.every((b) => !JSON.stringify(b.view).includes('The last session was on the 20th.'))).toBe(true);
    for (const batch of batches) await persist(batch);
    const last = batches.at(-1)!.view;
    const rows = await db.changeRequest.findMany({ where: { applicationId: last.id } });
    expect(rows).toEqual([
      expect.objectContaining({
        status: 'approved',
        targetKind: 'activity',
        reason: 'The last session was on the 20th.',
        decidedBy: 'S-DEV-SUPERVISOR',
        changes: { actualEndDate: '2024-01-20' },
      }),
    ]);
  });

  it('R-TIMELY-3 every timed entry of the case is written once; retried and older batches change nothing', async () => {
    const last = batches.at(-1)!.view;
    const entries = async () =>
      (await db.timedEntry.findMany({ where: { applicationId: last.id }, orderBy: [{ kind: 'asc' }, { entryId: 'asc' }] })).map((e) => [
        e.kind,
        e.staffId,
        e.datedOn.toISOString().slice(0, 10),
        e.enteredOn.toISOString().slice(0, 10),
        e.late,
      ]);
    // Participation (dated and entered 2024-01-10), its close, and participation's case note.
    expect(await entries()).toEqual([
      ['activity', 'S-DEV-STAFF', '2024-01-03', '2024-01-10', false],
      ['activity_close', 'S-DEV-STAFF', '2024-01-10', '2024-01-10', false],
      ['case_note', 'S-DEV-STAFF', '2024-01-03', '2024-01-10', true],
    ]);
    const before = { entries: await entries(), requests: await db.changeRequest.findMany({ where: { applicationId: last.id } }) };
    for (const batch of [...batches].reverse()) await persist(batch);
    expect({ entries: await entries(), requests: await db.changeRequest.findMany({ where: { applicationId: last.id } }) }).toEqual(before);
  });
});
