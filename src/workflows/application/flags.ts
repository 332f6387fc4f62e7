/**
 * The application workflow's patch ids and the flags they give a run (SPEC: every workflow change after
 * a recorded history exists goes behind `patched()`). A flag is read either once per run, at a fixed
 * point (`readStartFlags` before any handler is set, `readLoopFlags` before the main loop), or at the
 * event it decides, in which case its name says so (`…AtSoftExit`, `…AtReport`). The points and the
 * order of the reads are part of each run's recorded commands: don't move them.
 */
import { patched } from '@temporalio/workflow';

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

/**
 * patched() id: §11 R-ABUSE-2, a follow-up year whose histories stay bounded however many contact
 * attempts are recorded (R-FU-3: unlimited). Soft exits recorded since it exists start their children
 * with ParentClosePolicy.ABANDON (a continue-as-new of the application would otherwise terminate them),
 * tell them to report what changed rather than their whole view (a new contact attempt, or the other
 * fields when they change) to the application's workflow id (which survives continue-as-new), and the
 * exited application then continues as new like a participating one. The children (same patch id in
 * the follow-up workflow) continue as new too.
 */
export const PATCH_BOUNDED_FOLLOW_UP_YEAR = 'bounded-follow-up-year-v1';

/**
 * patched() id (R-ABUSE-2): runs started since it exists hand over before their history reaches the
 * bounds (HISTORY_HEADROOM of them) rather than once it has, so every run stays under them.
 */
export const PATCH_HISTORY_HEADROOM = 'history-headroom-v1';

/**
 * patched() id: R-BREAK-2, recording the begin of a planned break's activity ends the break whether it
 * was approved or is still pending. Before it, a pending break survived its activity's begin, could be
 * approved afterwards, and then moved the exit of a case whose service had simply ended to L + 181.
 * Read (through the command's context) only when a pending break's activity begins.
 */
export const PATCH_PENDING_BREAK_ENDS = 'pending-break-ends-v1';

/** Runs since PATCH_HISTORY_HEADROOM continue as new at this share of the history bounds. */
export const HISTORY_HEADROOM = 0.9;

/** Flags read once per run, before any handler is set. */
export interface StartFlags {
  /** Continue as new on history bytes too (runs recorded before may have grown past the bound). */
  continueAsNewOnBytes: boolean;
  /** Wait with timers that are never cancelled (src/workflows/wakeups.ts). */
  timersNeverCancelled: boolean;
}

export function readStartFlags(): StartFlags {
  const continueAsNewOnBytes = patched(PATCH_CONTINUE_AS_NEW_ON_BYTES);
  const timersNeverCancelled = patched(PATCH_TIMERS_NEVER_CANCELLED);
  return { continueAsNewOnBytes, timersNeverCancelled };
}

/**
 * R-ABUSE-2, read once per run right after the start flags: the run hands over before its history
 * reaches the bounds (HISTORY_HEADROOM of them) rather than at them.
 */
export const historyHeadroomAtStart = (): boolean => patched(PATCH_HISTORY_HEADROOM);

/** Flags read once per run, after the handlers are set and before the main loop (also given to nextWakeup). */
export interface LoopFlags {
  /** Alerts are derived (re-check timers, projected alerts). */
  alerts: boolean;
  /** R-IEP-6: the plan alerts too (only with `alerts`). */
  planAlerts: boolean;
  /** R-CRED-3: an exited application completes only after its credential window. */
  credentialWindow: boolean;
}

export function readLoopFlags(): LoopFlags {
  const alerts = patched(PATCH_ALERTS);
  const planAlerts = alerts && patched(PATCH_PLAN_ALERTS);
  const credentialWindow = patched(PATCH_CREDENTIAL_WINDOW);
  return { alerts, planAlerts, credentialWindow };
}

// ---- flags read at the event they decide ------------------------------------------------------------

/** At a soft exit: the exit starts its four follow-up children. */
export const followUpChildrenAtSoftExit = (): boolean => patched(PATCH_FOLLOW_UP_CHILDREN);
/** At a soft exit with children: the lean exit (one projection, `knownStatus`, child priority). */
export const leanSoftExitAtSoftExit = (): boolean => patched(PATCH_LEAN_SOFT_EXIT);
/** At a soft exit with children: the four children start in one workflow task. */
export const followUpsStartTogetherAtSoftExit = (): boolean => patched(PATCH_FOLLOW_UP_STARTS_TOGETHER);
/** At a soft exit with lean children: detached children that report changes (R-ABUSE-2). */
export const boundedFollowUpYearAtSoftExit = (): boolean => patched(PATCH_BOUNDED_FOLLOW_UP_YEAR);
/** At a follow-up child's start, when its application asked for change reports (R-ABUSE-2). */
export const boundedFollowUpAtStart = (): boolean => patched(PATCH_BOUNDED_FOLLOW_UP_YEAR);
/** At a follow-up's report: a report that changes nothing is ignored. */
export const skipUnchangedAtReport = (): boolean => patched(PATCH_UNCHANGED_FOLLOW_UP_REPORTS);
