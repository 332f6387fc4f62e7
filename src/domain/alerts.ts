/**
 * Caseload alerts (SPEC §3 "Alerts", R-CLOCK-5, R-NOTE-1, R-FU-5, R-FU-6).
 *
 * Alerts are never stored as events of their own: they are a pure projection of the application's
 * state and of "today" (R-TIME-2). {@link computeAlerts} returns the alerts open on a date; an alert
 * "resolves itself" simply by no longer being returned once its condition clears (SPEC §3).
 * {@link nextAlertChange} returns the next date on which the result can change with the state
 * unchanged, so the workflow re-projects alerts on a state change or on one durable timer at 00:00
 * agency time of that date (R-TIME-3) — no polling.
 *
 * Precise definitions (N = the threshold in days; all dates are agency-local calendar dates):
 * - `exit_approaching`: status `participating`, clock `running` or `extended` with a soft-exit date
 *   S, and 0 ≤ S − today ≤ N, i.e. open from S − N through S inclusive (default: 14 days before).
 *   `since` = S − N.
 * - `open_activity_past_projected_end`: status `participating`, an `open` activity with projected
 *   end E and today > E: open from E + 1. One per activity (subjectKey = activity id). `since` = E + 1.
 * - `future_activity_beyond_exit` (R-CLOCK-5): status `participating`, a `future` activity without
 *   actual begin whose projected begin is after the projected soft-exit date (the rule of
 *   {@link futureActivitiesBeyondSoftExit}; none while the clock is blocked / not started / stopped).
 *   It does not depend on today. `since` = today (the state holds no date at which the condition
 *   began): use {@link reconcileAlerts} to keep the first-raised date across re-projections.
 * - `planned_break_return_passed`: status `participating`, an `approved` break (so not ended, not
 *   cancelled) with resume date R, whose activity has not begun (no actual begin, or unknown), and
 *   today > R: open from R + 1 (R itself is the day the service should begin). subjectKey = break id.
 *   `since` = R + 1. A `pending` break has no clock effect and raises nothing.
 * - `case_note_due` (R-NOTE-1): status `participating`; B = the later of `lastCaseNoteDate` and
 *   `participationDate` (creating participation always records a case note, so B is normally
 *   `lastCaseNoteDate`; it falls back to the participation date when no note date is given). "No
 *   case note for 30 days" is read as: raised ON the 30th day after the last note, i.e.
 *   today − B ≥ N, open from B + N (note on 2024-03-01 → alert from 2024-03-31). `since` = B + N.
 * - `followup_due_soon` (R-FU-6): a follow-up with status `required` and due date D, and
 *   D − N ≤ today ≤ D: open from D − N (same as {@link followUpDueSoonDate}) through D inclusive.
 *   subjectKey `q<k>`. `since` = D − N. A `required` follow-up past D (its status not flipped to
 *   `overdue` yet) raises nothing: the status is trusted, so there is never a double alert.
 * - `followup_overdue` (R-FU-6): a follow-up with status `overdue` (R-FU-5), whatever today is.
 *   subjectKey `q<k>`. `since` = D + 1 ({@link followUpOverdueDate}); for a follow-up created
 *   `overdue` (R-FU-2) that date precedes its creation.
 * - `plan_objective_review_due`, `plan_goal_overdue`, `plan_missing` (R-IEP-6): see
 *   {@link planAlertCandidates}; derived only when the input carries `plans`.
 * - Application status: `eligible`, `exited_exclusionary` and `completed` → no alerts at all;
 *   `exited` (soft exit) → only the two follow-up alerts; `participating` → everything (follow-ups
 *   only exist after a soft exit, so in practice the follow-up alerts come with `exited`).
 *
 * `detail` holds ids, dates, codes and thresholds only (no PII, no case-note text) and nothing
 * that depends on today (e.g. no "days remaining"), so an open alert is stable until its condition
 * or the state changes. Output order is deterministic: {@link ALERT_TYPES} order, then subjectKey.
 *
 * Deterministic: no clock access; "today" is always a parameter.
 */
import type { ActivityView } from './activity-rules';
import { addDays, compareIsoDates, maxIsoDate, parseIsoDate, type IsoDate } from './dates';
import { ALERT_TYPES, type AlertType, type ApplicationStatus, type ExitClockState } from './enums';
import { futureActivitiesBeyondSoftExit } from './exit-clock';
import { FOLLOW_UP_DUE_SOON_DAYS_DEFAULT, followUpDueSoonDate, followUpOverdueDate, type FollowUpView } from './follow-ups';
import type { PlannedBreakView } from './planned-breaks';
import { PLAN_OBJECTIVE_REVIEW_DAYS_DEFAULT, type PlanAlertInput, planAlertCandidates } from './employment-plans';

export interface AlertThresholds {
  /** `exit_approaching` opens this many days before the soft-exit date (SPEC §3 default 14). */
  exitApproachingDays: number;
  /** R-FU-6: `followup_due_soon` opens this many days before the due date (default 14). */
  followUpDueSoonDays: number;
  /** R-NOTE-1: `case_note_due` opens this many days after the last case note (default 30). */
  caseNoteDueDays: number;
  /** R-IEP-6: `plan_objective_review_due` opens this many days before the review date (default 7; absent in older inputs). */
  planObjectiveReviewDays?: number;
}

export const DEFAULT_ALERT_THRESHOLDS: Readonly<AlertThresholds> = Object.freeze({
  exitApproachingDays: 14,
  followUpDueSoonDays: FOLLOW_UP_DUE_SOON_DAYS_DEFAULT,
  caseNoteDueDays: 30,
  planObjectiveReviewDays: PLAN_OBJECTIVE_REVIEW_DAYS_DEFAULT,
});

/** JSON-safe, PII-free alert details (ids, dates, codes, thresholds). */
export type AlertDetail = Record<string, string | number | boolean | null>;

export interface Alert {
  type: AlertType;
  /** '' for application-wide alerts, an activity id, `q<k>` for a follow-up, or the break id. */
  subjectKey: string;
  /** The date the condition began (see the module comment for each type). */
  since: IsoDate;
  /** No PII: ids, dates, codes only. */
  detail: AlertDetail;
}

/**
 * What the alerts depend on. An {@link ApplicationView} plus `lastCaseNoteDate` satisfies it.
 * `lastCaseNoteDate` = the latest contact date of any case note (stand-alone or attached to an
 * activity), or null when none is known.
 */
export interface AlertInput {
  status: ApplicationStatus;
  exitClock: { state: ExitClockState; softExitDate: IsoDate | null };
  activities: readonly (Pick<ActivityView, 'id' | 'code' | 'status' | 'actualBeginDate' | 'projectedBeginDate' | 'projectedEndDate'> &
    Partial<Pick<ActivityView, 'category'>>)[];
  plannedBreak: Pick<PlannedBreakView, 'id' | 'status' | 'resumeDate' | 'activityId'> | null;
  followUps: readonly Pick<FollowUpView, 'quarter' | 'dueDate' | 'status'>[];
  participationDate: IsoDate | null;
  lastCaseNoteDate: IsoDate | null;
  /**
   * R-IEP-6: the application's plans. Absent = the plan alerts are not derived at all (runs recorded
   * before they existed, see PATCH_PLAN_ALERTS in the workflow); `[]` = no plan.
   */
  plans?: PlanAlertInput['plans'];
}

/** Identity of an alert within one application: `type:subjectKey`. */
export function alertKey(alert: Pick<Alert, 'type' | 'subjectKey'>): string {
  return `${alert.type}:${alert.subjectKey}`;
}

/** Application statuses with application-level alerts (exit clock, activities, break, case notes). */
function hasApplicationAlerts(status: ApplicationStatus): boolean {
  return status === 'participating';
}

/** Application statuses with follow-up alerts (follow-ups exist only after a soft exit). */
function hasFollowUpAlerts(status: ApplicationStatus): boolean {
  return status === 'participating' || status === 'exited';
}

/**
 * A potential alert and the inclusive range of dates on which it is open, given the state:
 * open on `today` iff (from === null || from ≤ today) && (until === null || today ≤ until).
 * Both {@link computeAlerts} and {@link nextAlertChange} are derived from this one list, so they
 * cannot disagree.
 */
interface Candidate {
  type: AlertType;
  subjectKey: string;
  from: IsoDate | null;
  until: IsoDate | null;
  /** null: the date of observation (today). */
  since: IsoDate | null;
  detail: AlertDetail;
}

function assertThresholds(t: AlertThresholds): void {
  for (const [name, value] of Object.entries(t)) {
    if (!Number.isInteger(value) || (value as number) < 0) {
      // Configuration error (not a request rule violation): no DomainError code applies.
      throw new RangeError(`alert threshold ${name} must be a non-negative integer, got ${String(value)}`);
    }
  }
}

function candidates(input: AlertInput, t: AlertThresholds): Candidate[] {
  const out: Candidate[] = [];

  if (hasApplicationAlerts(input.status)) {
    const { state, softExitDate } = input.exitClock;
    const clockRuns = (state === 'running' || state === 'extended') && softExitDate !== null;

    // exit_approaching: S − N … S.
    if (clockRuns) {
      const from = addDays(softExitDate, -t.exitApproachingDays);
      out.push({
        type: 'exit_approaching',
        subjectKey: '',
        from,
        until: softExitDate,
        since: from,
        detail: { softExitDate, clockState: state, thresholdDays: t.exitApproachingDays },
      });
    }

    // open_activity_past_projected_end: from E + 1.
    for (const a of input.activities) {
      if (a.status !== 'open' || !a.projectedEndDate) continue;
      const from = addDays(a.projectedEndDate, 1);
      out.push({
        type: 'open_activity_past_projected_end',
        subjectKey: a.id,
        from,
        until: null,
        since: from,
        detail: { activityId: a.id, code: a.code, projectedEndDate: a.projectedEndDate },
      });
    }

    // future_activity_beyond_exit (R-CLOCK-5): state only. The shared filter reads status, actual
    // and projected begin only; `restartsExitClock` is irrelevant to it.
    if (clockRuns) {
      const beyond = futureActivitiesBeyondSoftExit(
        input.activities.map((a) => ({ ...a, restartsExitClock: false })),
        { softExitDate },
      );
      for (const a of beyond) {
        out.push({
          type: 'future_activity_beyond_exit',
          subjectKey: a.id,
          from: null,
          until: null,
          since: null,
          detail: { activityId: a.id, code: a.code, projectedBeginDate: a.projectedBeginDate ?? null, softExitDate },
        });
      }
    }

    // planned_break_return_passed: approved break, activity not begun, from R + 1.
    const pb = input.plannedBreak;
    if (pb && pb.status === 'approved') {
      const activity = input.activities.find((a) => a.id === pb.activityId);
      const begun = activity !== undefined && (!!activity.actualBeginDate || activity.status !== 'future');
      if (!begun) {
        const from = addDays(pb.resumeDate, 1);
        out.push({
          type: 'planned_break_return_passed',
          subjectKey: pb.id,
          from,
          until: null,
          since: from,
          detail: { breakId: pb.id, activityId: pb.activityId, resumeDate: pb.resumeDate },
        });
      }
    }

    // case_note_due (R-NOTE-1): from B + N.
    const base = maxIsoDate([input.lastCaseNoteDate, input.participationDate].filter((d): d is IsoDate => d !== null));
    if (base !== null) {
      const from = addDays(base, t.caseNoteDueDays);
      out.push({
        type: 'case_note_due',
        subjectKey: '',
        from,
        until: null,
        since: from,
        detail: { lastCaseNoteDate: input.lastCaseNoteDate, countedFrom: base, thresholdDays: t.caseNoteDueDays },
      });
    }
  }

  if (hasFollowUpAlerts(input.status)) {
    for (const f of input.followUps) {
      const subjectKey = `q${f.quarter}`;
      if (f.status === 'required') {
        // R-FU-6 due soon: D − N … D. Past D: nothing until the status flips to overdue (R-FU-5).
        const from = followUpDueSoonDate(f.dueDate, t.followUpDueSoonDays);
        out.push({
          type: 'followup_due_soon',
          subjectKey,
          from,
          until: f.dueDate,
          since: from,
          detail: { quarter: f.quarter, dueDate: f.dueDate, thresholdDays: t.followUpDueSoonDays },
        });
      } else if (f.status === 'overdue') {
        out.push({
          type: 'followup_overdue',
          subjectKey,
          from: null,
          until: null,
          since: followUpOverdueDate(f.dueDate),
          detail: { quarter: f.quarter, dueDate: f.dueDate },
        });
      }
    }
  }

  // R-IEP-6 (src/domain/employment-plans.ts decides the conditions).
  if (input.plans !== undefined) {
    const planInput = { status: input.status, participationDate: input.participationDate, activities: input.activities, plans: input.plans };
    out.push(...planAlertCandidates(planInput, t.planObjectiveReviewDays ?? PLAN_OBJECTIVE_REVIEW_DAYS_DEFAULT));
  }

  return out;
}

function minIsoDate(dates: readonly IsoDate[]): IsoDate | null {
  let min: IsoDate | null = null;
  for (const d of dates) if (min === null || compareIsoDates(d, min) < 0) min = d;
  return min;
}

function isOpenOn(c: Candidate, today: IsoDate): boolean {
  return (c.from === null || c.from <= today) && (c.until === null || today <= c.until);
}

const TYPE_ORDER: ReadonlyMap<AlertType, number> = new Map(ALERT_TYPES.map((t, i) => [t, i]));

function compareAlerts(a: Alert, b: Alert): number {
  const byType = (TYPE_ORDER.get(a.type) ?? 0) - (TYPE_ORDER.get(b.type) ?? 0);
  if (byType !== 0) return byType;
  return a.subjectKey < b.subjectKey ? -1 : a.subjectKey > b.subjectKey ? 1 : 0;
}

/**
 * The alerts open on `today` for the given state (see the module comment for the exact rules).
 * Sorted by type (in {@link ALERT_TYPES} order), then subjectKey.
 */
export function computeAlerts(input: AlertInput, today: IsoDate, thresholds: AlertThresholds = DEFAULT_ALERT_THRESHOLDS): Alert[] {
  assertThresholds(thresholds);
  parseIsoDate(today, 'today');
  return candidates(input, thresholds)
    .filter((c) => isOpenOn(c, today))
    .map((c): Alert => ({ type: c.type, subjectKey: c.subjectKey, since: c.since ?? today, detail: c.detail }))
    .sort(compareAlerts);
}

/**
 * The earliest date after `today` on which {@link computeAlerts} returns a different set of alerts
 * (compared by {@link alertKey} and `detail`) with the state unchanged, or null when time alone
 * changes nothing. Exact: on that date an alert opens or closes (e.g. S − N for exit_approaching,
 * E + 1 after a projected end, B + N for a case note, D − N and D + 1 for a due-soon window, R + 1
 * after a break's resume date). The workflow arms one timer at 00:00 agency time on it (R-TIME-3)
 * and re-projects; any state change also re-projects and recomputes this date.
 */
export function nextAlertChange(input: AlertInput, today: IsoDate, thresholds: AlertThresholds = DEFAULT_ALERT_THRESHOLDS): IsoDate | null {
  assertThresholds(thresholds);
  parseIsoDate(today, 'today');
  const changes: IsoDate[] = [];
  for (const c of candidates(input, thresholds)) {
    if (c.from !== null) changes.push(c.from); // the alert opens
    if (c.until !== null) changes.push(addDays(c.until, 1)); // the alert closes
  }
  return minIsoDate(changes.filter((d) => compareIsoDates(d, today) > 0));
}

/** What changed between two projections of one application's alerts. */
export interface AlertReconciliation {
  /** The current alerts; one still open since the previous projection keeps its earlier `since`. */
  alerts: Alert[];
  /** Alerts open now and not before. */
  opened: Alert[];
  /** Alerts open before and not now (resolved: their condition cleared). */
  resolved: Alert[];
}

/**
 * Merges a new projection into the previous one (matched by {@link alertKey}): an alert that stays
 * open keeps the `since` it was first raised with (this matters for `future_activity_beyond_exit`,
 * whose `since` is the observation date, and when a state change moves a derived date while the
 * alert stays open); `detail` always comes from the current projection.
 */
export function reconcileAlerts(previous: readonly Alert[], current: readonly Alert[]): AlertReconciliation {
  const before = new Map(previous.map((a) => [alertKey(a), a]));
  const nowKeys = new Set(current.map(alertKey));
  const alerts: Alert[] = [];
  const opened: Alert[] = [];
  for (const a of current) {
    const old = before.get(alertKey(a));
    if (old) {
      alerts.push({ ...a, since: old.since });
    } else {
      alerts.push(a);
      opened.push(a);
    }
  }
  const resolved = previous.filter((a) => !nowKeys.has(alertKey(a)));
  return { alerts, opened, resolved };
}
