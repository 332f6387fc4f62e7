import { useOpenAlerts } from '../alerts/alerts';

/** The header's count of the caller's open alerts, beside the `Alerts` link (whose name stays `Alerts`). */
export function OpenAlertCount() {
  const alerts = useOpenAlerts();
  const n = alerts.data?.total;
  if (n === undefined || n === 0) return null;
  return (
    <span className="console-count">
      {n}
      <span className="usa-sr-only">{n === 1 ? ' open alert' : ' open alerts'}</span>
    </span>
  );
}
