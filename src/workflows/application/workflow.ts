/**
 * One long-lived workflow per WIOA application (docs/rules.md, docs/architecture.md). It orchestrates;
 * the rules live elsewhere:
 *   - commands (./commands, by family): `decide` (validation with the domain rules) and `apply` (the
 *     state change), registered as Update handlers by ./handlers.ts;
 *   - the next wake-up (soft exit, alerts, credential window): ./next-wakeup.ts, a pure function;
 *   - what PostgreSQL is owed: the outbox (./outbox.ts), flushed by the writer (./writer.ts);
 *   - the carried state's versions: ./state-version.ts; how behaviour changes: docs/versioning.md.
 * Shape: build (or upgrade) the state → register the handlers → start the writer → loop (refresh
 * alerts, publish, act on what is due or wait for it) → hand over (continue-as-new: history bounds or
 * the checkpoint) or complete.
 */
import {
  ApplicationFailure,
  CancellationScope,
  CancelledFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  workflowInfo,
} from '@temporalio/workflow';
import { isOpenFollowUp } from '../../domain/follow-ups';
import { DEFAULT_ALERT_THRESHOLDS } from '../../domain/alerts';
import { createWakeups } from '../wakeups';
import { historyBound } from '../history-bound';
import { checkpointAt } from '../../temporal/checkpoint';
import {
  type ApplicationView,
  type ApplicationWorkflowInput,
  DEFAULT_CHECKPOINT_AFTER_DAYS,
  DEFAULT_CONTINUE_AS_NEW_AFTER_BYTES,
  DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS,
  followUpWorkflowId,
} from './contract';
import { applyCompleted, applyCreated, applyCredentialWindowClosed, applySoftExit, refreshAlerts } from './commands';
import { followUpChildren } from './follow-up-children';
import { contextAt, registerHandlers, registerView } from './handlers';
import { nextWakeup } from './next-wakeup';
import { publisher } from './publish';
import { type ApplicationState, initialState, toView, touch } from './state';
import { UnsupportedStateVersion, upgradeState } from './state-version';
import { startWriter } from './writer';

export async function applicationWorkflow(input: ApplicationWorkflowInput, carried?: unknown): Promise<ApplicationView> {
  const state: ApplicationState = carried === undefined ? initialState(input, new Date().toISOString()) : resumed(carried);
  /** Bumped by every accepted change: wakes the main loop to re-evaluate what is next. */
  let revision = 0;
  const changed = (): void => {
    revision += 1;
  };
  const now = (): number => Date.now();
  const terminal = (): boolean => state.status === 'exited_exclusionary' || state.status === 'completed';

  // R-ABUSE-2: hand over before the history reaches its bounds, so every run stays under them.
  const boundReached = historyBound({
    events: input.continueAsNewAfterEvents ?? DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS,
    bytes: input.continueAsNewAfterBytes ?? DEFAULT_CONTINUE_AS_NEW_AFTER_BYTES,
  });
  // docs/versioning.md: every run hands over at its checkpoint, so the case runs current code by then.
  const checkpoint = checkpointAt(now(), input.checkpointAfterDays ?? DEFAULT_CHECKPOINT_AFTER_DAYS);
  const wakeups = createWakeups();
  // An exited case checkpoints only once its follow-ups are closed: the run that started them hears how
  // each one ends (a failed follow-up is recorded on the case), and Temporal's time-skipping server (the
  // sandbox and the tests) stops skipping time for children whose parent has continued as new
  // (sdk-java#1540). The follow-ups checkpoint on their own meanwhile.
  const followUpsOpen = (): boolean => state.status === 'exited' && state.followUps.some((f) => isOpenFollowUp(f.status));
  // Work that is due now (the soft exit, completion) is done before a hand-over, not carried to the next
  // run: a case that can complete completes in the run that learned it, and a read of it never meets a
  // run that is closing (the time-skipping server drops a query sent while a run continues as new).
  const dueNow = (): boolean => nextWakeup(state, now(), null).action !== 'wait';
  const checkpointDue = (): boolean => now() >= checkpoint && !followUpsOpen() && !dueNow();
  const shouldContinueAsNew = (): boolean => boundReached() || checkpointDue();

  // Before any handler is set: an Update delivered with the start runs as soon as its handler exists.
  if (carried === undefined) applyCreated(state, contextAt(now(), 'create', 'createApplication'));
  registerView(state);
  registerHandlers(state, changed);
  const writer = startWriter(state);
  const children = followUpChildren(state, (commandId, command) => contextAt(now(), commandId, command), changed);

  // Cancellation (an operator's cancel): stop waiting, let the follow-ups be cancelled with this scope,
  // and end as cancelled (children still running are terminated by their parent close policy).
  let cancelRequested = false;
  CancellationScope.current().cancelRequested.catch(() => {
    cancelRequested = true;
    changed();
  });

  const thresholds = input.alertThresholds ?? DEFAULT_ALERT_THRESHOLDS;
  const publish = publisher(state);

  while (!terminal() && !shouldContinueAsNew() && !cancelRequested) {
    if (refreshAlerts(state, now(), thresholds)) touch(state, contextAt(now(), 'alerts', 'alerts'));
    publish(now());
    const next = nextWakeup(state, now(), followUpsOpen() ? null : checkpoint);
    if (next.action === 'softExit') {
      // R-CLOCK-4 / R-BREAK-2, R-FU-1: the exit and its four follow-ups.
      applySoftExit(state, contextAt(now(), `soft-exit-${next.softExitDate}`, 'softExit'));
      // The alerts the exit ends are part of the exit's own change (one batch projects both).
      refreshAlerts(state, now(), thresholds);
      changed();
      log.info('soft exit recorded', { exitDate: state.exit?.exitDate, softExitDate: next.softExitDate });
      await children.start();
      continue;
    }
    if (next.action === 'closeCredentialWindow') {
      applyCredentialWindowClosed(state, contextAt(now(), 'credential-window-closed', 'credentialWindowClosed'));
      changed();
      continue;
    }
    if (next.action === 'complete') {
      applyCompleted(state, contextAt(now(), 'completed', 'followUpsResolved'));
      changed();
      continue;
    }
    const seen = revision;
    const woken = (): boolean => revision !== seen || shouldContinueAsNew();
    try {
      await wakeups.until(woken, next.at, next.summary);
    } catch (err) {
      // A cancelled case leaves the loop to cancel its follow-ups (below).
      if (!isCancellation(err)) throw err;
      cancelRequested = true;
    }
  }
  if (terminal() && state.alerts && state.alerts.length > 0) {
    state.alerts = [];
    touch(state, contextAt(now(), 'alerts', 'alerts'));
  }
  publish(now());
  if (!cancelRequested && !terminal()) {
    // Hand over once every handler has finished and the batch in flight (if any) is written. Unwritten
    // outbox rows travel with the state, so a steady stream of commands cannot postpone the hand-over.
    writer.stop();
    try {
      await condition(() => allHandlersFinished() && !writer.writing());
    } catch (err) {
      // Cancelled while handing over: cancel the follow-ups first (below).
      if (!isCancellation(err)) throw err;
      cancelRequested = true;
    }
    if (!cancelRequested) {
      log.info('continuing as new', { historyLength: workflowInfo().historyLength, status: state.status });
      await continueAsNew<typeof applicationWorkflow>(input, state);
    }
  }
  if (cancelRequested) {
    // The follow-ups are detached and outlive this run: cancel the open ones by id (R-FU-7, R-ABUSE-2).
    const open = state.followUps.filter((f) => isOpenFollowUp(f.status)).map((f) => f.quarter);
    await CancellationScope.nonCancellable(() =>
      Promise.all(
        open.map((q) =>
          getExternalWorkflowHandle(followUpWorkflowId(input.applicationId, q))
            .cancel()
            .catch(() => undefined),
        ),
      ),
    );
    log.warn('application workflow cancelled', { status: state.status });
    throw new CancelledFailure('the application workflow was cancelled');
  }

  // The case is over: let in-flight updates complete and the writer catch up, then finish.
  await condition(() => allHandlersFinished() && writer.idle());
  log.info('application workflow finished', { status: state.status });
  return toView(state, now());
}

/** The carried state brought to this code's shape; a state this build cannot resume fails the run for good. */
function resumed(carried: unknown): ApplicationState {
  try {
    return upgradeState(carried);
  } catch (err) {
    if (err instanceof UnsupportedStateVersion) throw ApplicationFailure.nonRetryable(err.message, err.name);
    throw err;
  }
}
