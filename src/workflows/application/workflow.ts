import {
  CancellationScope,
  type ChildWorkflowHandle,
  CancelledFailure,
  ParentClosePolicy,
  allHandlersFinished,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  patched,
  startChild,
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
import { guarded } from '../failures';
import {
  type ApplicationView,
  type ApplicationWorkflowInput,
  type Command,
  type CommandResult,
  type FollowUpView,
  DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS,
  DEFAULT_CONTINUE_AS_NEW_AFTER_BYTES,
  SA,
  addActivity,
  addCaseNote,
  approvePlannedBreak,
  declineFollowUps,
  followUpChanged,
  followUpWorkflowId,
  assignCaseManager,
  beginActivity,
  cancelPlannedBreak,
  closeActivity,
  getApplicationView,
  addPlanGoal,
  addPlanObjective,
  closePlan,
  completePlanGoal,
  createPlan,
  linkPlanService,
  recordAssessmentSection,
  reviewPlanObjective,
  recordClosure,
  recordExclusionaryExit,
  recordParticipation,
  requestPlannedBreak,
  approveDataChange,
  rejectDataChange,
  requestDataChange,
  recordCredential,
  recordSkillGain,
} from './contract';
import { type ApplicationState, type CommandSpec, exitClockOf, initialState, toView, touch } from './state';
import {
  addActivityCommand,
  addPlanGoalCommand,
  addPlanObjectiveCommand,
  assessmentSectionCommand,
  closePlanCommand,
  completePlanGoalCommand,
  createPlanCommand,
  linkPlanServiceCommand,
  reviewPlanObjectiveCommand,
  allFollowUpsResolved,
  applyCompleted,
  applyCreated,
  applyFollowUpChange,
  applyFollowUpFailure,
  applySoftExit,
  approvePlannedBreakCommand,
  assignCaseManagerCommand,
  beginActivityCommand,
  cancelPlannedBreakCommand,
  caseNoteCommand,
  closeActivityCommand,
  closureCommand,
  declineFollowUpsCommand,
  exclusionaryExitCommand,
  nextAlertInstant,
  participationCommand,
  refreshAlerts,
  requestPlannedBreakCommand,
  approveDataChangeCommand,
  rejectDataChangeCommand,
  requestDataChangeCommand,
  recordCredentialCommand,
  recordSkillGainCommand,
  applyCredentialWindowClosed,
  credentialWindowClosesAt,
  credentialWindowDue,
  credentialWindowPassed,
  outcomesWritten,
  pendingOutcomes,
} from './commands';
import { detailsMarkdown } from './details';
import { createWakeups } from '../wakeups';
import { followUpWorkflow } from '../follow-up/workflow';
import { FOLLOW_UP_PRIORITY, type FollowUpWorkflowInput, declineFollowUp } from '../follow-up/contract';
import { agencyToday } from '../../domain/dates';
import { FOLLOW_UP_GRACE_DAYS_DEFAULT } from '../../domain/follow-ups';
import { DEFAULT_ALERT_THRESHOLDS } from '../../domain/alerts';

const SYSTEM_ACTOR_STAFF = { staffId: 'system', role: 'staff' } as const;

/** patched() id: alerts derived by the workflow (re-check timers, projected alerts). */
export const PATCH_ALERTS = 'alerts-v1';

/**
 * patched() id: the plan alerts (R-IEP-6) are derived in runs started (or continued as new) since
 * they exist: `plan_missing` could become true on a recorded history (participating > 30 days with a
 * training or individualized service and no plan) and change what it does.
 */
export const PATCH_PLAN_ALERTS = 'plan-alerts-v1';

/** patched() id: soft exits recorded since follow-up children exist start the four children. */
export const PATCH_FOLLOW_UP_CHILDREN = 'follow-up-children-v1';

/** patched() id: runs started since it exists also continue as new on history bytes (continueAsNewAfterBytes). */
export const PATCH_CONTINUE_AS_NEW_ON_BYTES = 'continue-as-new-on-bytes-v1';

/**
 * patched() id: runs started since it exists wait with timers they never cancel (src/workflows/wakeups.ts):
 * a cancelled timer that had fired during the same workflow task wedged the time-skipping server.
 */
export const PATCH_TIMERS_NEVER_CANCELLED = 'timers-never-cancelled-v1';

/**
 * patched() id: R-CRED-3 / amended R-FU-7. Runs recorded since it exists complete an exited
 * application only from the day after its credential window ends (exit date + 1 year), with a
 * durable timer for that day; runs recorded before completed as soon as the four follow-ups resolved.
 */
export const PATCH_CREDENTIAL_WINDOW = 'credential-window-v1';

/**
 * patched() id: soft exits recorded since it exists start their four follow-up children in one
 * workflow task (four commands at once) instead of one child per task: at a shared agency midnight
 * each exit costs one task instead of four (issue 18, bench:storm).
 */
export const PATCH_FOLLOW_UP_STARTS_TOGETHER = 'follow-up-starts-together-v1';

/**
 * patched() id: runs since it exists ignore a follow-up report that changes nothing (every child's
 * first report, made when it starts: the application already holds that view). At a shared midnight
 * that is four projections fewer per exit (issue 18).
 */
export const PATCH_UNCHANGED_FOLLOW_UP_REPORTS = 'unchanged-follow-up-reports-v1';

/**
 * patched() id: soft exits recorded since it exists are one projection and no child report (issue 18,
 * bench:storm). The alerts the exit ends are cleared in the exit's own change (before: one more
 * version, projected by a second batch after the first), and each child is told the status the
 * application already holds for it (`knownStatus`), so it reports at its start only when its own
 * differs (before: four signals, four child tasks and one application task more per exit). The
 * children also run at a lower task-queue priority than the applications (FOLLOW_UP_PRIORITY), so
 * that at a shared midnight the exits are recorded before the 4N children's first tasks.
 */
export const PATCH_LEAN_SOFT_EXIT = 'lean-soft-exit-v1';

const { persistApplication } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  // Projections must eventually land (the database may be down for a while): retry without limit.
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
  summary: 'project the application into PostgreSQL',
});

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
    state.outbox.audit.length > 0 ||
    state.outbox.caseNotes.length > 0 ||
    (state.outbox.changeRequestTexts?.length ?? 0) > 0 ||
    (state.outbox.planRecords?.length ?? 0) > 0 ||
    state.projectedVersion < state.version ||
    pendingOutcomes(state) !== undefined;
  const historyLimit = input.continueAsNewAfterEvents ?? DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS;
  // A run recorded before the byte bound existed may have grown past it without continuing as new:
  // replaying it must not decide differently now (patch marker, read once per run).
  const historyBytesLimit = patched(PATCH_CONTINUE_AS_NEW_ON_BYTES)
    ? (input.continueAsNewAfterBytes ?? DEFAULT_CONTINUE_AS_NEW_AFTER_BYTES)
    : Number.POSITIVE_INFINITY;
  // Runs recorded before it cancelled the soft-exit and alert timers they no longer needed; they
  // replay that way (patch marker, read once per run).
  const wakeups = patched(PATCH_TIMERS_NEVER_CANCELLED) ? createWakeups() : null;
  // Not after the soft exit: the follow-up children belong to this run (their parent close policy
  // would end them), and that phase's history is bounded by the four follow-ups' activity.
  const terminalAlertsCleared = (): void => {
    if (state.alerts && state.alerts.length > 0) {
      state.alerts = [];
      touch(state, { now: now(), commandId: 'alerts', newId: uuid4 });
    }
  };
  const shouldContinueAsNew = (): boolean =>
    state.status !== 'exited' &&
    (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= historyLimit || workflowInfo().historySize >= historyBytesLimit);

  // Before any handler is set: an Update delivered with the start runs as soon as its handler exists.
  if (!carried) applyCreated(state, { now: now(), commandId: 'create', newId: uuid4 });
  setHandler(getApplicationView, () => toView(state, now()));

  function register<P, D>(
    def: UpdateDefinition<CommandResult, [Command<P>]>,
    spec: CommandSpec<P, D>,
    /** Side effects after the state change (e.g. signalling follow-up children). */
    after?: (decision: D) => Promise<void>,
  ): void {
    setHandler(
      def,
      async (cmd) => {
        const { decision, result, at } = guarded(() => {
          const decision = spec.decide(state, cmd, now());
          const ctx = { now: now(), commandId: currentUpdateInfo()?.id ?? uuid4(), newId: uuid4 };
          const result = spec.apply(state, cmd, decision, ctx);
          touch(state, ctx);
          revision += 1;
          return { decision, result, at: ctx.now };
        });
        if (after) await after(decision);
        return { ...result, application: toView(state, at) };
      },
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
  // §8: objective assessment and plan (new update names: no recorded history holds them).
  register(recordAssessmentSection, assessmentSectionCommand);
  register(createPlan, createPlanCommand);
  register(addPlanGoal, addPlanGoalCommand);
  register(completePlanGoal, completePlanGoalCommand);
  register(addPlanObjective, addPlanObjectiveCommand);
  register(reviewPlanObjective, reviewPlanObjectiveCommand);
  register(linkPlanService, linkPlanServiceCommand);
  register(closePlan, closePlanCommand);
  // R-DCR-1 … R-DCR-3: data change requests (new Updates: no recorded history holds them).
  register(requestDataChange, requestDataChangeCommand);
  register(approveDataChange, approveDataChangeCommand);
  register(rejectDataChange, rejectDataChangeCommand);
  register(recordCredential, recordCredentialCommand);
  register(recordSkillGain, recordSkillGainCommand);
  // R-FU-5: declining ends every open follow-up; the children hear it by signal.
  register(declineFollowUps, declineFollowUpsCommand, async (quarters) => {
    const date = state.followUps.find((f) => f.status === 'declined')?.declinedOn ?? agencyToday(now(), input.agencyTimeZone);
    await Promise.all(
      quarters.map((q) =>
        getExternalWorkflowHandle(followUpWorkflowId(input.applicationId, q))
          .signal(declineFollowUp, { date, by: SYSTEM_ACTOR_STAFF })
          .catch(() => undefined), // already finished: its outcome reaches the application anyway
      ),
    );
  });

  setHandler(followUpChanged, (view) => {
    applyFollowUpChange(state, view, { now: now(), commandId: `followup-q${view.quarter}`, newId: uuid4 }, { skipUnchanged: patched(PATCH_UNCHANGED_FOLLOW_UP_REPORTS) });
    revision += 1;
  });

  /**
   * R-FU-1: one child workflow per quarter; the application records each outcome (R-FU-7). Runs
   * recorded since PATCH_FOLLOW_UP_STARTS_TOGETHER start the four in one workflow task; older runs
   * replay one start per task, as they were recorded.
   */
  async function startFollowUps(lean: boolean): Promise<void> {
    if (patched(PATCH_FOLLOW_UP_STARTS_TOGETHER)) {
      const quarters = state.followUps.slice();
      const children = await Promise.all(quarters.map((f) => startChild(followUpWorkflow, followUpOptions(f, lean))));
      children.forEach((child, i) => recordFollowUpOutcome(child, quarters[i]!));
      return;
    }
    // As recorded: one start per task. Keep this loop's awaits as they are: the order of this run's
    // commands (the timer after the last start, then the projection) depends on them.
    for (const f of state.followUps) {
      const child = await startChild(followUpWorkflow, followUpOptions(f));
      recordFollowUpOutcome(child, f);
    }
  }

  /**
   * `lean` (PATCH_LEAN_SOFT_EXIT): the child is told the status this workflow holds for it, and its
   * tasks queue behind the applications' own (FOLLOW_UP_PRIORITY) when the task queue is backed up.
   */
  function followUpOptions(f: FollowUpView, lean = false) {
    return {
      workflowId: followUpWorkflowId(input.applicationId, f.quarter),
      ...(lean ? { priority: { priorityKey: FOLLOW_UP_PRIORITY } } : {}),
      // Terminated with the application (cancelled or terminated): no orphaned follow-ups.
      parentClosePolicy: ParentClosePolicy.TERMINATE,
      staticSummary: `Follow-up q${f.quarter} of application ${input.applicationId} · due ${f.dueDate}`,
      // R-OPS-1: an office's (or a case manager's) follow-ups are one visibility query.
      ...(input.searchAttributes
        ? {
            typedSearchAttributes: [
              { key: SA.office, value: input.office },
              ...(state.caseManagerId ? [{ key: SA.caseManager, value: state.caseManagerId }] : []),
            ],
          }
        : {}),
      staticDetails: `**Quarter ${f.quarter}** after exit · period ${f.periodStart} – ${f.periodEnd} · due ${f.dueDate} · missed after the grace period of ${input.followUpGraceDays ?? FOLLOW_UP_GRACE_DAYS_DEFAULT} days · reports every change to \`${workflowInfo().workflowId}\``,
      args: [
        {
          applicationId: input.applicationId,
          parentWorkflowId: workflowInfo().workflowId,
          quarter: f.quarter,
          periodStart: f.periodStart,
          periodEnd: f.periodEnd,
          dueDate: f.dueDate,
          agencyTimeZone: input.agencyTimeZone,
          graceDays: input.followUpGraceDays ?? FOLLOW_UP_GRACE_DAYS_DEFAULT,
          prefill: f.prefill ?? null,
          searchAttributes: input.searchAttributes,
          ...(lean ? { knownStatus: f.status } : {}),
        },
      ] as [FollowUpWorkflowInput],
    };
  }

  /** R-FU-7: the child's final view (or its failure) is recorded on the application's follow-up. */
  function recordFollowUpOutcome(child: ChildWorkflowHandle<typeof followUpWorkflow>, f: FollowUpView): void {
    child
      .result()
      .then((final) =>
        applyFollowUpChange(state, final, { now: now(), commandId: `followup-q${f.quarter}-result`, newId: uuid4 }, { skipUnchanged: patched(PATCH_UNCHANGED_FOLLOW_UP_REPORTS) }),
      )
      .catch((err: unknown) => {
        if (isCancellation(err)) return;
        const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message || err.cause.name}` : '';
        const message = `${err instanceof Error ? err.message : String(err)}${cause}`;
        applyFollowUpFailure(state, f.quarter, message, { now: now(), commandId: `followup-q${f.quarter}-failed`, newId: uuid4 });
        log.warn('follow-up child failed; recorded as an error on its follow-up', { quarter: f.quarter });
      })
      .finally(() => {
        revision += 1;
      });
  }

  /** Writer: flushes the outbox and the latest view to PostgreSQL, one batch at a time. */
  async function writer(): Promise<void> {
    for (;;) {
      await condition(() => pendingWrites() && !handingOver);
      writing = true;
      const caseNotes = state.outbox.caseNotes.slice();
      const audit = state.outbox.audit.slice();
      const changeRequestTexts = state.outbox.changeRequestTexts?.slice() ?? [];
      const outcomes = pendingOutcomes(state);
      const planRecords = (state.outbox.planRecords ?? []).slice();
      const view = toView(state, now());
      await persistApplication({
        view,
        caseNotes,
        audit,
        ...(state.alerts ? { alerts: state.alerts } : {}),
        ...(outcomes ? { outcomes } : {}),
        ...(planRecords.length > 0 ? { planRecords } : {}),
        ...(changeRequestTexts.length > 0 ? { changeRequestTexts } : {}),
      });
      state.outbox.caseNotes.splice(0, caseNotes.length);
      state.outbox.audit.splice(0, audit.length);
      state.outbox.changeRequestTexts?.splice(0, changeRequestTexts.length);
      if (outcomes) outcomesWritten(state, outcomes);
      state.outbox.planRecords?.splice(0, planRecords.length);
      state.projectedVersion = Math.max(state.projectedVersion, view.version);
      writing = false;
    }
  }
  writer().catch((err: unknown) => {
    if (!isCancellation(err)) throw err; // a real failure fails the workflow task (visible, retried)
  });

  let lastAttributes = '';
  function publish(): void {
    const clock = exitClockOf(state);
    setCurrentDetails(detailsMarkdown(state, clock, now(), credentialWindowOn));
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


  // Cancellation (an operator's cancel): stop waiting, let the follow-ups be cancelled with this
  // scope, and end as cancelled (children still running are terminated by their parent close policy).
  let cancelRequested = false;
  CancellationScope.current().cancelRequested.catch(() => {
    cancelRequested = true;
    revision += 1;
  });

  // Alerts are derived in workflows started (or continued as new) since they exist (patch marker).
  const alertsOn = patched(PATCH_ALERTS);
  // R-IEP-6: the plan alerts only in runs started since they exist (patch marker, read once per run).
  const planAlertsOn = alertsOn && patched(PATCH_PLAN_ALERTS);
  const thresholds = input.alertThresholds ?? DEFAULT_ALERT_THRESHOLDS;
  // R-CRED-3: runs recorded before it completed when the follow-ups resolved (patch marker, read once per run).
  const credentialWindowOn = patched(PATCH_CREDENTIAL_WINDOW);

  // Main loop: arm the soft-exit timer for the current facts; any accepted change re-arms it.
  while (!terminal() && !shouldContinueAsNew() && !cancelRequested) {
    if (alertsOn && refreshAlerts(state, now(), thresholds, planAlertsOn)) touch(state, { now: now(), commandId: 'alerts', newId: uuid4 });
    publish();
    const clock = exitClockOf(state);
    if (state.status === 'participating' && clock.softExitAt !== null && now() >= Date.parse(clock.softExitAt)) {
      // R-CLOCK-4 / R-BREAK-2: due (timer fired, or a cancelled break put L + 91 in the past).
      // Cases that exited before follow-up children existed replay without them (patch marker).
      const withFollowUps = patched(PATCH_FOLLOW_UP_CHILDREN);
      const exitCtx = { now: now(), commandId: `soft-exit-${clock.softExitDate}`, newId: uuid4 };
      applySoftExit(state, exitCtx, withFollowUps);
      // Exits recorded since PATCH_LEAN_SOFT_EXIT: the alerts the exit ends are part of the exit's
      // own change (its version), so one batch projects both.
      const lean = withFollowUps && patched(PATCH_LEAN_SOFT_EXIT);
      if (lean && alertsOn) refreshAlerts(state, now(), thresholds, planAlertsOn);
      revision += 1;
      log.info('soft exit recorded', { exitDate: state.exit?.exitDate, softExitDate: clock.softExitDate, followUps: withFollowUps });
      if (withFollowUps) await startFollowUps(lean);
      continue;
    }
    if (credentialWindowOn && credentialWindowDue(state, now())) {
      // R-CRED-3: the credential window has ended (its timer fired): recorded once; completion may follow.
      applyCredentialWindowClosed(state, { now: now(), commandId: 'credential-window-closed', newId: uuid4 });
      revision += 1;
      continue;
    }
    if (state.status === 'exited' && allFollowUpsResolved(state) && (!credentialWindowOn || credentialWindowPassed(state))) {
      applyCompleted(state, { now: now(), commandId: 'completed', newId: uuid4 });
      revision += 1;
      continue;
    }
    const seen = revision;
    const changed = (): boolean => revision !== seen || shouldContinueAsNew();
    const softExitAt = state.status === 'participating' && clock.softExitAt !== null ? Date.parse(clock.softExitAt) : null;
    const alertAt = alertsOn ? nextAlertInstant(state, now(), thresholds, planAlertsOn) : null;
    const alertFirst = alertAt !== null && (softExitAt === null || alertAt < softExitAt);
    const firstAt = alertFirst ? alertAt : softExitAt;
    const firstSummary = alertFirst
      ? `re-check alerts at ${new Date(alertAt).toISOString()}`
      : `soft exit at ${clock.softExitDate} 00:00 ${input.agencyTimeZone} (${clock.softExitAt})`;
    // R-CRED-3: the day after the credential window (null in runs without the patch: no change there).
    const windowAt = credentialWindowOn ? credentialWindowClosesAt(state) : null;
    const windowFirst = windowAt !== null && (firstAt === null || windowAt < firstAt);
    const at = windowFirst ? windowAt : firstAt;
    const summary = windowFirst ? `credential window ends: re-check completion at ${new Date(windowAt).toISOString()}` : firstSummary;
    if (wakeups) await wakeups.until(changed, at, summary);
    else if (at !== null) await condition(changed, at - now(), { summary });
    else await condition(changed);
  }
  if (terminal()) terminalAlertsCleared();
  publish();
  if (cancelRequested) {
    log.warn('application workflow cancelled', { status: state.status });
    throw new CancelledFailure('the application workflow was cancelled');
  }

  if (!terminal()) {
    // Hand over to a new run once every handler has finished and the batch in flight (if any) is
    // written. Unwritten outbox items travel with the state, so a steady stream of commands cannot
    // postpone the hand-over.
    handingOver = true;
    await condition(() => allHandlersFinished() && !writing);
    log.info('continuing as new', { historyLength: workflowInfo().historyLength, status: state.status });
    await continueAsNew<typeof applicationWorkflow>(input, state);
  }
  // The case is over: let in-flight updates complete and the writer catch up, then finish.
  await condition(() => allHandlersFinished() && !pendingWrites() && !writing);
  log.info('application workflow finished', { status: state.status });
  return toView(state, now());
}
