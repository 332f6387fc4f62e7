import { Link } from 'react-router';
import { usePageTitle } from '../../lib/page';
import { alertLabel } from '../../lib/labels';
import { useOpenAlerts } from './alerts';
import { NotificationsSection } from '../notifications/NotificationsSection';

/** The caller's open alerts by type, each linking to its case (the rest of R-UI-7 comes with notifications). */
export function AlertsPage() {
  usePageTitle('Alerts');
  const alerts = useOpenAlerts();
  const items = alerts.data?.items ?? [];
  const byType = new Map<string, typeof items>();
  for (const a of items) byType.set(a.type, [...(byType.get(a.type) ?? []), a]);
  return (
    <>
      <h1>Alerts</h1>
      {alerts.isPending && <p>Loading alerts…</p>}
      {!alerts.isPending && items.length === 0 && <p>No open alert.</p>}
      {[...byType].map(([type, list]) => (
        <section key={type} aria-labelledby={`alerts-${type}`}>
          <h2 id={`alerts-${type}`}>
            {alertLabel(type)} ({list.length})
          </h2>
          <ul className="usa-list">
            {list.map((a) => (
              <li key={`${a.applicationId}:${a.subjectKey}`}>
                <Link to={`/cases/${a.applicationId}`}>Case {a.applicationId.slice(0, 8)}</Link>
                {a.since ? ` since ${a.since}` : ''}
                {a.caseManagerId ? ` · ${a.caseManagerId}` : ''}
              </li>
            ))}
          </ul>
        </section>
      ))}
      <NotificationsSection />
    </>
  );
}
