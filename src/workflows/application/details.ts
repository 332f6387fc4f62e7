import { daysRemaining, type ExitClock } from '../../domain/exit-clock';
import { credentialWindowCompletionDate, credentialWindowEnd } from '../../domain/credentials';
import type { ApplicationState } from './state';

/**
 * What an operator sees as "current details" in the Temporal UI (Markdown): status, exit clock, next
 * timer with days left, open follow-ups, open alerts. No PII: ids, statuses and dates only.
 */
export function detailsMarkdown(state: ApplicationState, clock: ExitClock, now: number): string {
  const lines = [
    `**Status:** ${state.status}` + (state.caseManagerId ? ` · case manager ${state.caseManagerId}` : ''),
    `**Exit clock:** ${clock.state}` + (clock.lastServiceDate ? ` · last service ${clock.lastServiceDate}` : ''),
  ];
  if (clock.softExitDate) {
    const left = daysRemaining(clock.softExitDate, now, state.input.agencyTimeZone);
    lines.push(`**Next timer:** soft exit at ${clock.softExitAt} (${clock.softExitDate}, ${left} days left)`);
  } else if (state.status === 'participating') {
    lines.push('**Next timer:** none while the exit clock is not running (no days left to count)');
  }
  if (clock.blockingActivityIds.length > 0) lines.push(`**Blocked by open services:** ${clock.blockingActivityIds.length}`);
  if (state.plannedBreak) lines.push(`**Planned break:** ${state.plannedBreak.status}, resume ${state.plannedBreak.resumeDate}`);
  if (state.exit) lines.push(`**Exit:** ${state.exit.type} · exit date ${state.exit.exitDate} · recorded ${state.exit.exitedAt}`);
  if (state.exit?.type === 'soft' && state.status === 'exited') {
    // R-CRED-3: dates only.
    lines.push(
      state.credentialWindowClosedOn
        ? `**Credential window:** ended ${credentialWindowEnd(state.exit.exitDate)}`
        : `**Credential window:** open until ${credentialWindowEnd(state.exit.exitDate)} · completes no earlier than ${credentialWindowCompletionDate(state.exit.exitDate)}`,
    );
  }
  const open = state.followUps.filter((f) => f.status === 'required' || f.status === 'overdue');
  if (open.length > 0) lines.push(`**Open follow-ups:** ${open.map((f) => `q${f.quarter} due ${f.dueDate} (${f.status})`).join(', ')}`);
  // Alerts are ids, types and dates only (SPEC "Alerts"): no PII.
  const alerts = state.alerts ?? [];
  lines.push(
    alerts.length > 0
      ? `**Open alerts:** ${alerts.map((a) => `${a.type}${a.subjectKey ? ` (${a.subjectKey})` : ''} since ${a.since}`).join(', ')}`
      : '**Open alerts:** none',
  );
  return lines.join('\n\n');
}
