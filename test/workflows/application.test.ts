/**
 * The application workflow on Temporal's time-skipping test server, whose clock starts at the SPEC's
 * dates (so the workflow's own "today" is the vector's). Every SPEC §7 vector and every lifecycle
 * rule id is named in a test.
 */
import { temporal } from '@temporalio/proto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import {
  addActivity,
  addCaseNote,
  approvePlannedBreak,
  assignCaseManager,
  beginActivity,
  cancelPlannedBreak,
  closeActivity,
  recordClosure,
  recordExclusionaryExit,
  recordParticipation,
  requestPlannedBreak,
} from '../../src/workflows/application/contract';
import {
  type CaseRun,
  STAFF,
  STAFF_2,
  SUPERVISOR,
  SUPERVISOR_2,
  entry,
  casesStoppedAfterEach,
  participateAndClose,
  rejection,
} from '../helpers/workflow-driver';
import { waitFor } from '../helpers/wait';

const newCase = casesStoppedAfterEach();

async function addService(run: CaseRun, code: string, begin: string, end: string, actor = STAFF) {
  return (
    await run.send(
      addActivity,
      { code, entry: entry(code), program: 'ADULT', actualBeginDate: begin, projectedEndDate: end, caseNote: `Service ${code}.` },
      actor,
    )
  ).activity!;
}

describe('SPEC §7 vectors on the time-skipping server', () => {
  it('basic (R-CLOCK-1, R-CLOCK-3, R-CLOCK-4, R-TIME-3): L = 2024-01-10 → soft exit 2024-04-10T07:00:00Z, exit date 2024-01-10', async () => {
    const run = await newCase('2024-01-10T18:00:00Z');
    await participateAndClose(run, '2024-01-02', '2024-01-10');
    const view = await run.view();
    expect(view.status).toBe('participating');
    expect(view.lastServiceDate).toBe('2024-01-10');
    expect(view.exitClock).toMatchObject({ state: 'running', softExitDate: '2024-04-10', softExitAt: '2024-04-10T07:00:00.000Z' });

    await run.advanceTo('2024-04-10T06:59:00Z');
    expect((await run.view()).status).toBe('participating');
    await run.advanceTo('2024-04-10T07:00:30Z');
    const exited = await run.view();
    expect(exited.status).toBe('exited');
    expect(exited.exit).toMatchObject({ type: 'soft', exitDate: '2024-01-10' });
    expect(Date.parse(exited.exit!.exitedAt)).toBeGreaterThanOrEqual(Date.parse('2024-04-10T07:00:00Z'));
    expect(Date.parse(exited.exit!.exitedAt)).toBeLessThan(Date.parse('2024-04-10T07:01:00Z'));
    expect(exited.exitClock.state).toBe('stopped');
  });

  it('seed example (R-CLOCK-3): L = 2021-07-22 → soft exit 2021-10-21T07:00:00Z (CalJOBS stamps 10/22)', async () => {
    const run = await newCase('2021-07-22T20:00:00Z', { eligibilityDate: '2021-06-22' });
    await participateAndClose(run, '2021-06-24', '2021-07-22');
    expect((await run.view()).exitClock.softExitAt).toBe('2021-10-21T07:00:00.000Z');
    await run.advanceTo('2021-10-21T07:00:30Z');
    expect((await run.view()).exit).toMatchObject({ type: 'soft', exitDate: '2021-07-22' });
  });

  it('reset (R-CLOCK-2, R-CLOCK-3): L1 = 2024-01-10, a service closing 2024-03-05 moves the exit to 2024-06-04T07:00:00Z', async () => {
    const run = await newCase('2024-01-10T18:00:00Z');
    await participateAndClose(run, '2024-01-02', '2024-01-10');
    await run.advanceTo('2024-02-20T18:00:00Z');
    const service = await addService(run, '205', '2024-02-20', '2024-03-05');
    expect((await run.view()).exitClock).toMatchObject({ state: 'blocked', softExitDate: null }); // R-CLOCK-2
    await run.advanceTo('2024-03-05T18:00:00Z');
    await run.send(closeActivity, { activityId: service.id, actualEndDate: '2024-03-05', completionCode: 'successful' });
    expect((await run.view()).exitClock).toMatchObject({ state: 'running', softExitAt: '2024-06-04T07:00:00.000Z' });
    await run.advanceTo('2024-04-11T00:00:00Z'); // the old L1 + 91 timer must not fire
    expect((await run.view()).status).toBe('participating');
    await run.advanceTo('2024-06-04T07:00:30Z');
    expect((await run.view()).exit).toMatchObject({ type: 'soft', exitDate: '2024-03-05' });
  });

  it('DST (R-TIME-3): L = 2024-08-05 → soft exit 2024-11-04T08:00:00Z (after the fall-back)', async () => {
    const run = await newCase('2024-08-05T18:00:00Z', { eligibilityDate: '2024-07-01' });
    await participateAndClose(run, '2024-07-15', '2024-08-05');
    expect((await run.view()).exitClock.softExitAt).toBe('2024-11-04T08:00:00.000Z');
    await run.advanceTo('2024-11-04T07:30:00Z'); // 23:30 PST on 11-03: not yet
    expect((await run.view()).status).toBe('participating');
    await run.advanceTo('2024-11-04T08:00:30Z');
    expect((await run.view()).exit).toMatchObject({ type: 'soft', exitDate: '2024-08-05' });
  });

  it('planned break (R-BREAK-1, R-BREAK-2): L = 2024-01-10, approved R = 2024-06-15 → soft exit 2024-07-09T07:00:00Z, exit date 2024-01-10', async () => {
    const run = await newCase('2024-01-10T18:00:00Z');
    await participateAndClose(run, '2024-01-02', '2024-01-10');
    await run.advanceTo('2024-03-01T18:00:00Z');
    const future = (
      await run.send(addActivity, {
        code: '328',
        entry: entry('328'),
        program: 'ADULT',
        projectedBeginDate: '2024-06-15',
        projectedEndDate: '2024-12-15',
        caseNote: 'Training starts in June.',
      })
    ).activity!;
    expect(future.status).toBe('future');
    expect((await run.view()).exitClock.softExitAt).toBe('2024-04-10T07:00:00.000Z'); // R-CLOCK-5: no extension

    const requested = await run.send(requestPlannedBreak, {
      reason: 'training_delay',
      resumeDate: '2024-06-15',
      activityId: future.id,
      caseNote: 'Waiting for the cohort.',
    });
    const breakId = requested.plannedBreak!.id;
    expect(requested.plannedBreak!.status).toBe('pending');
    expect(requested.application.exitClock.softExitAt).toBe('2024-04-10T07:00:00.000Z'); // pending: no effect

    expect(await rejection(run.send(approvePlannedBreak, { breakId }, STAFF))).toBe('SUPERVISOR_REQUIRED');
    const approved = await run.send(approvePlannedBreak, { breakId }, SUPERVISOR);
    expect(approved.application.exitClock).toMatchObject({ state: 'extended', softExitDate: '2024-07-09', softExitAt: '2024-07-09T07:00:00.000Z' });

    await run.advanceTo('2024-04-11T00:00:00Z');
    expect((await run.view()).status).toBe('participating');
    await run.advanceTo('2024-07-09T07:00:30Z');
    expect((await run.view()).exit).toMatchObject({ type: 'soft', exitDate: '2024-01-10' });
  });

  it('break too long (R-BREAK-2): L = 2024-01-10, R = 2024-07-09 → PLANNED_BREAK_TOO_LONG', async () => {
    const run = await newCase('2024-01-10T18:00:00Z');
    await participateAndClose(run, '2024-01-02', '2024-01-10');
    const future = (
      await run.send(addActivity, {
        code: '328',
        entry: entry('328'),
        program: 'ADULT',
        projectedBeginDate: '2024-07-09',
        projectedEndDate: '2024-12-15',
        caseNote: 'Training.',
      })
    ).activity!;
    expect(
      await rejection(run.send(requestPlannedBreak, { reason: 'training_delay', resumeDate: '2024-07-09', activityId: future.id, caseNote: 'Too long.' })),
    ).toBe('PLANNED_BREAK_TOO_LONG');
    expect((await run.view()).plannedBreak).toBeNull();
  });

  it('non-restarting (R-CLOCK-3): a supportive service closed 2024-02-01 leaves the exit at 2024-04-10T07:00:00Z', async () => {
    const run = await newCase('2024-01-10T18:00:00Z');
    await participateAndClose(run, '2024-01-02', '2024-01-10');
    await run.advanceTo('2024-01-20T18:00:00Z');
    const supportive = await addService(run, '181', '2024-01-20', '2024-02-01');
    expect((await run.view()).exitClock.state).toBe('running'); // not blocked by a non-restarting service
    await run.advanceTo('2024-02-01T18:00:00Z');
    await run.send(closeActivity, { activityId: supportive.id, actualEndDate: '2024-02-01', completionCode: 'successful' });
    const view = await run.view();
    expect(view.lastServiceDate).toBe('2024-01-10');
    expect(view.exitClock.softExitAt).toBe('2024-04-10T07:00:00.000Z');
  });

  it('exclusionary (R-EXCL-1): L = 2024-01-10, reason 03 on 2024-02-01 → exited_exclusionary, exit date 2024-01-10, workflow completes', async () => {
    const run = await newCase('2024-01-10T18:00:00Z');
    await participateAndClose(run, '2024-01-02', '2024-01-10');
    await run.advanceTo('2024-02-01T18:00:00Z');
    const res = await run.send(recordExclusionaryExit, { reason: '03', documentationRef: 'DOC-123', caseNote: 'Death certificate received.' });
    expect(res.application.status).toBe('exited_exclusionary');
    expect(res.application.exit).toMatchObject({ type: 'exclusionary', exitDate: '2024-01-10', reason: '03' });
    expect(res.application.followUps).toEqual([]);
    const final = await run.handle.result();
    expect(final.status).toBe('exited_exclusionary');
    expect((await run.handle.describe()).status.name).toBe('COMPLETED');
  });
});

describe('lifecycle rules', () => {
  it('R-ACT-2: participation not before eligibility, not in the future; it creates the first activity, open, begun on that date', async () => {
    const run = await newCase('2024-01-10T18:00:00Z');
    const act = (participationDate: string) => ({
      participationDate,
      activity: { code: '101', entry: entry('101'), program: 'ADULT' as const, projectedEndDate: '2024-03-01', caseNote: 'Assessment.' },
    });
    expect(await rejection(run.send(recordParticipation, act('2023-11-30')))).toBe('PARTICIPATION_BEFORE_ELIGIBILITY');
    expect(await rejection(run.send(recordParticipation, act('2024-01-11')))).toBe('FUTURE_DATE');
    const ok = await run.send(recordParticipation, act('2024-01-05'));
    expect(ok.application).toMatchObject({ status: 'participating', participationDate: '2024-01-05', exitClock: { state: 'blocked' } });
    expect(ok.activity).toMatchObject({ status: 'open', actualBeginDate: '2024-01-05', code: '101' });
    expect(await rejection(run.send(recordParticipation, act('2024-01-06')))).toBe('ALREADY_PARTICIPATING');
  });

  it('R-ACT-3: every activity needs a non-empty case note; R-NOTE-1: notes go to the database, never into the view', async () => {
    const run = await newCase('2024-01-10T18:00:00Z');
    await participateAndClose(run, '2024-01-02', '2024-01-10');
    expect(
      await rejection(
        run.send(addActivity, {
          code: '205',
          entry: entry('205'),
          program: 'ADULT',
          actualBeginDate: '2024-01-10',
          projectedEndDate: '2024-02-01',
          caseNote: '   ',
        }),
      ),
    ).toBe('CASE_NOTE_REQUIRED');
    await run.send(addCaseNote, { contactDate: '2024-01-09', subject: 'Phone call', body: 'Discussed the IEP.' });
    const view = await run.view();
    expect(JSON.stringify(view)).not.toContain('Discussed the IEP');
    await waitFor(() => run.batches.some((b) => b.caseNotes.some((n) => n.body === 'Discussed the IEP.')));
    const notes = run.batches.flatMap((b) => b.caseNotes);
    expect(notes.map((n) => n.body)).toEqual(['Initial assessment done.', 'Discussed the IEP.']);
    expect(await rejection(run.send(addCaseNote, { contactDate: '2024-01-11', subject: 'Later', body: 'x' }))).toBe('FUTURE_DATE');
  });

  it('R-ACT-4: backdating table (today 2024-05-01): 30 days ok, 31–90 needs a supervisor, > 90 rejected, future rejected', async () => {
    const run = await newCase('2024-01-10T18:00:00Z');
    await run.send(recordParticipation, {
      participationDate: '2024-01-05',
      activity: { code: '101', entry: entry('101'), program: 'ADULT', projectedEndDate: '2024-12-01', caseNote: 'Assessment.' },
    });
    await run.advanceTo('2024-05-01T18:00:00Z');
    const add = (actualBeginDate: string, actor = STAFF, backdateApprovedBy?: string) =>
      run.send(
        addActivity,
        { code: '205', entry: entry('205'), program: 'ADULT', actualBeginDate, projectedEndDate: '2024-06-01', caseNote: 'IEP.', backdateApprovedBy },
        actor,
      );
    expect((await add('2024-04-01')).activity!.actualBeginDate).toBe('2024-04-01');
    expect(await rejection(add('2024-03-31'))).toBe('BACKDATE_APPROVAL_REQUIRED');
    expect(await rejection(add('2024-02-01'))).toBe('BACKDATE_APPROVAL_REQUIRED');
    expect((await add('2024-03-31', STAFF, 'S-SUP-1')).activity!.status).toBe('open');
    expect((await add('2024-02-01', SUPERVISOR)).activity!.status).toBe('open');
    expect(await rejection(add('2024-01-31', SUPERVISOR))).toBe('BACKDATE_LIMIT');
    expect(await rejection(add('2024-05-02'))).toBe('FUTURE_DATE');
  });

  it('R-ACT-5: actual end ≥ actual begin, and no actual date before participation', async () => {
    const run = await newCase('2024-01-10T18:00:00Z');
    const p = await run.send(recordParticipation, {
      participationDate: '2024-01-05',
      activity: { code: '101', entry: entry('101'), program: 'ADULT', projectedEndDate: '2024-03-01', caseNote: 'Assessment.' },
    });
    expect(await rejection(run.send(closeActivity, { activityId: p.activity!.id, actualEndDate: '2024-01-04', completionCode: 'successful' }))).toBe(
      'END_BEFORE_BEGIN',
    );
    expect(await rejection(addService(run, '205', '2024-01-04', '2024-02-01'))).toBe('DATE_BEFORE_PARTICIPATION');
  });

  it('R-CLOCK-4: after a soft exit only F-codes are accepted (APPLICATION_EXITED otherwise); the exit is irreversible', async () => {
    const run = await newCase('2024-01-10T18:00:00Z');
    await participateAndClose(run, '2024-01-02', '2024-01-10');
    await run.advanceTo('2024-04-11T18:00:00Z');
    expect((await run.view()).status).toBe('exited');
    expect(await rejection(addService(run, '205', '2024-04-11', '2024-05-01'))).toBe('APPLICATION_EXITED');
    const f = await addService(run, 'F01', '2024-04-11', '2024-04-11');
    expect(f.category).toBe('follow_up');
    const after = await run.send(closeActivity, { activityId: f.id, actualEndDate: '2024-04-11', completionCode: 'successful' });
    expect(after.application).toMatchObject({ status: 'exited', lastServiceDate: '2024-01-10', exit: { exitDate: '2024-01-10' } });
  });

  it('R-CLOCK-5: a future activity without an approved break does not extend the clock', async () => {
    const run = await newCase('2024-01-10T18:00:00Z');
    await participateAndClose(run, '2024-01-02', '2024-01-10');
    await run.send(addActivity, {
      code: '328',
      entry: entry('328'),
      program: 'ADULT',
      projectedBeginDate: '2024-05-01',
      projectedEndDate: '2024-09-01',
      caseNote: 'Training later.',
    });
    expect((await run.view()).exitClock).toMatchObject({ state: 'running', softExitAt: '2024-04-10T07:00:00.000Z' });
    await run.advanceTo('2024-04-10T07:00:30Z');
    expect((await run.view()).exit).toMatchObject({ type: 'soft', exitDate: '2024-01-10' });
  });

  it('R-BREAK-1: approval by the requester is refused (SELF_APPROVAL); only one active break; beginning the activity ends the break (R-BREAK-2)', async () => {
    const run = await newCase('2024-01-10T18:00:00Z');
    await participateAndClose(run, '2024-01-02', '2024-01-10');
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
    const req = { reason: 'education_break' as const, resumeDate: '2024-06-15', activityId: future.id, caseNote: 'School term.' };
    expect(await rejection(run.send(requestPlannedBreak, { ...req, resumeDate: '2024-06-16' }))).toBe('PLANNED_BREAK_RESUME_MISMATCH');
    const { plannedBreak } = await run.send(requestPlannedBreak, req, SUPERVISOR);
    expect(await rejection(run.send(requestPlannedBreak, req, STAFF_2))).toBe('PLANNED_BREAK_EXISTS');
    expect(await rejection(run.send(approvePlannedBreak, { breakId: plannedBreak!.id }, SUPERVISOR))).toBe('SELF_APPROVAL');
    await run.send(approvePlannedBreak, { breakId: plannedBreak!.id }, SUPERVISOR_2);
    await run.advanceTo('2024-06-15T18:00:00Z');
    const begun = await run.send(beginActivity, { activityId: future.id, actualBeginDate: '2024-06-15' });
    expect(begun.application.plannedBreak!.status).toBe('ended');
    expect(begun.application.exitClock.state).toBe('blocked');
  });

  it('R-BREAK-2: cancelling restores L + 91; when that moment has passed the exit fires at once with exit date L', async () => {
    const run = await newCase('2024-01-10T18:00:00Z');
    await participateAndClose(run, '2024-01-02', '2024-01-10');
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
      caseNote: 'Cohort in June.',
    });
    await run.send(approvePlannedBreak, { breakId: plannedBreak!.id }, SUPERVISOR);
    await run.advanceTo('2024-05-01T18:00:00Z'); // past L + 91 (2024-04-10)
    expect((await run.view()).status).toBe('participating');
    const cancelled = await run.send(cancelPlannedBreak, { breakId: plannedBreak!.id });
    expect(cancelled.plannedBreak!.status).toBe('cancelled');
    await waitFor(async () => (await run.view()).status === 'exited');
    expect((await run.view()).exit).toMatchObject({ type: 'soft', exitDate: '2024-01-10' });
  });

  it('R-EXCL-1: refused while activities are open (OPEN_ACTIVITIES); exit date ≥ participation and ≤ today', async () => {
    const run = await newCase('2024-01-10T18:00:00Z');
    await run.send(recordParticipation, {
      participationDate: '2024-01-05',
      activity: { code: '101', entry: entry('101'), program: 'ADULT', projectedEndDate: '2024-03-01', caseNote: 'Assessment.' },
    });
    const excl = (exitDate?: string) => run.send(recordExclusionaryExit, { reason: '02', exitDate, documentationRef: 'MED-1', caseNote: 'Medical.' });
    expect(await rejection(excl())).toBe('OPEN_ACTIVITIES');
    const first = (await run.view()).activities[0]!;
    await run.send(closeActivity, { activityId: first.id, actualEndDate: '2024-01-08', completionCode: 'other' });
    expect(await rejection(excl('2024-01-04'))).toBe('DATE_BEFORE_PARTICIPATION');
    expect(await rejection(excl('2024-01-11'))).toBe('FUTURE_DATE');
    expect(await rejection(run.send(recordExclusionaryExit, { reason: '05', documentationRef: 'X', caseNote: 'Foster.' }))).toBe(
      'EXCLUSION_REASON_NOT_ALLOWED',
    );
    const done = await excl('2024-01-09');
    expect(done.application.exit).toMatchObject({ type: 'exclusionary', exitDate: '2024-01-09', reason: '02' });
  });

  it('R-CLOSE-1: closure needs every activity closed, does not exit or stop the clock, and allows F-codes before exit', async () => {
    const run = await newCase('2024-01-10T18:00:00Z');
    const p = await run.send(recordParticipation, {
      participationDate: '2024-01-05',
      activity: { code: '101', entry: entry('101'), program: 'ADULT', projectedEndDate: '2024-03-01', caseNote: 'Assessment.' },
    });
    const closure = {
      closureStatus: 'completed_program',
      employment: { employer: 'Acme Tools', naics: '332216', occupation: 'Machinist', hourlyWage: 24.5, hoursPerWeek: 40, startDate: '2024-01-08' },
    };
    expect(await rejection(run.send(recordClosure, closure))).toBe('OPEN_ACTIVITIES');
    expect(await rejection(addService(run, 'F02', '2024-01-10', '2024-01-10'))).toBe('FOLLOW_UP_CODE_NOT_ALLOWED');
    await run.send(closeActivity, { activityId: p.activity!.id, actualEndDate: '2024-01-10', completionCode: 'successful' });
    const closed = await run.send(recordClosure, closure);
    expect(closed.application).toMatchObject({ status: 'participating', exitClock: { state: 'running', softExitAt: '2024-04-10T07:00:00.000Z' } });
    expect(closed.application.closure).toMatchObject({ closureStatus: 'completed_program', employment: { employer: 'Acme Tools' } });
    const f = await addService(run, 'F02', '2024-01-10', '2024-01-10');
    expect(f.code).toBe('F02');
    expect(await rejection(run.send(recordClosure, closure))).toBe('CLOSURE_EXISTS');
  });

  it('validators reject bad updates before they reach history; accepted ones are audited with who and when', async () => {
    const run = await newCase('2024-01-10T18:00:00Z');
    await participateAndClose(run, '2024-01-02', '2024-01-10');
    const before = (await run.handle.fetchHistory()).events!.length;
    await expect(run.send(approvePlannedBreak, { breakId: 'nope' }, SUPERVISOR)).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    const history = await run.handle.fetchHistory();
    const rejectedInHistory = history.events!.slice(before).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    expect(rejectedInHistory).toHaveLength(0);
    await run.send(assignCaseManager, { staffId: 'S-7' }, SUPERVISOR);
    await waitFor(() => run.batches.some((b) => b.audit.some((a) => a.command === 'assignCaseManager')));
    const audit = run.batches.flatMap((b) => b.audit);
    expect(audit.map((a) => a.command)).toEqual(['createApplication', 'recordParticipation', 'closeActivity', 'assignCaseManager']);
    expect(audit[3]).toMatchObject({ actorId: 'S-SUP-1', actorRole: 'supervisor', summary: { from: 'S-STAFF-1', to: 'S-7' } });
    expect((await run.view()).caseManagerId).toBe('S-7');
  });

  it('the same update id applied twice has exactly one effect', async () => {
    const run = await newCase('2024-01-10T18:00:00Z');
    await participateAndClose(run, '2024-01-02', '2024-01-10');
    const args = [{ actor: STAFF, payload: { contactDate: '2024-01-10', subject: 'Call', body: 'Once.' } }] as [any];
    const a = await run.handle.executeUpdate(addCaseNote, { args, updateId: 'key-1' });
    const b = await run.handle.executeUpdate(addCaseNote, { args, updateId: 'key-1' });
    expect(b.caseNote!.id).toBe(a.caseNote!.id);
    await waitFor(() => run.batches.some((x) => x.caseNotes.some((n) => n.body === 'Once.')));
    expect(run.batches.flatMap((x) => x.caseNotes).filter((n) => n.body === 'Once.')).toHaveLength(1);
  });

  it('continues as new before the history grows large, carrying the whole state (bounded history)', async () => {
    const run = await newCase('2024-01-10T18:00:00Z', { continueAsNewAfterEvents: 60 });
    await participateAndClose(run, '2024-01-02', '2024-01-10');
    const firstRun = (await run.handle.describe()).runId;
    // Notes until the run hands over, back to back (scripts/stress-sandbox.ts's can-stream sends them
    // four at a time): Updates race the hand-over.
    const latestRunId = async () => (await run.env.client.workflow.getHandle(run.handle.workflowId).describe()).runId;
    let notes = 0;
    while ((await latestRunId()) === firstRun) {
      if (notes >= 40) throw new Error('the workflow did not continue as new');
      await run.send(addCaseNote, { contactDate: '2024-01-10', subject: `Call ${notes}`, body: `Note ${notes}.` });
      notes += 1;
    }
    const latest = run.env.client.workflow.getHandle(run.handle.workflowId);
    const { events } = await latest.fetchHistory();
    expect(events!.length).toBeLessThan(80);
    const view = await latest.query('getApplicationView');
    expect(view).toMatchObject({ status: 'participating', lastServiceDate: '2024-01-10', exitClock: { softExitAt: '2024-04-10T07:00:00.000Z' } });
    // Every note reaches the database exactly once by id (a batch in flight at the hand-over is re-sent;
    // the real activity's inserts are idempotent by id).
    await waitFor(() => new Set(run.batches.flatMap((b) => b.caseNotes).map((n) => n.id)).size === notes + 1);
    await run.advanceTo('2024-04-10T07:00:30Z');
    expect(await latest.query('getApplicationView')).toMatchObject({ status: 'exited', exit: { exitDate: '2024-01-10' } });
  });

  it('continues as new when the history grows large in bytes, however few its events (every result carries the view)', async () => {
    const run = await newCase('2024-01-10T18:00:00Z', { continueAsNewAfterBytes: 24 * 1024 });
    await participateAndClose(run, '2024-01-02', '2024-01-10');
    const first = await run.handle.describe();
    const latestRun = async () => run.env.client.workflow.getHandle(run.handle.workflowId).describe();
    let notes = 0;
    const long = 'x'.repeat(1500); // large notes: the byte limit, not the event count (4000), must trigger
    while ((await latestRun()).runId === first.runId) {
      if (notes >= 40) throw new Error('the workflow did not continue as new on its byte limit');
      await run.send(addCaseNote, { contactDate: '2024-01-10', subject: `Call ${notes}`, body: `Note ${notes}. ${long}` });
      notes += 1;
    }
    const previous = await run.env.client.workflow.getHandle(run.handle.workflowId, first.runId).describe();
    expect(previous.status.name).toBe('CONTINUED_AS_NEW');
    expect(previous.historyLength).toBeLessThan(200);
    const previousHistory = await run.env.client.workflow.getHandle(run.handle.workflowId, first.runId).fetchHistory();
    expect(temporal.api.history.v1.History.encode(previousHistory).finish().length).toBeGreaterThanOrEqual(24 * 1024);
    const view = await run.env.client.workflow.getHandle(run.handle.workflowId).query('getApplicationView');
    expect(view).toMatchObject({ status: 'participating', lastServiceDate: '2024-01-10' });
    await waitFor(() => new Set(run.batches.flatMap((b) => b.caseNotes).map((n) => n.id)).size === notes + 1);
  });
});
