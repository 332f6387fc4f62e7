import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  currentUpdateInfo,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { Activities } from '../../activities';
import { isDomainError } from '../../domain/errors';
import {
  type ApplicationView,
  type ApplicationWorkflowInput,
  type Command,
  type CommandResult,
  DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS,
  SA,
  addActivity,
  addCaseNote,
  approvePlannedBreak,
  assignCaseManager,
  beginActivity,
  cancelPlannedBreak,
  closeActivity,
  getApplicationView,
  recordClosure,
  recordExclusionaryExit,
  recordParticipation,
  requestPlannedBreak,
} from './contract';
import {
  type ApplicationState,
  type CommandSpec,
  addActivityCommand,
  applyCreated,
  applySoftExit,
  approvePlannedBreakCommand,
  assignCaseManagerCommand,
  beginActivityCommand,
  cancelPlannedBreakCommand,
  caseNoteCommand,
  closeActivityCommand,
  closureCommand,
  exclusionaryExitCommand,
  exitClockOf,
  initialState,
  participationCommand,
  requestPlannedBreakCommand,
  toView,
  touch,
} from './state';
import { detailsMarkdown } from './details';

const { persistApplication } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  // Projections must eventually land (the database may be down for a while): retry without limit.
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
  summary: 'project the application into PostgreSQL',
});

/** A DomainError becomes an ApplicationFailure whose `type` is the SPEC error code. */
function asFailure(err: unknown): unknown {
  if (isDomainError(err)) {
    return ApplicationFailure.create({ type: err.code, message: err.message, details: [err.details ?? null], nonRetryable: true });
  }
  return err;
}

function guarded<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw asFailure(err);
  }
}

/**
 * One long-lived workflow per WIOA application (SPEC §4). Mutations are Updates whose validators run
 * the domain rules; the soft exit is a durable timer recomputed whenever a relevant fact changes; a
 * writer coroutine projects every accepted change into PostgreSQL, independently of the timers.
 */
export async function applicationWorkflow(input: ApplicationWorkflowInput, carried?: ApplicationState): Promise<ApplicationView> {
  const state: ApplicationState = carried ?? initialState(input, new Date().toISOString());
  /** Bumped by every accepted change: wakes the main loop to recompute the timer. */
  let revision = 0;
  let writing = false;
  /** Set when this run is about to continue as new: the writer takes no new batch. */
  let handingOver = false;

  const now = (): number => Date.now();
  const terminal = (): boolean => state.status === 'exited_exclusionary' || state.status === 'completed';
  const pendingWrites = (): boolean =>
    state.outbox.audit.length > 0 || state.outbox.caseNotes.length > 0 || state.projectedVersion < state.version;
  const historyLimit = input.continueAsNewAfterEvents ?? DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS;
  const shouldContinueAsNew = (): boolean =>
    workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= historyLimit;

  setHandler(getApplicationView, () => toView(state, now()));

  function register<P, D>(def: UpdateDefinition<CommandResult, [Command<P>]>, spec: CommandSpec<P, D>): void {
    setHandler(
      def,
      (cmd) =>
        guarded(() => {
          const decision = spec.decide(state, cmd, now());
          const ctx = { now: now(), commandId: currentUpdateInfo()?.id ?? uuid4(), newId: uuid4 };
          const result = spec.apply(state, cmd, decision, ctx);
          touch(state, ctx);
          revision += 1;
          return Promise.resolve({ ...result, application: toView(state, ctx.now) });
        }),
      { validator: (cmd) => guarded(() => void spec.decide(state, cmd, now())) },
    );
  }
  register(recordParticipation, participationCommand);
  register(addActivity, addActivityCommand);
  register(beginActivity, beginActivityCommand);
  register(closeActivity, closeActivityCommand);
  register(requestPlannedBreak, requestPlannedBreakCommand);
  register(approvePlannedBreak, approvePlannedBreakCommand);
  register(cancelPlannedBreak, cancelPlannedBreakCommand);
  register(recordClosure, closureCommand);
  register(recordExclusionaryExit, exclusionaryExitCommand);
  register(addCaseNote, caseNoteCommand);
  register(assignCaseManager, assignCaseManagerCommand);

  /** Writer: flushes the outbox and the latest view to PostgreSQL, one batch at a time. */
  async function writer(): Promise<void> {
    for (;;) {
      await condition(() => pendingWrites() && !handingOver);
      writing = true;
      const caseNotes = state.outbox.caseNotes.slice();
      const audit = state.outbox.audit.slice();
      const view = toView(state, now());
      await persistApplication({ view, caseNotes, audit });
      state.outbox.caseNotes.splice(0, caseNotes.length);
      state.outbox.audit.splice(0, audit.length);
      state.projectedVersion = Math.max(state.projectedVersion, view.version);
      writing = false;
    }
  }
  void writer();

  let lastAttributes = '';
  function publish(): void {
    const clock = exitClockOf(state);
    setCurrentDetails(detailsMarkdown(state, clock, now()));
    if (!input.searchAttributes) return;
    const attributes = {
      status: state.status,
      caseManager: state.caseManagerId,
      softExitAt: clock.softExitAt,
      exitDate: state.exit ? `${state.exit.exitDate}T00:00:00.000Z` : null,
    };
    const key = JSON.stringify(attributes);
    if (key === lastAttributes) return;
    lastAttributes = key;
    upsertSearchAttributes([
      { key: SA.status, value: attributes.status },
      { key: SA.caseManager, value: attributes.caseManager },
      { key: SA.softExitAt, value: attributes.softExitAt ? new Date(attributes.softExitAt) : null },
      { key: SA.exitDate, value: attributes.exitDate ? new Date(attributes.exitDate) : null },
    ]);
  }

  if (!carried) applyCreated(state, { now: now(), commandId: 'create', newId: uuid4 });

  // Main loop: arm the soft-exit timer for the current facts; any accepted change re-arms it.
  while (!terminal() && !shouldContinueAsNew()) {
    publish();
    const clock = exitClockOf(state);
    if (state.status === 'participating' && clock.softExitAt !== null && now() >= Date.parse(clock.softExitAt)) {
      // R-CLOCK-4 / R-BREAK-2: due (timer fired, or a cancelled break put L + 91 in the past).
      applySoftExit(state, { now: now(), commandId: `soft-exit-${clock.softExitDate}`, newId: uuid4 });
      revision += 1;
      continue;
    }
    const seen = revision;
    const changed = (): boolean => revision !== seen || shouldContinueAsNew();
    if (state.status === 'participating' && clock.softExitAt !== null) {
      await condition(changed, Date.parse(clock.softExitAt) - now(), {
        summary: `soft exit at ${clock.softExitDate} 00:00 ${input.agencyTimeZone} (${clock.softExitAt})`,
      });
    } else {
      await condition(changed);
    }
  }
  publish();

  if (!terminal()) {
    // Hand over to a new run once every handler has finished and the batch in flight (if any) is
    // written. Unwritten outbox items travel with the state, so a steady stream of commands cannot
    // postpone the hand-over.
    handingOver = true;
    await condition(() => allHandlersFinished() && !writing);
    await continueAsNew<typeof applicationWorkflow>(input, state);
  }
  // The case is over: let in-flight updates complete and the writer catch up, then finish.
  await condition(() => allHandlersFinished() && !pendingWrites() && !writing);
  return toView(state, now());
}
