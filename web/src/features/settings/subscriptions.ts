/**
 * The alert subscriptions form (R-SUB-1) as plain data: one row per alert type, turned into the body of
 * `PUT /api/v1/me/alert-subscriptions`. Pure, unit-tested in test/web.
 */

import type { Schemas } from '../../lib/api';

export const ALERT_TYPES = [
  'exit_approaching',
  'open_activity_past_projected_end',
  'future_activity_beyond_exit',
  'planned_break_return_passed',
  'case_note_due',
  'followup_due_soon',
  'followup_overdue',
  'plan_objective_review_due',
  'plan_goal_overdue',
  'plan_missing',
] as const satisfies readonly Schemas['AlertSubscriptionType'][];
export type AlertType = (typeof ALERT_TYPES)[number];
/**
 * The list above is the API's enumeration of alert types (the generated schema), in display order: a
 * type the API adds and this list lacks fails the console's type check instead of going unoffered.
 */
const EVERY_TYPE_LISTED: Exclude<Schemas['AlertSubscriptionType'], AlertType> extends never ? true : false = true;
void EVERY_TYPE_LISTED;

/** The types whose threshold a subscription may replace (`days`, 1–90). */
export const TYPES_WITH_DAYS: ReadonlySet<string> = new Set(['exit_approaching', 'followup_due_soon', 'case_note_due', 'plan_objective_review_due']);

export type Notify = 'on_the_day' | 'daily_while_open';

export interface Subscription {
  type: AlertType;
  days?: number;
  notify: Notify;
}

export interface SubscriptionRow {
  type: AlertType;
  subscribed: boolean;
  notify: Notify;
  /** As typed; empty: the case's own threshold. */
  days: string;
}

/** The form's rows from the caller's subscriptions: every type, subscribed or not. */
export function rowsFrom(subscriptions: readonly { type: string; days?: number; notify: Notify }[]): SubscriptionRow[] {
  return ALERT_TYPES.map((type) => {
    const s = subscriptions.find((x) => x.type === type);
    return { type, subscribed: s !== undefined, notify: s?.notify ?? 'on_the_day', days: s?.days !== undefined ? String(s.days) : '' };
  });
}

/** The body to send, or the rows whose days are not a whole number 1–90 (by type). */
export function subscriptionsFrom(rows: readonly SubscriptionRow[]): { subscriptions: Subscription[] } | { invalid: Record<string, string> } {
  const invalid: Record<string, string> = {};
  const subscriptions: Subscription[] = [];
  for (const r of rows) {
    if (!r.subscribed) continue;
    const days = r.days.trim();
    if (days !== '' && TYPES_WITH_DAYS.has(r.type)) {
      const n = Number(days);
      if (!/^\d+$/.test(days) || n < 1 || n > 90) {
        invalid[r.type] = 'Days must be a whole number from 1 to 90';
        continue;
      }
      subscriptions.push({ type: r.type, days: n, notify: r.notify });
    } else subscriptions.push({ type: r.type, notify: r.notify });
  }
  return Object.keys(invalid).length > 0 ? { invalid } : { subscriptions };
}
