/**
 * One long-lived workflow per WIOA application (docs/rules.md, docs/architecture.md). It orchestrates;
 * the rules live elsewhere:
 *   - commands (./commands, by family): `decide` (validation with the domain rules) and `apply` (the
 *     state change), registered as Update handlers by ./handlers.ts;
 *   - the next wake-up (soft exit, alerts, credential window): ./next-wakeup.ts, a pure function;
 *   - what PostgreSQL is owed: the outbox (./outbox.ts), flushed by the writer (./writer.ts);
 *   - patch ids and the flags they give a run: ./flags.ts.
 * Shape: build the state → register the handlers → start the writer → loop (refresh alerts, publish,
 * act on what is due or wait for it) → hand over (continue-as-new) or complete.
 */
import { CancellationScope, CancelledFailure, allHandlersFinished, condition, continueAsNew, getExternalWorkflowHandle, isCancellation, log, workflowInfo } from '@temporalio/workflow';
import { isOpenFollowUp } from '../../domain/follow-ups';
import { DEFAULT_ALERT_THRESHOLDS } from '../../domain/alerts';
import { createWakeups } from '../wakeups';
import { historyBound } from '../history-bound';
import { type ApplicationView, type ApplicationWorkflowInput, DEFAULT_CONTINUE_AS_NEW_AFTER_BYTES, DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS, followUpWorkflowId } from './contract';
import { applyCompleted, applyCreated, applyCredentialWindowClosed, applySoftExit, refreshAlerts } from './commands';
import { followUpChildren } from './follow-up-children';
import { HISTORY_HEADROOM, boundedFollowUpYearAtSoftExit, followUpChildrenAtSoftExit, historyHeadroomAtStart, leanSoftExitAtSoftExit, readLoopFlags, readStartFlags } from './flags';
import { contextAt, registerHandlers, registerView } from './handlers';
import { nextWakeup } from './next-wakeup';
import { publisher } from './publish';
import { type ApplicationState, initialState, toView, touch } from './state';
import { startWriter } from './writer';

export async function applicationWorkflow(input: ApplicationWorkflowInput, carried?: ApplicationState): Promise<ApplicationView> {
  const state: ApplicationState = carried ?? initialState(input, new Date().toISOString());
  /** Bumped by every accepted change: wakes the main loop to re-evaluate what is next. */
  let revision = 0;
  const changed = (): void => {
    revision += 1;
  };
  const now = (): number => Date.now();
  const terminal = (): boolean => state.status === 'exited_exclusionary' || state.status === 'completed';

  // Read once per run, before any handler is set (flags.ts: the reading points are part of the history).
  const startFlags = readStartFlags();
  // R-ABUSE-2: runs since history-headroom-v1 hand over before the bounds, so every run stays under them.
  const boundReached = historyBound({
    events: input.continueAsNewAfterEvents ?? DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS,
    bytes: startFlags.continueAsNewOnBytes ? (input.continueAsNewAfterBytes ?? DEFAULT_CONTINUE_AS_NEW_AFTER_BYTES) : Number.POSITIVE_INFINITY,
    headroom: historyHeadroomAtStart(),
    share: HISTORY_HEADROOM,
  });
  const wakeups = startFlags.timersNeverCancelled ? createWakeups() : null;
  // After a soft exit only when the follow-up children are detached (R-ABUSE-2): attached ones belong
  // to this run, and their parent close policy would end them with it.
  const shouldContinueAsNew = (): boolean => (state.status !== 'exited' || state.followUpsDetached === true) && boundReached();

  // Before any handler is set: an Update delivered with the start runs as soon as its handler exists.
  if (!carried) applyCreated(state, contextAt(now(), 'create', 'createApplication'));
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

  const flags = readLoopFlags();
  const thresholds = input.alertThresholds ?? DEFAULT_ALERT_THRESHOLDS;
  const publish = publisher(state, flags.credentialWindow);

  while (!terminal() && !shouldContinueAsNew() && !cancelRequested) {
    if (flags.alerts && refreshAlerts(state, now(), thresholds, flags.planAlerts)) touch(state, contextAt(now(), 'alerts', 'alerts'));
    publish(now());
    const next = nextWakeup(state, flags, now());
    if (next.action === 'softExit') {
      // R-CLOCK-4 / R-BREAK-2. Cases that exited before follow-up children existed replay without them.
      const withFollowUps = followUpChildrenAtSoftExit();
      applySoftExit(state, contextAt(now(), `soft-exit-${next.softExitDate}`, 'softExit'), withFollowUps);
      // Lean exits: the alerts the exit ends are part of the exit's own change (one batch projects both).
      const lean = withFollowUps && leanSoftExitAtSoftExit();
      if (lean && flags.alerts) refreshAlerts(state, now(), thresholds, flags.planAlerts);
      // R-ABUSE-2: detached children that report changes; the exited case may then continue as new.
      const detached = lean && boundedFollowUpYearAtSoftExit();
      if (detached) state.followUpsDetached = true;
      changed();
      log.info('soft exit recorded', { exitDate: state.exit?.exitDate, softExitDate: next.softExitDate, followUps: withFollowUps });
      if (withFollowUps) await children.start(lean, detached);
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
      if (wakeups) await wakeups.until(woken, next.at, next.summary);
      else if (next.at !== null) await condition(woken, next.at - now(), { summary: next.summary });
      else await condition(woken);
    } catch (err) {
      // R-ABUSE-2: a cancelled case whose follow-ups are detached leaves the loop to cancel them (below).
      if (!(state.followUpsDetached && isCancellation(err))) throw err;
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
      // R-ABUSE-2: cancelled while handing over, with detached follow-ups: cancel them first (below).
      if (!(state.followUpsDetached && isCancellation(err))) throw err;
      cancelRequested = true;
    }
    if (!cancelRequested) {
      log.info('continuing as new', { historyLength: workflowInfo().historyLength, status: state.status });
      await continueAsNew<typeof applicationWorkflow>(input, state);
    }
  }
  if (cancelRequested) {
    if (state.followUpsDetached) {
      // Detached children outlive this run: cancel the open ones by id (R-FU-7, R-ABUSE-2).
      const open = state.followUps.filter((f) => isOpenFollowUp(f.status)).map((f) => f.quarter);
      await CancellationScope.nonCancellable(() =>
        Promise.all(open.map((q) => getExternalWorkflowHandle(followUpWorkflowId(input.applicationId, q)).cancel().catch(() => undefined))),
      );
    }
    log.warn('application workflow cancelled', { status: state.status });
    throw new CancelledFailure('the application workflow was cancelled');
  }

  // The case is over: let in-flight updates complete and the writer catch up, then finish.
  await condition(() => allHandlersFinished() && writer.idle());
  log.info('application workflow finished', { status: state.status });
  return toView(state, now());
}
