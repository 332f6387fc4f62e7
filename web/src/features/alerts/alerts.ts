import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../lib/api';

/** Open alerts of the caller's cases, polled with the caseload (R-UI-11). */
export function useOpenAlerts() {
  return useQuery({
    queryKey: ['alerts', 'open'],
    refetchInterval: 5_000,
    queryFn: () => call(api.GET('/api/v1/alerts', { params: { query: { status: 'open', limit: 500 } } })),
  });
}

/** Application id → its number of open alerts. */
export function useOpenAlertCounts(): Map<string, number> {
  const alerts = useOpenAlerts();
  const counts = new Map<string, number>();
  for (const a of alerts.data?.items ?? []) counts.set(a.applicationId, (counts.get(a.applicationId) ?? 0) + 1);
  return counts;
}
