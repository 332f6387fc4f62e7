import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../lib/api';
import { dateIn } from '../../lib/dates';
import { useAuth } from '../auth/AuthProvider';

export const SANDBOX_CLOCK_KEY = ['sandbox-clock'] as const;

/** The sandbox's clock (time-skipping server), polled like every other view (R-UI-11). */
export function useSandboxClock(enabled: boolean) {
  return useQuery({
    queryKey: SANDBOX_CLOCK_KEY,
    enabled,
    refetchInterval: 5_000,
    queryFn: () => call(api.GET('/api/v1/sandbox/clock')),
  });
}

/** Today in the agency's time zone: the sandbox's date in sandbox mode (empty until it is known), else the real one. */
export function useToday(): string {
  const { config } = useAuth();
  const clock = useSandboxClock(config.sandbox);
  if (config.sandbox) return clock.data ? dateIn(clock.data.now, config.agencyTimeZone) : '';
  return dateIn(new Date(), config.agencyTimeZone);
}
