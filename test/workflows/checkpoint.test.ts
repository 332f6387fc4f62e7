/**
 * docs/versioning.md: every run of an open case continues as new at its checkpoint (CHECKPOINT_AFTER_DAYS,
 * default 30), so a quiet case runs current code within that time. On the time-skipping server: a case
 * that nobody touches hands over on schedule, and its view is the same before and after.
 */
import { DEFAULT_CHECKPOINT_AFTER_DAYS, declineFollowUps, followUpWorkflowId } from '../../src/workflows/application/contract';
import { casesStoppedAfterEach, participateAndClose } from '../helpers/workflow-driver';
import { eventually } from '../helpers/wait';

const newCase = casesStoppedAfterEach();

/** The view without what only says when it was read (daysRemaining counts down with the clock). */
const stable = (v: Record<string, unknown>) => ({ ...v, exitClock: { ...(v.exitClock as object), daysRemaining: undefined } });

/** A case with a 10-day checkpoint, participating from 2024-01-02, its last service 2024-01-10, soft-exited. */
async function exitedCase() {
  const run = await newCase('2024-01-10T18:00:00Z', { checkpointAfterDays: 10 });
  await participateAndClose(run, '2024-01-02', '2024-01-10');
  await run.advanceTo('2024-04-10T07:00:30Z');
  await eventually(
    () => run.view(),
    (v) => v.status === 'exited',
    20_000,
    'the soft exit',
  );
  return { run, exitRunId: (await run.handle.describe()).runId };
}

describe('the checkpoint: a quiet case continues as new on schedule', () => {
  it(`default ${DEFAULT_CHECKPOINT_AFTER_DAYS} days: the run started 2024-01-10 hands over on 2024-02-09, carrying the same view; the next run hands over 30 days later`, async () => {
    const run = await newCase('2024-01-10T18:00:00Z');
    await participateAndClose(run, '2024-01-02', '2024-01-10');
    const firstRunId = (await run.handle.describe()).runId;

    // (case_note_due opens on 2024-02-01, 30 days after the last note: a change of its own.)
    await run.advanceTo('2024-02-09T17:59:00Z');
    expect((await run.handle.describe()).runId).toBe(firstRunId);
    const before = await run.view();
    await run.advanceTo('2024-02-09T18:00:30Z');
    const runId = async () => (await run.handle.describe()).runId;
    const secondRunId = await eventually(runId, (id) => id !== firstRunId, 20_000, 'the checkpoint');
    const first = await run.env.client.workflow.getHandle(run.handle.workflowId, firstRunId).fetchHistory();
    const last = first.events!.at(-1)!;
    expect(last.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId).toBe(secondRunId);
    // Nothing happened to the case: the same view, the same version (no write, no audit).
    const after = await run.view();
    expect(stable(after as unknown as Record<string, unknown>)).toEqual(stable(before as unknown as Record<string, unknown>));
    expect(after.version).toBe(before.version);

    await run.advanceTo('2024-03-10T18:00:30Z');
    await eventually(runId, (id) => id !== secondRunId, 20_000, 'the second checkpoint');
    // And the soft exit still comes on its day (L + 91), in whichever run is current.
    await run.advanceTo('2024-04-10T07:00:30Z');
    expect((await run.view()).exit).toMatchObject({ type: 'soft', exitDate: '2024-01-10' });
  });

  it('CHECKPOINT_AFTER_DAYS reaches the follow-ups: an open follow-up continues as new at its own checkpoint, while its exited case waits for them in the run that started them', async () => {
    const { run, exitRunId } = await exitedCase();
    const child = run.env.client.workflow.getHandle(followUpWorkflowId(run.applicationId, 2));
    const childFirst = (await child.describe()).runId;
    await run.advanceTo('2024-04-25T07:00:30Z');
    await eventually(
      async () => (await child.describe()).runId,
      (id) => id !== childFirst,
      20_000,
      'the follow-up’s checkpoint',
    );
    const childRuns = await child.fetchHistory();
    expect(childRuns.events![0]!.workflowExecutionStartedEventAttributes?.continuedExecutionRunId).toBe(childFirst);
    expect((await run.view()).followUps).toHaveLength(4);
    // The exited case itself stays in the run that started its follow-ups while they are open (it hears
    // how each one ends; docs/versioning.md).
    expect((await run.handle.describe()).runId).toBe(exitRunId);
  });

  it('work due now comes before the checkpoint: a case whose last follow-up closes after its credential window completes in that run, not the next', async () => {
    const { run, exitRunId } = await exitedCase();
    // Past the credential window (exit 2024-01-10 + 1 year) with a follow-up still open, the checkpoint
    // long passed: declining closes the last one, and completion is due at once.
    await run.advanceTo('2025-01-12T18:00:00Z');
    expect((await run.view()).followUps.some((f) => f.status === 'required' || f.status === 'overdue')).toBe(true);
    await run.send(declineFollowUps, { date: '2025-01-12', caseNote: 'Participant asked not to be contacted.' });
    await eventually(
      async () => (await run.handle.describe()).status.name,
      (s) => s !== 'RUNNING' && s !== 'CONTINUED_AS_NEW',
      20_000,
      'the case closes',
    );
    const closed = await run.handle.describe();
    expect(closed.runId).toBe(exitRunId);
    expect(closed.status.name).toBe('COMPLETED');
    expect((await run.handle.result()).status).toBe('completed');
  });
});
