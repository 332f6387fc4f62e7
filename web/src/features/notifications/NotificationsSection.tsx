import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ApiProblem, api, call } from '../../lib/api';
import { ProblemSummary, useSubmission } from '../../lib/forms';
import { alertLabel } from '../../lib/labels';
import { REFRESH_MS } from '../caseload/CaseloadPage';

const NOTIFICATIONS_KEY = ['me', 'notifications'] as const;

/** R-SUB-3: the caller's notifications (the daily job's), unread first on demand, each marked read from here. */
export function NotificationsSection() {
  const queryClient = useQueryClient();
  const [unreadOnly, setUnreadOnly] = useState(true);
  const list = useQuery({
    queryKey: [...NOTIFICATIONS_KEY, unreadOnly],
    refetchInterval: REFRESH_MS,
    queryFn: () => call(api.GET('/api/v1/me/notifications', { params: { query: { limit: 100, ...(unreadOnly ? { unread: 'true' as const } : {}) } } })),
  });
  const read = useSubmission<unknown>(() => void queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }));
  const items = list.data?.items ?? [];
  return (
    <section aria-labelledby="notifications-heading">
      <h2 id="notifications-heading">Notifications</h2>
      <fieldset className="usa-fieldset">
        <legend className="usa-sr-only">Which notifications</legend>
        <div className="usa-radio display-inline-block margin-right-2">
          <input
            className="usa-radio__input"
            id="notifications-unread"
            type="radio"
            name="notifications"
            checked={unreadOnly}
            onChange={() => setUnreadOnly(true)}
          />
          <label className="usa-radio__label" htmlFor="notifications-unread">
            Unread
          </label>
        </div>
        <div className="usa-radio display-inline-block">
          <input
            className="usa-radio__input"
            id="notifications-all"
            type="radio"
            name="notifications"
            checked={!unreadOnly}
            onChange={() => setUnreadOnly(false)}
          />
          <label className="usa-radio__label" htmlFor="notifications-all">
            All
          </label>
        </div>
      </fieldset>
      <ProblemSummary problem={read.problem ?? (list.error instanceof ApiProblem ? list.error : null)} />
      {list.data && (
        <p>
          {list.data.total === 0
            ? unreadOnly
              ? 'No unread notification.'
              : 'No notification.'
            : `${list.data.total} notification${list.data.total === 1 ? '' : 's'}.`}{' '}
          <Link to="/settings/alerts">Alert subscriptions</Link> choose what you are notified of.
        </p>
      )}
      {items.length > 0 && (
        <div className="console-table-wrap">
          <table className="usa-table usa-table--compact">
            <caption className="usa-sr-only">Your notifications, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Alert</th>
                <th scope="col">Case</th>
                <th scope="col">Read</th>
              </tr>
            </thead>
            <tbody>
              {items.map((n) => (
                <tr key={n.id} className={n.readAt ? undefined : 'text-bold'}>
                  <td>{n.day}</td>
                  <td>{alertLabel(n.type)}</td>
                  <td>
                    <Link to={`/cases/${n.applicationId}`}>Case {n.applicationId.slice(0, 8)}</Link>
                  </td>
                  <td>
                    {n.readAt ? (
                      'Read'
                    ) : (
                      <button
                        type="button"
                        className="usa-button usa-button--unstyled"
                        aria-label={`Mark as read: ${alertLabel(n.type)}, ${n.day}, case ${n.applicationId.slice(0, 8)}`}
                        onClick={() =>
                          void read.submit({ id: n.id }, () => call(api.POST('/api/v1/me/notifications/{id}/read', { params: { path: { id: n.id } } })))
                        }
                      >
                        Mark as read
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
