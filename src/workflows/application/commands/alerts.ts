/** Caseload alerts derived from the state (SPEC "Alerts"). */
import { type AlertInput, type AlertThresholds, computeAlerts, nextAlertChange, reconcileAlerts } from '../../../domain/alerts';
import { startOfAgencyDay } from '../../../domain/dates';
import { type ApplicationState, toView, todayOf } from '../state';

/** What the alerts read: the view (the plans too, for R-IEP-6) and the last case note's date. */
function alertInput(state: ApplicationState, now: number): AlertInput {
  return { ...toView(state, now), lastCaseNoteDate: state.lastCaseNoteDate };
}

/**
 * Re-derives the open alerts at `now` (SPEC "Alerts"); returns true when the set (or a detail)
 * changed, so the writer projects it. An alert that stays open keeps the day it began.
 */
export function refreshAlerts(state: ApplicationState, now: number, thresholds: AlertThresholds): boolean {
  const current = computeAlerts(alertInput(state, now), todayOf(state, now), thresholds);
  const next = reconcileAlerts(state.alerts ?? [], current).alerts;
  if (JSON.stringify(next) === JSON.stringify(state.alerts ?? [])) return false;
  state.alerts = next;
  return true;
}

/** The instant the alert set can next change by time alone (00:00 agency time), or null. */
export function nextAlertInstant(state: ApplicationState, now: number, thresholds: AlertThresholds): number | null {
  const date = nextAlertChange(alertInput(state, now), todayOf(state, now), thresholds);
  return date ? startOfAgencyDay(date, state.input.agencyTimeZone).getTime() : null;
}
