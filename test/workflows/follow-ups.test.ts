/**
 * Quarterly follow-ups as child workflows (R-FU-1…7) on the time-skipping server, clock starting at
 * the SPEC's dates.
 */
import type { WorkflowHandle } from '@temporalio/client';
import {
  closeActivity,
  declineFollowUps,
  recordClosure,
  recordParticipation,
  addActivity,
  approvePlannedBreak,
  requestPlannedBreak,
  followUpWorkflowId,
} from '../../src/workflows/application/contract';
import { completeFollowUp, getFollowUp, recordContactAttempt } from '../../src/workflows/follow-up/contract';
import { type CaseRun, STAFF, SUPERVISOR, entry, casesStoppedAfterEach, rejection } from '../helpers/workflow-driver';
import { waitFor } from '../helpers/wait';

const newCase = casesStoppedAfterEach();

/** A case with L = `L`, exited at L + 91 (00:00:30 agency time). */
async function exitedCase(startAt: string, participationDate: string, L: string, exitAt: string, closure = false): Promise<CaseRun> {
  const run = await newCase(startAt, { eligibilityDate: '2021-01-01' });
  const p = await run.send(recordParticipation, {
    participationDate,
    activity: { code: '101', entry: entry('101'), program: 'ADULT', projectedEndDate: L, caseNote: 'Assessment.' },
  });
  await run.send(closeActivity, { activityId: p.activity!.id, actualEndDate: L, completionCode: 'successful' });
  if (closure) {
    await run.send(recordClosure, {
      closureStatus: 'employed',
      employment: { employer: 'Acme Tools', occupation: 'Machinist', hourlyWage: 24.5, hoursPerWeek: 40 },
    });
  }
  await run.advanceTo(exitAt);
  await waitFor(async () => (await run.view()).followUps.length === 4);
  return run;
}

const child = (run: CaseRun, q: number): WorkflowHandle => run.env.client.workflow.getHandle(followUpWorkflowId(run.applicationId, q));
const attempt = (run: CaseRun, q: number, date: string, actor = STAFF) =>
  child(run, q).executeUpdate(recordContactAttempt, { args: [{ actor, payload: { date, time: '10:30', type: 'phone', outcome: 'no_answer' } }] });
const complete = (run: CaseRun, q: number, payload: Record<string, unknown>, actor = STAFF) =>
  child(run, q).executeUpdate(completeFollowUp, { args: [{ actor, payload: payload as never }] });

describe('R-FU-1: exactly four children with the SPEC due dates', () => {
  it.each([
    ['2024-01-10', '2024-01-10T18:00:00Z', '2024-01-02', '2024-04-10T07:00:30Z', ['2024-06-30', '2024-09-30', '2024-12-31', '2025-03-31']],
    ['2021-07-22', '2021-07-22T20:00:00Z', '2021-06-24', '2021-10-21T07:00:30Z', ['2021-12-31', '2022-03-31', '2022-06-30', '2022-09-30']],
    ['2021-12-31', '2021-12-31T20:00:00Z', '2021-12-01', '2022-04-01T07:00:30Z', ['2022-03-31', '2022-06-30', '2022-09-30', '2022-12-31']],
    ['2022-01-01', '2022-01-01T20:00:00Z', '2021-12-05', '2022-04-02T07:00:30Z', ['2022-06-30', '2022-09-30', '2022-12-31', '2023-03-31']],
  ])('exit date %s', async (L, startAt, participation, exitAt, dues) => {
    const run = await exitedCase(startAt, participation, L, exitAt);
    const view = await run.view();
    expect(view.exit!.exitDate).toBe(L);
    expect(view.followUps.map((f) => f.dueDate)).toEqual(dues);
    for (const [i, due] of dues.entries()) {
      const d = await child(run, i + 1).describe();
      expect(d.status.name).toBe('RUNNING');
      const fu = await child(run, i + 1).query(getFollowUp);
      expect(fu).toMatchObject({ quarter: i + 1, dueDate: due });
    }
    await expect(child(run, 5).describe()).rejects.toThrow();
  });
});

describe('follow-up lifecycle', () => {
  it('R-FU-3/R-FU-4: contact attempts never change the status; completion with employment completes q1; prefilled from closure (R-CLOSE-1)', async () => {
    const run = await exitedCase('2024-01-10T18:00:00Z', '2024-01-02', '2024-01-10', '2024-04-10T07:00:30Z', true);
    expect((await run.view()).followUps[0]!.prefill).toMatchObject({ employer: 'Acme Tools' });
    await run.advanceTo('2024-05-01T18:00:00Z');
    const after = await attempt(run, 1, '2024-05-01');
    expect(after).toMatchObject({ status: 'required', contactAttempts: [{ date: '2024-05-01', outcome: 'no_answer' }] });
    expect((await run.view()).followUps[0]!.contactAttempts).toHaveLength(1); // read-your-writes on the application
    expect(
      await rejection(complete(run, 1, { actualDate: '2024-03-31', contactType: 'phone', workedInQuarter: true, employers: [{ name: 'Acme Tools' }] })),
    ).toBe('FOLLOW_UP_DATE_BEFORE_QUARTER');
    expect(
      await rejection(complete(run, 1, { actualDate: '2024-05-02', contactType: 'phone', workedInQuarter: true, employers: [{ name: 'Acme Tools' }] })),
    ).toBe('FUTURE_DATE');
    expect(await rejection(complete(run, 1, { actualDate: '2024-05-01', contactType: 'phone', workedInQuarter: false }))).toBe('STATUS_AT_FOLLOW_UP_REQUIRED');
    const done = await complete(run, 1, {
      actualDate: '2024-05-01',
      contactType: 'phone',
      workedInQuarter: true,
      employers: [{ name: 'Acme Tools', hourlyWage: 25 }],
    });
    expect(done).toMatchObject({ status: 'completed', completedOn: '2024-05-01', completion: { late: false } });
    expect((await child(run, 1).describe()).status.name).toBe('COMPLETED');
    await waitFor(async () => (await run.view()).followUps[0]!.status === 'completed');
  });

  it('R-FU-5: after the due date a follow-up is overdue and a late completion is marked late', async () => {
    const run = await exitedCase('2024-01-10T18:00:00Z', '2024-01-02', '2024-01-10', '2024-04-10T07:00:30Z');
    await run.advanceTo('2024-06-30T18:00:00Z');
    expect((await run.view()).followUps[0]!.status).toBe('required'); // due date itself: still required
    await run.advanceTo('2024-07-01T07:00:30Z');
    await waitFor(async () => (await run.view()).followUps[0]!.status === 'overdue');
    const done = await complete(run, 1, { actualDate: '2024-06-20', contactType: 'in_person', workedInQuarter: false, statusAtFollowUp: 'in_education' });
    expect(done).toMatchObject({ status: 'completed', completion: { late: true, statusAtFollowUp: 'in_education' } });
  });

  it('R-FU-4: cannot_locate needs ≥ 3 contact attempts, or a supervisor override', async () => {
    const run = await exitedCase('2024-01-10T18:00:00Z', '2024-01-02', '2024-01-10', '2024-04-10T07:00:30Z');
    await run.advanceTo('2024-06-01T18:00:00Z');
    const cannotLocate = { actualDate: '2024-06-01', contactType: 'phone', workedInQuarter: false, statusAtFollowUp: 'cannot_locate' };
    await attempt(run, 1, '2024-05-20');
    await attempt(run, 1, '2024-05-27');
    expect(await rejection(complete(run, 1, cannotLocate))).toBe('CONTACT_ATTEMPTS_REQUIRED');
    expect(await rejection(complete(run, 1, { ...cannotLocate, overrideReason: 'Moved out of state' }, STAFF))).toBe('SUPERVISOR_REQUIRED');
    await attempt(run, 1, '2024-06-01');
    expect((await complete(run, 1, cannotLocate)).status).toBe('completed');
    // q2 with a supervisor override and only one attempt
    await run.advanceTo('2024-08-01T18:00:00Z');
    await attempt(run, 2, '2024-08-01');
    const overridden = await complete(
      run,
      2,
      { ...cannotLocate, actualDate: '2024-08-01', overrideReason: 'Returned mail, no forwarding address' },
      SUPERVISOR,
    );
    expect(overridden).toMatchObject({ status: 'completed', completion: { overrideReason: 'Returned mail, no forwarding address' } });
  });

  it('R-FU-5: declining ends every open follow-up; completed ones stay completed', async () => {
    const run = await exitedCase('2024-01-10T18:00:00Z', '2024-01-02', '2024-01-10', '2024-04-10T07:00:30Z');
    await run.advanceTo('2024-05-01T18:00:00Z');
    await complete(run, 1, { actualDate: '2024-05-01', contactType: 'phone', workedInQuarter: true, employers: [{ name: 'Acme' }] });
    const res = await run.send(declineFollowUps, { date: '2024-05-01', caseNote: 'Participant asked not to be contacted.' });
    expect(res.application.followUps.map((f) => f.status)).toEqual(['completed', 'declined', 'declined', 'declined']);
    // R-FU-7 / R-CRED-3: all four are resolved, but the case completes only after its credential window
    // (exit 2024-01-10 + 1 year): the day after, 2025-01-11 00:00 in Los Angeles.
    expect((await run.view()).status).toBe('exited');
    await run.advanceTo('2025-01-11T08:00:30Z');
    await waitFor(async () => (await run.handle.describe()).status.name === 'COMPLETED');
    const final = await run.handle.result();
    expect(final.status).toBe('completed');
    for (const q of [2, 3, 4]) expect((await child(run, q).query(getFollowUp)).status).toBe('declined');
    // The workflow has completed: the API answers 409 APPLICATION_EXITED for this (test/api).
    await expect(run.send(declineFollowUps, { date: '2024-05-01', caseNote: 'again' })).rejects.toMatchObject({ name: 'WorkflowNotFoundError' });
  });

  it('R-FU-5/R-FU-7: a full year untouched: each quarter goes missed after the 90-day grace, then the application completes', async () => {
    const run = await exitedCase('2024-01-10T18:00:00Z', '2024-01-02', '2024-01-10', '2024-04-10T07:00:30Z');
    await run.advanceTo('2024-09-28T18:00:00Z'); // q1: due 06-30, missed from 09-29 (due + 90 + 1)
    expect((await run.view()).followUps[0]!.status).toBe('overdue');
    await run.advanceTo('2024-09-29T07:00:30Z');
    await waitFor(async () => (await run.view()).followUps[0]!.status === 'missed');
    // Then the other three quarters in one skip (q2 missed 12-30, q3 04-01, q4 07-01): every follow-up
    // timer and alert re-check on the way, several at the same agency midnight (the race that wedged
    // the time-skipping server before timers-never-cancelled-v1, docs/testing.md).
    await run.advanceTo('2025-07-01T07:00:30Z');
    await waitFor(async () => (await run.view()).status === 'completed');
    expect((await run.view()).followUps.map((f) => f.status)).toEqual(['missed', 'missed', 'missed', 'missed']);
    expect((await run.handle.describe()).status.name).toBe('COMPLETED');
  });

  it('R-FU-2: planned-break exit with an already-overdue first quarter (SPEC vector: q1 due 2024-06-30 created overdue)', async () => {
    const run = await newCase('2024-01-10T18:00:00Z');
    const p = await run.send(recordParticipation, {
      participationDate: '2024-01-02',
      activity: { code: '101', entry: entry('101'), program: 'ADULT', projectedEndDate: '2024-01-10', caseNote: 'Assessment.' },
    });
    await run.send(closeActivity, { activityId: p.activity!.id, actualEndDate: '2024-01-10', completionCode: 'successful' });
    const future = (
      await run.send(addActivity, {
        code: '328',
        entry: entry('328'),
        program: 'ADULT',
        projectedBeginDate: '2024-06-15',
        projectedEndDate: '2024-12-15',
        caseNote: 'Training.',
      })
    ).activity!;
    const { plannedBreak } = await run.send(requestPlannedBreak, {
      reason: 'training_delay',
      resumeDate: '2024-06-15',
      activityId: future.id,
      caseNote: 'Cohort.',
    });
    await run.send(approvePlannedBreak, { breakId: plannedBreak!.id }, SUPERVISOR);
    await run.advanceTo('2024-07-09T07:00:30Z');
    await waitFor(async () => (await run.view()).followUps.length === 4);
    const view = await run.view();
    expect(view.exit).toMatchObject({ type: 'soft', exitDate: '2024-01-10' });
    expect(view.followUps.map((f) => [f.dueDate, f.status])).toEqual([
      ['2024-06-30', 'overdue'],
      ['2024-09-30', 'required'],
      ['2024-12-31', 'required'],
      ['2025-03-31', 'required'],
    ]);
    expect((await child(run, 1).query(getFollowUp)).status).toBe('overdue');
  });

  it('R-FU-7, R-ABUSE-2: children are started detached (parent close policy ABANDON: the exited case may continue as new), to report changes (server behaviour: test/e2e/follow-up-orphans.test.ts)', async () => {
    const run = await exitedCase('2024-01-10T18:00:00Z', '2024-01-02', '2024-01-10', '2024-04-10T07:00:30Z');
    const { events } = await run.handle.fetchHistory();
    const starts = events!.map((e) => e.startChildWorkflowExecutionInitiatedEventAttributes).filter(Boolean);
    expect(starts.map((s) => s!.workflowId)).toEqual([1, 2, 3, 4].map((q) => followUpWorkflowId(run.applicationId, q)));
    // temporal.api.enums.v1.ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON = 2 (before bounded-follow-up-year-v1: TERMINATE = 1, test/replay)
    for (const s of starts) expect(s!.parentClosePolicy).toBe(2);
  });
});
