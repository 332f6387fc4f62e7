/**
 * What the application workflow does next, as a pure function of its state, the current instant and
 * the run's checkpoint (no Temporal API here: unit-tested in test/workflows/next-wakeup.test.ts without a
 * server). Either an action is due now (the soft exit, the end of the credential window, completion),
 * or the workflow waits until `at` (the earliest of the soft-exit instant, the next day the alert set
 * can change by time alone, the day after the credential window, and the run's checkpoint, when it
 * continues as new on the current code: docs/versioning.md; null = only a change wakes it).
 *
 * R-CLOCK-3 / R-CLOCK-4: the soft exit is due at 00:00 agency time on L + 91 (R-BREAK-2: L + 181 with an
 * approved planned break), recomputed from the facts on every change. R-CRED-3: an exited application
 * completes only from the day after exit date + 1 year.
 */
import { checkpointSummary } from '../../temporal/checkpoint';
import { DEFAULT_ALERT_THRESHOLDS } from '../../domain/alerts';
import { allFollowUpsResolved, credentialWindowClosesAt, credentialWindowDue, credentialWindowPassed, nextAlertInstant } from './commands';
import { type ApplicationState, exitClockOf } from './state';

export type NextWakeup =
  /** R-CLOCK-4: record the soft exit (its timer fired, or a cancelled break put L + 91 in the past). */
  | { action: 'softExit'; softExitDate: string }
  /** R-CRED-3: the credential window has ended: record it once. */
  | { action: 'closeCredentialWindow' }
  /** R-FU-7: every follow-up is resolved (and the credential window has passed): complete. */
  | { action: 'complete' }
  /** Nothing is due: wait until `at` (epoch ms) or a change; `summary` names the timer in the UI. */
  | { action: 'wait'; at: number | null; summary: string };

/**
 * `checkpointAt` (epoch ms, null = none): when this run continues as new so that the case reaches the
 * current code (docs/versioning.md); the workflow checks it before asking, this only wakes it then.
 */
export function nextWakeup(state: ApplicationState, now: number, checkpointAt: number | null = null): NextWakeup {
  const clock = exitClockOf(state);
  const softExitAt = state.status === 'participating' && clock.softExitAt !== null ? Date.parse(clock.softExitAt) : null;
  if (softExitAt !== null && now >= softExitAt) return { action: 'softExit', softExitDate: clock.softExitDate as string };
  if (credentialWindowDue(state, now)) return { action: 'closeCredentialWindow' };
  if (state.status === 'exited' && allFollowUpsResolved(state) && credentialWindowPassed(state)) return { action: 'complete' };

  const thresholds = state.input.alertThresholds ?? DEFAULT_ALERT_THRESHOLDS;
  const alertAt = nextAlertInstant(state, now, thresholds);
  const windowAt = credentialWindowClosesAt(state);
  // Ties go to the soft exit, then the alerts (the summary an operator sees names the more important).
  const candidates: Array<{ at: number | null; summary: () => string }> = [
    { at: softExitAt, summary: () => `soft exit at ${clock.softExitDate} 00:00 ${state.input.agencyTimeZone} (${clock.softExitAt})` },
    { at: alertAt, summary: () => `re-check alerts at ${new Date(alertAt as number).toISOString()}` },
    { at: windowAt, summary: () => `credential window ends: re-check completion at ${new Date(windowAt as number).toISOString()}` },
    { at: checkpointAt, summary: () => checkpointSummary(checkpointAt as number) },
  ];
  const first = candidates.reduce((best, c) => (c.at !== null && (best.at === null || c.at < best.at) ? c : best));
  return { action: 'wait', at: first.at, summary: first.summary() };
}
