/** R-TIMELY-3 source: timedEntriesOf lists every dated entry of a view and a batch (pure, no database). */
import { timedEntriesOf } from '../../src/activities/timeliness-projection';
import type { ApplicationView } from '../../src/workflows/application/contract';
import type { PendingCaseNote } from '../../src/workflows/application/projection-contract';

const view = {
  id: 'A1',
  office: 'LA-2703',
  activities: [
    {
      id: 'a1',
      entries: {
        begin: { datedOn: '2024-11-22', enteredOn: '2024-12-03', late: true, enteredBy: 'S-1' },
        close: { datedOn: '2024-12-03', enteredOn: '2024-12-03', late: false, enteredBy: 'S-2' },
      },
    },
    { id: 'a2' }, // recorded before timeliness existed: no entry
  ],
  closure: { datedOn: '2024-12-03', enteredOn: '2024-12-04', late: false, recordedBy: 'S-1' },
  followUps: [{ quarter: 2, enteredOn: '2025-05-10', late: true, completion: { actualDate: '2025-05-01', recordedBy: 'S-3' } }, { quarter: 3 }],
  credentials: [{ id: 'c1', attainedOn: '2024-07-01', enteredOn: '2024-07-10', late: true, recordedBy: 'S-1' }],
  skillGains: [{ id: 'g1', achievedOn: '2024-07-01', enteredOn: '2024-07-09', late: false, recordedBy: 'S-2' }],
} as unknown as ApplicationView;
const notes = [
  { id: 'n1', contactDate: '2024-11-27', createdBy: 'S-1', enteredOn: '2024-12-03', late: true },
  { id: 'n0', contactDate: '2024-11-27', createdBy: 'S-1' }, // before timeliness
] as unknown as PendingCaseNote[];

describe('timedEntriesOf', () => {
  it("R-TIMELY-3 lists activity begins and closes, the closure, follow-up completions, credentials, skill gains and the batch's case notes; entries without enteredOn are left out", () => {
    expect(timedEntriesOf(view, notes).map((e) => [e.kind, e.entryId, e.staffId, e.datedOn, e.enteredOn, e.late])).toEqual([
      ['activity', 'a1', 'S-1', '2024-11-22', '2024-12-03', true],
      ['activity_close', 'a1', 'S-2', '2024-12-03', '2024-12-03', false],
      ['closure', 'closure', 'S-1', '2024-12-03', '2024-12-04', false],
      ['follow_up', 'q2', 'S-3', '2025-05-01', '2025-05-10', true],
      ['credential', 'c1', 'S-1', '2024-07-01', '2024-07-10', true],
      ['skill_gain', 'g1', 'S-2', '2024-07-01', '2024-07-09', false],
      ['case_note', 'n1', 'S-1', '2024-11-27', '2024-12-03', true],
    ]);
    expect(new Set(timedEntriesOf(view, notes).map((e) => `${e.applicationId}/${e.office}`))).toEqual(new Set(['A1/LA-2703']));
  });
});
