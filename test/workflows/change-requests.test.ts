/**
 * Data change requests (R-DCR-1 … R-DCR-3) and entry timeliness (R-TIMELY-1, R-TIMELY-2) in the
 * application workflow, on the time-skipping server (activities are recording fakes).
 */
import {
  addActivity,
  addCaseNote,
  approveDataChange,
  closeActivity,
  recordClosure,
  recordExclusionaryExit,
  recordParticipation,
  rejectDataChange,
  requestDataChange,
} from '../../src/workflows/application/contract';
import { completeFollowUp } from '../../src/workflows/follow-up/contract';
import { timedEntriesOf } from '../../src/activities/timeliness-projection';
import { type CaseRun, STAFF, SUPERVISOR, SUPERVISOR_2, entry, casesStoppedAfterEach, participateAndClose, rejection } from '../helpers/workflow-driver';
import { waitFor } from '../helpers/wait';

const newCase = casesStoppedAfterEach();

const audits = (run: CaseRun) => run.batches.flatMap((b) => b.audit);
const texts = (run: CaseRun) => run.batches.flatMap((b) => b.changeRequestTexts ?? []);

describe('data change requests on the workflow', () => {
  it('R-DCR-2 vector: L corrected 2024-01-10 → 2024-01-20 on 2024-02-01 moves the soft exit 2024-04-10 → 2024-04-20 (00:00 agency time); before/after audited', async () => {
    const run = await newCase('2024-01-10T18:00:00Z');
    const a1 = await participateAndClose(run, '2024-01-03', '2024-01-10');
    expect((await run.view()).exitClock).toMatchObject({ softExitDate: '2024-04-10', softExitAt: '2024-04-10T07:00:00.000Z' });
    await run.advanceTo('2024-02-01T18:00:00Z');

    const requested = await run.send(
      requestDataChange,
      { target: { kind: 'activity', activityId: a1 }, changes: { actualEndDate: '2024-01-20' }, reason: 'Typo: the workshop ended on the 20th.' },
      STAFF,
    );
    expect(requested.changeRequest).toMatchObject({
      status: 'pending',
      requestedBy: STAFF.staffId,
      decidedBy: null,
      target: { kind: 'activity', activityId: a1 },
      changes: { actualEndDate: '2024-01-20' },
    });
    // Pending: nothing changes yet; the reason is not in the view.
    expect(requested.application.exitClock.softExitDate).toBe('2024-04-10');
    expect(JSON.stringify(requested.application)).not.toContain('Typo');

    const approved = await run.send(approveDataChange, { requestId: requested.changeRequest!.id }, SUPERVISOR);
    expect(approved.changeRequest).toMatchObject({ status: 'approved', decidedBy: SUPERVISOR.staffId });
    expect(approved.application.activities[0]!.actualEndDate).toBe('2024-01-20');
    expect(approved.application.exitClock).toMatchObject({ softExitDate: '2024-04-20', softExitAt: '2024-04-20T07:00:00.000Z' });
    expect(approved.application.changeRequests).toEqual([expect.objectContaining({ id: requested.changeRequest!.id, status: 'approved' })]);

    // The timer re-armed: nothing happens at the old soft exit, the exit comes at the new one with exit date L'.
    await run.advanceTo('2024-04-10T07:00:30Z');
    expect((await run.view()).status).toBe('participating');
    await run.advanceTo('2024-04-20T07:00:30Z');
    await waitFor(async () => (await run.view()).status === 'exited', 10_000, 'soft exit');
    expect((await run.view()).exit).toMatchObject({ type: 'soft', exitDate: '2024-01-20' });

    await waitFor(async () => audits(run).some((a) => a.command === 'approveDataChange'), 10_000, 'approval audited');
    expect(audits(run).find((a) => a.command === 'approveDataChange')!.summary).toMatchObject({
      changeRequestId: requested.changeRequest!.id,
      'actualEndDate.before': '2024-01-10',
      'actualEndDate.after': '2024-01-20',
    });
    expect(texts(run)).toEqual([
      expect.objectContaining({ changeRequestId: requested.changeRequest!.id, kind: 'request', text: 'Typo: the workshop ended on the 20th.' }),
    ]);
  });

  it('R-DCR-2 self-approval is refused (SELF_APPROVAL), staff cannot decide, another supervisor rejects with a reason; a decided request stays decided', async () => {
    const run = await newCase('2024-01-10T18:00:00Z');
    const a1 = await participateAndClose(run, '2024-01-03', '2024-01-10');
    const r = (
      await run.send(
        requestDataChange,
        { target: { kind: 'activity', activityId: a1 }, changes: { completionCode: 'unsuccessful' }, reason: 'Wrong outcome.' },
        SUPERVISOR,
      )
    ).changeRequest!;
    expect(await rejection(run.send(approveDataChange, { requestId: r.id }, SUPERVISOR))).toBe('SELF_APPROVAL');
    expect(await rejection(run.send(approveDataChange, { requestId: r.id }, STAFF))).toBe('SUPERVISOR_REQUIRED');
    expect(await rejection(run.send(rejectDataChange, { requestId: r.id, reason: '  ' }, SUPERVISOR_2))).toBe('REASON_REQUIRED');
    const rejected = await run.send(rejectDataChange, { requestId: r.id, reason: 'The record is right.' }, SUPERVISOR_2);
    expect(rejected.changeRequest).toMatchObject({ status: 'rejected', decidedBy: SUPERVISOR_2.staffId });
    expect(rejected.application.activities[0]!.completionCode).toBe('successful');
    expect(await rejection(run.send(approveDataChange, { requestId: r.id }, SUPERVISOR_2))).toBe('CHANGE_REQUEST_NOT_PENDING');
    expect(await rejection(run.send(approveDataChange, { requestId: 'nope' }, SUPERVISOR_2))).toBe('CHANGE_REQUEST_NOT_FOUND');
  });

  it('R-DCR-1 validated again at approval: a request that no longer fits the application is refused then', async () => {
    const run = await newCase('2024-01-10T18:00:00Z');
    const a1 = await participateAndClose(run, '2024-01-03', '2024-01-10');
    // Both valid alone; once the begin moves to 01-08, an end of 01-05 is before it.
    const begin = (
      await run.send(requestDataChange, { target: { kind: 'activity', activityId: a1 }, changes: { actualBeginDate: '2024-01-08' }, reason: 'r1' })
    ).changeRequest!;
    const end = (await run.send(requestDataChange, { target: { kind: 'activity', activityId: a1 }, changes: { actualEndDate: '2024-01-05' }, reason: 'r2' }))
      .changeRequest!;
    await run.send(approveDataChange, { requestId: begin.id }, SUPERVISOR);
    expect(await rejection(run.send(approveDataChange, { requestId: end.id }, SUPERVISOR))).toBe('END_BEFORE_BEGIN');
    expect(
      await rejection(run.send(requestDataChange, { target: { kind: 'activity', activityId: a1 }, changes: { actualEndDate: '2024-01-09' }, reason: '' })),
    ).toBe('REASON_REQUIRED');
  });

  it('R-DCR-3 a pending request is cancelled by the soft exit; new requests after it → APPLICATION_EXITED', async () => {
    const run = await newCase('2024-01-10T18:00:00Z');
    const a1 = await participateAndClose(run, '2024-01-03', '2024-01-10');
    const r = (
      await run.send(requestDataChange, { target: { kind: 'participation' }, changes: { participationDate: '2024-01-04' }, reason: 'Started a day later.' })
    ).changeRequest!;
    await run.advanceTo('2024-04-10T07:00:30Z');
    await waitFor(async () => (await run.view()).status === 'exited', 10_000, 'soft exit');
    expect((await run.view()).changeRequests).toEqual([expect.objectContaining({ id: r.id, status: 'cancelled', decidedBy: 'system' })]);
    expect(
      await rejection(
        run.send(requestDataChange, { target: { kind: 'activity', activityId: a1 }, changes: { actualEndDate: '2024-01-09' }, reason: 'late fix' }),
      ),
    ).toBe('APPLICATION_EXITED');
    expect(await rejection(run.send(approveDataChange, { requestId: r.id }, SUPERVISOR))).toBe('CHANGE_REQUEST_NOT_PENDING');
  });

  it('R-DCR-3 an exclusionary exit cancels pending requests too', async () => {
    const run = await newCase('2024-01-10T18:00:00Z');
    const a1 = await participateAndClose(run, '2024-01-03', '2024-01-10');
    const r = (
      await run.send(requestDataChange, {
        target: { kind: 'activity', activityId: a1 },
        changes: { projectedEndDate: '2024-01-12' },
        reason: 'Plan was longer.',
      })
    ).changeRequest!;
    const exited = await run.send(recordExclusionaryExit, { reason: '03', documentationRef: 'DOC-1', caseNote: 'Deceased.' });
    expect(exited.application.changeRequests).toEqual([expect.objectContaining({ id: r.id, status: 'cancelled' })]);
  });

  it("R-DCR-2 a code correction takes the new code's catalog entry: a supportive service recoded as a clock-restarting one moves L", async () => {
    const run = await newCase('2024-01-10T18:00:00Z');
    await participateAndClose(run, '2024-01-03', '2024-01-10');
    const bus = (
      await run.send(addActivity, {
        code: '181',
        entry: entry('181'),
        program: 'ADULT',
        actualBeginDate: '2024-01-10',
        projectedEndDate: '2024-01-15',
        caseNote: 'Bus pass.',
      })
    ).activity!;
    await run.advanceTo('2024-01-16T18:00:00Z');
    await run.send(closeActivity, { activityId: bus.id, actualEndDate: '2024-01-15', completionCode: 'successful' });
    expect((await run.view()).exitClock.softExitDate).toBe('2024-04-10'); // supportive: L stays 2024-01-10
    const r = (
      await run.send(requestDataChange, {
        target: { kind: 'activity', activityId: bus.id },
        changes: { code: '102' },
        entry: entry('102'),
        reason: 'It was a workshop.',
      })
    ).changeRequest!;
    const approved = await run.send(approveDataChange, { requestId: r.id }, SUPERVISOR);
    expect(approved.activity).toMatchObject({ code: '102', title: entry('102').title, category: entry('102').category, restartsExitClock: true });
    expect(approved.application.exitClock.softExitDate).toBe('2024-04-15');
  });

  it("R-DCR-2 a participation-date correction moves the first activity's begin with it", async () => {
    const run = await newCase('2024-01-10T18:00:00Z');
    await participateAndClose(run, '2024-01-03', '2024-01-10');
    const r = (await run.send(requestDataChange, { target: { kind: 'participation' }, changes: { participationDate: '2024-01-05' }, reason: 'Wrong start.' }))
      .changeRequest!;
    const v = (await run.send(approveDataChange, { requestId: r.id }, SUPERVISOR)).application;
    expect(v.participationDate).toBe('2024-01-05');
    expect(v.activities[0]!.actualBeginDate).toBe('2024-01-05');
  });
});

describe('entry timeliness on the workflow', () => {
  it('R-TIMELY-1 an activity dated 2024-11-22 entered 2024-12-03 is late (Thanksgiving); its close on the day is on time; answer and view carry both', async () => {
    const run = await newCase('2024-12-03T18:00:00Z', { eligibilityDate: '2024-11-01' });
    await run.send(recordParticipation, {
      participationDate: '2024-11-20',
      activity: { code: '101', entry: entry('101'), program: 'ADULT', projectedEndDate: '2024-12-31', caseNote: 'Assessment.' },
    });
    const added = await run.send(addActivity, {
      code: '102',
      entry: entry('102'),
      program: 'ADULT',
      actualBeginDate: '2024-11-22',
      projectedEndDate: '2024-12-31',
      caseNote: 'Workshop.',
    });
    expect(added.activity).toMatchObject({
      enteredOn: '2024-12-03',
      late: true,
      entries: { begin: { datedOn: '2024-11-22', enteredOn: '2024-12-03', late: true } },
    });
    const onTime = await run.send(addActivity, {
      code: '102',
      entry: entry('102'),
      program: 'ADULT',
      actualBeginDate: '2024-11-25',
      projectedEndDate: '2024-12-31',
      caseNote: 'Workshop 2.',
    });
    expect(onTime.activity).toMatchObject({ enteredOn: '2024-12-03', late: false });
    const closed = await run.send(closeActivity, { activityId: added.activity!.id, actualEndDate: '2024-12-03', completionCode: 'successful' });
    expect(closed.activity).toMatchObject({
      enteredOn: '2024-12-03',
      late: false,
      entries: { begin: { late: true }, close: { datedOn: '2024-12-03', late: false } },
    });
    const view = await run.view();
    expect(view.activities.find((a) => a.id === added.activity!.id)).toMatchObject({ enteredOn: '2024-12-03', late: false });
    // Participation's first activity: dated 2024-11-20 → 5 business days end 2024-11-27: late.
    expect(view.activities[0]).toMatchObject({ enteredOn: '2024-12-03', late: true });
  });

  it('R-TIMELY-2 a case note 6 calendar days after its contact is late even within 5 business days; the note in the batch carries it', async () => {
    const run = await newCase('2024-05-12T18:00:00Z', { eligibilityDate: '2024-05-01' });
    await run.send(recordParticipation, {
      participationDate: '2024-05-06',
      activity: { code: '101', entry: entry('101'), program: 'ADULT', projectedEndDate: '2024-05-30', caseNote: 'Assessment.' },
    });
    const late = await run.send(addCaseNote, { contactDate: '2024-05-06', subject: 'Call', body: 'Called.' });
    expect(late.caseNote).toMatchObject({ enteredOn: '2024-05-12', late: true });
    const onTime = await run.send(addCaseNote, { contactDate: '2024-05-07', subject: 'Call', body: 'Called again.' });
    expect(onTime.caseNote).toMatchObject({ enteredOn: '2024-05-12', late: false });
    await waitFor(async () => run.batches.some((b) => b.caseNotes.some((n) => n.id === late.caseNote!.id)), 10_000, 'note flushed');
    expect(run.batches.flatMap((b) => b.caseNotes).find((n) => n.id === late.caseNote!.id)).toMatchObject({ enteredOn: '2024-05-12', late: true });
  });

  it('R-TIMELY-1 a follow-up completion describes its actual date: entered 2024-05-10 for 2024-05-01 it is late (not overdue: completion.late stays false); the projection lists it', async () => {
    const run = await newCase('2024-01-10T18:00:00Z');
    await participateAndClose(run, '2024-01-03', '2024-01-10');
    await run.advanceTo('2024-04-10T07:00:30Z');
    await waitFor(async () => (await run.view()).followUps.length === 4, 10_000, 'follow-ups');
    await run.advanceTo('2024-05-10T18:00:00Z');
    const q1 = run.env.client.workflow.getHandle(`wioa-application-${run.applicationId}-followup-q1`);
    const done = await q1.executeUpdate(completeFollowUp, {
      args: [{ actor: STAFF, payload: { actualDate: '2024-05-01', contactType: 'phone', workedInQuarter: true, employers: [{ name: 'Acme' }] } }],
    });
    expect(done).toMatchObject({ status: 'completed', enteredOn: '2024-05-10', late: true, completion: { late: false } });
    await waitFor(async () => (await run.view()).followUps[0]!.late === true, 10_000, 'reported to the application');
    const view = await run.view();
    expect(timedEntriesOf(view, []).filter((e) => e.kind === 'follow_up')).toEqual([
      {
        applicationId: run.applicationId,
        office: 'LA-2703',
        kind: 'follow_up',
        entryId: 'q1',
        staffId: STAFF.staffId,
        datedOn: '2024-05-01',
        enteredOn: '2024-05-10',
        late: true,
      },
    ]);
    // Both activity entries of the case (begin and close, entered on 2024-01-10) are there too.
    expect(timedEntriesOf(view, []).map((e) => [e.kind, e.late])).toEqual([
      ['activity', false],
      ['activity_close', false],
      ['follow_up', true],
    ]);
  });

  it('R-TIMELY-1 the closure describes the day services ended (the latest actual end date)', async () => {
    const run = await newCase('2024-01-10T18:00:00Z');
    await participateAndClose(run, '2024-01-03', '2024-01-10');
    await run.advanceTo('2024-01-25T18:00:00Z');
    const closure = await run.send(recordClosure, { closureStatus: 'completed' });
    expect(closure.application.closure).toMatchObject({ datedOn: '2024-01-10', enteredOn: '2024-01-25', late: true });
  });
});
