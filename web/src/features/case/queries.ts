import { useEffect } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type ApplicationView } from '../../lib/api';
import { useSubmission } from '../../lib/forms';
import { REFRESH_MS } from '../caseload/CaseloadPage';

export const applicationKey = (id: string) => ['case', id, 'view'] as const;

/**
 * The live view from the workflow (read-your-writes). Every read of a case is an entry in the access
 * log, so the page does not poll it: `useCaseChanges` watches the caseload row instead and refetches
 * the case only when it changed (or on focus, after a command, after the sandbox clock moves).
 */
export function useApplication(id: string) {
  return useQuery({
    queryKey: applicationKey(id),
    queryFn: () => call(api.GET('/api/v1/applications/{id}', { params: { path: { id } } })),
  });
}

export function useHistory(id: string) {
  return useQuery({
    queryKey: ['case', id, 'history'],
    queryFn: () => call(api.GET('/api/v1/applications/{id}/history', { params: { path: { id } } })),
  });
}

/** What of a case's caseload row says that the open page is out of date. */
export const rowSignature = (v: Pick<ApplicationView, 'version' | 'status' | 'exitClock'>): string =>
  `${v.version}|${v.status}|${v.exitClock.state}|${v.exitClock.softExitDate ?? ''}|${v.exitClock.daysRemaining ?? ''}`;

/**
 * R-UI-11 without filling the access log: the case's row in the caseload (a list read from PostgreSQL,
 * which the worker updates within a second of any change: another user's command, a timer, the sandbox
 * clock) is polled; when its version, status or clock differs from the view on screen, the case is
 * read again. A quiet case open all day costs list reads only.
 */
export function useCaseChanges(id: string, pirlId: string | undefined, shown: ApplicationView | undefined) {
  const queryClient = useQueryClient();
  const row = useQuery({
    queryKey: ['case', id, 'row', pirlId],
    enabled: pirlId !== undefined,
    refetchInterval: REFRESH_MS,
    queryFn: async () => {
      const page = await call(api.GET('/api/v1/applications', { params: { query: { q: pirlId, limit: 200 } } }));
      return page.items.find((item) => item.id === id) ?? null;
    },
  });
  const current = row.data;
  const stale = current != null && shown !== undefined && rowSignature(current) !== rowSignature(shown);
  useEffect(() => {
    if (stale) void queryClient.invalidateQueries({ queryKey: ['case', id], predicate: (q) => q.queryKey[2] === 'view' || q.queryKey[2] === 'history' });
  }, [stale, current, id, queryClient]);
}

export function useParticipant(id: string) {
  return useQuery({
    queryKey: ['case', id, 'participant'],
    staleTime: 60_000,
    queryFn: () => call(api.GET('/api/v1/applications/{id}/participant', { params: { path: { id } } })),
  });
}

export function useActivityCodes() {
  return useQuery({
    queryKey: ['activity-codes'],
    staleTime: Infinity,
    queryFn: () => call(api.GET('/api/v1/activity-codes')),
  });
}

/**
 * A command on the case: its answer's view goes into the cache at once (R-UI-11: the user's own command
 * shows immediately), then the case's queries are refetched (follow-up answers carry no view).
 */
export function useCaseCommand<T>(id: string, after?: () => void) {
  const queryClient = useQueryClient();
  return useSubmission<T>((result) => {
    const view = (result as { application?: ApplicationView } | undefined)?.application;
    if (view) queryClient.setQueryData(applicationKey(id), view);
    void queryClient.invalidateQueries({ queryKey: ['case', id] });
    void queryClient.invalidateQueries({ queryKey: ['caseload'] });
    void queryClient.invalidateQueries({ queryKey: ['alerts'] });
    after?.();
  });
}
