import { useParams } from 'react-router';
import { ApiProblem } from '../../lib/api';
import { programLabel, statusLabel, clockLabel, alertLabel } from '../../lib/labels';
import { dateTimeIn } from '../../lib/dates';
import { ProblemSummary } from '../../lib/forms';
import { usePageTitle } from '../../lib/page';
import { canWrite, useAuth } from '../auth/AuthProvider';
import { allowedCommands } from './allowed';
import { useToday } from '../sandbox/clock';
import { useOpenAlerts } from '../alerts/alerts';
import { useApplication, useCaseChanges, useHistory, useParticipant } from './queries';
import { Timeline } from './Timeline';
import type { TimelineInput } from './timeline';
import { ActivitiesSection, ParticipationSection } from './ActivitySections';
import { CaseNotesSection, ClosureSection, ExclusionarySection, PlannedBreakSection } from './CaseSections';
import { FollowUpsSection } from './FollowUpsSection';
import { OutcomesSection } from './OutcomesSection';
import { AssessmentSection, PlanSection } from '../plan/PlanSections';
import { CorrectionsSection } from '../corrections/CorrectionsSection';

/** R-UI-4: one case: header, exit-clock timeline, the sections of its commands, alerts, audit trail. */
export function CasePage() {
  const { id = '' } = useParams();
  const { me, config } = useAuth();
  const today = useToday();
  const application = useApplication(id);
  const view = application.data;
  const participant = useParticipant(id);
  const p = participant.data;
  useCaseChanges(id, p?.pirlId, view);
  const name = p ? `${p.firstName} ${p.lastName}` : view ? 'Case' : 'Loading case…';
  usePageTitle(p ? `${p.lastName}, ${p.firstName}` : 'Case');

  if (application.error && !view) {
    return (
      <>
        <h1>Case</h1>
        <ProblemSummary problem={application.error instanceof ApiProblem ? application.error : null} />
      </>
    );
  }
  if (!view || !today) return <h1>{name}</h1>;

  const allowed = allowedCommands(view, me);
  const clock = view.exitClock;
  const clockRuns = view.exit === null && clock.softExitDate !== null && (clock.state === 'running' || clock.state === 'extended');
  const input: TimelineInput = {
    today,
    status: view.status,
    eligibilityDate: view.eligibilityDate,
    participationDate: view.participationDate,
    lastServiceDate: view.lastServiceDate,
    exitClock: clock,
    activities: view.activities,
    plannedBreak: view.plannedBreak,
    exit: view.exit,
    followUps: view.followUps,
  };
  return (
    <>
      <h1>{name}</h1>
      <dl className="console-case-header grid-row grid-gap">
        <CaseFact label="PIRL id" value={p?.pirlId ?? '…'} />
        <CaseFact label="SSN last four" value={p ? (p.ssnLast4 ?? '—') + (p.pseudoSsn ? ' (pseudo-SSN)' : '') : '…'} />
        <CaseFact label="Programs" value={view.programs.map(programLabel).join(', ')} />
        <CaseFact label="Office" value={view.office} />
        <CaseFact label="Case manager" value={view.caseManagerId ?? '—'} />
        <CaseFact label="Eligibility date" value={view.eligibilityDate} />
        <CaseFact label="Participation date" value={view.participationDate ?? '—'} />
      </dl>
      <p className="console-status">
        Status: <strong>{statusLabel(view.status)}</strong> · Exit clock: {clockLabel(clock.state)}
      </p>
      {clockRuns && (
        <p className="console-status">
          <strong>{`Soft exit date ${clock.softExitDate}`}</strong>
          {clock.daysRemaining !== null ? ` (${clock.daysRemaining} days remaining)` : ''}
        </p>
      )}
      {view.exit && (
        <p className="console-status">
          Exit date {view.exit.exitDate} (
          {view.exit.type === 'soft' ? 'soft exit' : `exclusionary exit${view.exit.reason ? `, reason ${view.exit.reason}` : ''}`})
        </p>
      )}
      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Exit clock</h2>
        <Timeline input={input} />
      </section>
      {!allowed.any && (
        <p className="usa-hint">{canWrite(me) ? 'This case is closed: no command can change it.' : 'Your role may read this case but not change it.'}</p>
      )}
      {allowed.participation && <ParticipationSection view={view} today={today} />}
      <ActivitiesSection view={view} today={today} allowed={allowed} />
      <FollowUpsSection view={view} today={today} allowed={allowed} />
      <CaseNotesSection view={view} today={today} allowed={allowed} />
      {allowed.plannedBreak || view.plannedBreak ? <PlannedBreakSection view={view} allowed={allowed} me={me} /> : null}
      {allowed.closure || view.closure ? <ClosureSection view={view} allowed={allowed} /> : null}
      {allowed.exclusionary && <ExclusionarySection view={view} today={today} />}
      <OutcomesSection view={view} today={today} allowed={allowed} />
      <AssessmentSection view={view} me={me} />
      <PlanSection view={view} me={me} today={today} />
      <CorrectionsSection view={view} me={me} timeZone={config.agencyTimeZone} />
      <CaseAlerts id={view.id} />
      <AuditTrail id={view.id} timeZone={config.agencyTimeZone} />
    </>
  );
}

function CaseFact({ label, value }: { label: string; value: string }) {
  return (
    <div className="tablet:grid-col-3 margin-bottom-1">
      <dt className="text-bold">{label}</dt>
      <dd className="margin-left-0">{value}</dd>
    </div>
  );
}

function CaseAlerts({ id }: { id: string }) {
  const alerts = useOpenAlerts();
  const mine = (alerts.data?.items ?? []).filter((a) => a.applicationId === id);
  return (
    <section aria-labelledby="case-alerts">
      <h2 id="case-alerts">Alerts</h2>
      {mine.length === 0 ? (
        <p>No open alert.</p>
      ) : (
        <ul className="usa-list">
          {mine.map((a) => (
            <li key={a.subjectKey + a.type}>
              {alertLabel(a.type)}
              {a.since ? ` since ${a.since}` : ''}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function AuditTrail({ id, timeZone }: { id: string; timeZone: string }) {
  const history = useHistory(id);
  const items = history.data?.items ?? [];
  return (
    <section aria-labelledby="audit-trail">
      <h2 id="audit-trail">Audit trail</h2>
      <div className="console-table-wrap">
        <table className="usa-table usa-table--compact usa-table--borderless">
          <caption className="usa-sr-only">Every accepted command, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Command</th>
              <th scope="col">Who</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.commandId}>
                <td>{dateTimeIn(e.at, timeZone)}</td>
                <td>{e.command}</td>
                <td>
                  {e.actorId} ({e.actorRole})
                </td>
              </tr>
            ))}
            {items.length === 0 && (
              <tr>
                <td colSpan={3}>{history.isPending ? 'Loading…' : 'No entry yet.'}</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
