import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiProblem, api, call } from '../../lib/api';
import { Checkbox, CommandForm, ProblemSummary, Select, TextInput, useSubmission } from '../../lib/forms';
import { alertLabel } from '../../lib/labels';
import { usePageTitle } from '../../lib/page';
import { canWrite, useAuth } from '../auth/AuthProvider';
import { TYPES_WITH_DAYS, rowsFrom, subscriptionsFrom, type Notify, type SubscriptionRow } from './subscriptions';

const SUBSCRIPTIONS_KEY = ['me', 'alert-subscriptions'] as const;
const NOTIFY_OPTIONS = [
  { value: 'on_the_day', label: 'Once, on the first day' },
  { value: 'daily_while_open', label: 'Every day while it is open' },
];

/** R-UI-7, R-SUB-1: the caller's alert subscriptions: which alerts notify them every morning, and how often. */
export default function AlertSettingsPage() {
  usePageTitle('Alert subscriptions');
  const { me } = useAuth();
  const current = useQuery({ queryKey: SUBSCRIPTIONS_KEY, queryFn: () => call(api.GET('/api/v1/me/alert-subscriptions')) });
  return (
    <>
      <h1>Alert subscriptions</h1>
      <p>
        Every morning at 06:00 you get a notification for each subscribed alert on the cases of your caseload. A number of days replaces the case&apos;s
        threshold for your notifications (for example, exit approaching within 14 days).
      </p>
      <ProblemSummary problem={current.error instanceof ApiProblem ? current.error : null} />
      {current.isPending && <p>Loading your subscriptions…</p>}
      <h2>Your subscriptions</h2>
      {current.data && <SubscriptionsForm initial={rowsFrom(current.data.subscriptions)} editable={canWrite(me)} />}
    </>
  );
}

function SubscriptionsForm({ initial, editable }: { initial: SubscriptionRow[]; editable: boolean }) {
  const queryClient = useQueryClient();
  const [rows, setRows] = useState(initial);
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const save = useSubmission<unknown>((result) => {
    queryClient.setQueryData(SUBSCRIPTIONS_KEY, result);
    setSaved(true);
  });
  const update = (type: string, change: Partial<SubscriptionRow>): void => {
    setSaved(false);
    setRows((rs) => rs.map((r) => (r.type === type ? { ...r, ...change } : r)));
  };
  const table = (
    <div className="console-table-wrap">
      <table className="usa-table usa-table--compact">
        <caption className="usa-sr-only">One row per alert type</caption>
        <thead>
          <tr>
            <th scope="col">Alert</th>
            <th scope="col">Subscribed</th>
            <th scope="col">Notify</th>
            <th scope="col">Days</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.type}>
              <th scope="row">{alertLabel(r.type)}</th>
              <td>
                {editable ? (
                  <Checkbox label={`Subscribe to ${alertLabel(r.type)}`} checked={r.subscribed} onChange={(v) => update(r.type, { subscribed: v })} />
                ) : r.subscribed ? (
                  'Yes'
                ) : (
                  'No'
                )}
              </td>
              <td>
                {editable && r.subscribed ? (
                  <Select
                    label={`How often: ${alertLabel(r.type)}`}
                    value={r.notify}
                    onChange={(v) => update(r.type, { notify: v as Notify })}
                    options={NOTIFY_OPTIONS}
                  />
                ) : r.subscribed ? (
                  (NOTIFY_OPTIONS.find((o) => o.value === r.notify)?.label ?? r.notify)
                ) : (
                  '—'
                )}
              </td>
              <td>
                {editable && r.subscribed && TYPES_WITH_DAYS.has(r.type) ? (
                  <TextInput
                    label={`Days: ${alertLabel(r.type)}`}
                    hint="1–90; empty: the case's own"
                    inputMode="numeric"
                    value={r.days}
                    onChange={(v) => update(r.type, { days: v })}
                    error={invalid[r.type]}
                  />
                ) : (
                  r.days || '—'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  if (!editable) return table;
  return (
    <CommandForm
      title="Subscriptions by alert type"
      submitLabel="Save subscriptions"
      problem={save.problem}
      pending={save.pending}
      onSubmit={() => {
        const body = subscriptionsFrom(rows);
        if ('invalid' in body) {
          setInvalid(body.invalid);
          return;
        }
        setInvalid({});
        void save.submit(body, () => call(api.PUT('/api/v1/me/alert-subscriptions', { body })));
      }}
    >
      {table}
      {saved && (
        <p role="status" className="text-bold">
          Subscriptions saved.
        </p>
      )}
    </CommandForm>
  );
}
