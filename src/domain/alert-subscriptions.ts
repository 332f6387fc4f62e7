/**
 * Alert subscriptions (SPEC §9 R-SUB-1; seed 001 "Modify My Alert Subscriptions").
 *
 * A staff member subscribes to alert types of the cases in their caseload. Each subscription says
 * how often to be notified: `on_the_day` (once, on the first day the condition holds) or
 * `daily_while_open` (every day it holds). For the types with a day threshold (`exit_approaching`,
 * `followup_due_soon`, `case_note_due`, `plan_objective_review_due`) it may carry `days` (1–90),
 * which replaces the case's threshold for that staff member's notifications only (the caseload's
 * alerts keep the agency's thresholds).
 *
 * The subscribable types are the alert types of src/domain/alerts.ts plus the plan alerts of SPEC
 * §8 R-IEP-6 (accepted here before they are computed, so a subscription to them is valid at once).
 */
import { type AlertThresholds, DEFAULT_ALERT_THRESHOLDS } from './alerts';
import { PLAN_ALERT_TYPES } from './employment-plans';
import { ALERT_TYPES } from './enums';
import { DomainError } from './errors';

/** SPEC §8 R-IEP-6 plan alerts (defined with the plan rules; they join ALERT_TYPES as those land). */

/** Every type a staff member may subscribe to (alert types first, in their order). */
export const SUBSCRIPTION_TYPES = [...new Set<string>([...ALERT_TYPES, ...PLAN_ALERT_TYPES])] as [string, ...string[]];
export type SubscriptionType = string;

export const NOTIFY_MODES = ['on_the_day', 'daily_while_open'] as const;
export type NotifyMode = (typeof NOTIFY_MODES)[number];

/** The types whose subscription may carry `days`, and the threshold `days` replaces. */
const DAYS_THRESHOLD_OF = {
  exit_approaching: 'exitApproachingDays',
  followup_due_soon: 'followUpDueSoonDays',
  case_note_due: 'caseNoteDueDays',
  plan_objective_review_due: 'planObjectiveReviewDays',
} as const satisfies Record<string, string>;
export const DAYS_TYPES = Object.keys(DAYS_THRESHOLD_OF) as (keyof typeof DAYS_THRESHOLD_OF)[];
export const SUBSCRIPTION_DAYS_MIN = 1;
export const SUBSCRIPTION_DAYS_MAX = 90;

export interface AlertSubscription {
  type: SubscriptionType;
  /** Only for {@link DAYS_TYPES}; absent = the case's threshold. */
  days?: number;
  notify: NotifyMode;
}

const hasDays = (type: string): type is keyof typeof DAYS_THRESHOLD_OF => Object.prototype.hasOwnProperty.call(DAYS_THRESHOLD_OF, type);

/**
 * R-SUB-1: a caller's full list of subscriptions (it replaces the previous one). One subscription per
 * type (`DUPLICATE_SUBSCRIPTION`), only subscribable types (`UNKNOWN_ALERT_TYPE`), `days` an integer
 * 1–90 (`SUBSCRIPTION_DAYS_OUT_OF_RANGE`) and only on a type with a threshold (`SUBSCRIPTION_DAYS_NOT_ALLOWED`).
 * Returns them in {@link SUBSCRIPTION_TYPES} order.
 */
export function validateSubscriptions(subscriptions: readonly AlertSubscription[]): AlertSubscription[] {
  const seen = new Set<string>();
  for (const s of subscriptions) {
    if (!SUBSCRIPTION_TYPES.includes(s.type)) {
      throw new DomainError('UNKNOWN_ALERT_TYPE', `unknown alert type ${s.type}`, { type: s.type });
    }
    if (seen.has(s.type)) throw new DomainError('DUPLICATE_SUBSCRIPTION', `${s.type} is listed more than once`, { type: s.type });
    seen.add(s.type);
    if (s.days !== undefined) {
      if (!hasDays(s.type)) {
        throw new DomainError('SUBSCRIPTION_DAYS_NOT_ALLOWED', `${s.type} has no day threshold: days is only for ${DAYS_TYPES.join(', ')}`, { type: s.type });
      }
      if (!Number.isInteger(s.days) || s.days < SUBSCRIPTION_DAYS_MIN || s.days > SUBSCRIPTION_DAYS_MAX) {
        throw new DomainError('SUBSCRIPTION_DAYS_OUT_OF_RANGE', `days must be an integer from ${SUBSCRIPTION_DAYS_MIN} to ${SUBSCRIPTION_DAYS_MAX}`, {
          type: s.type,
          days: s.days,
        });
      }
    }
  }
  const order = new Map(SUBSCRIPTION_TYPES.map((t, i) => [t, i]));
  return [...subscriptions]
    .map((s) => ({ type: s.type, notify: s.notify, ...(s.days !== undefined ? { days: s.days } : {}) }))
    .sort((a, b) => (order.get(a.type) ?? 0) - (order.get(b.type) ?? 0));
}

/**
 * The thresholds the conditions are evaluated with for one staff member: the case's (agency)
 * thresholds, each replaced by the `days` of the staff member's subscription to its type. A threshold
 * `computeAlerts` does not read (yet) is carried along harmlessly.
 */
export function thresholdsFor<T extends AlertThresholds>(
  subscriptions: readonly AlertSubscription[],
  base: T = DEFAULT_ALERT_THRESHOLDS as T,
): T & Record<string, number> {
  const out: Record<string, number> = { ...(base as unknown as Record<string, number>) };
  for (const s of subscriptions) {
    if (s.days !== undefined && hasDays(s.type)) out[DAYS_THRESHOLD_OF[s.type]] = s.days;
  }
  return out as T & Record<string, number>;
}
