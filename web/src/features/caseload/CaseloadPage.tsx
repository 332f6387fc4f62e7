import { useEffect, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { ApiProblem, api, call, type Schemas } from '../../lib/api';
import { addDays } from '../../lib/dates';
import { PROGRAMS, STATUSES, clockLabel, programLabel, statusLabel } from '../../lib/labels';
import { Field, ProblemSummary, Select } from '../../lib/forms';
import { usePageTitle } from '../../lib/page';
import { Pager } from '../../lib/Pager';
import { pageRange } from '../../lib/paging';
import { useAuth } from '../auth/AuthProvider';
import { useToday } from '../sandbox/clock';
import { useOpenAlertCounts } from '../alerts/alerts';

export const PAGE_SIZE = 50;
/** R-UI-11: a change made elsewhere shows within 10 s; polling every 5 s is simple and works behind any proxy. */
export const REFRESH_MS = 5_000;
/** `caseManager=all` in the URL: every case manager (a staff member otherwise starts on their own cases). */
const ALL = 'all';

type CaseloadItem = Schemas['CaseloadItem'];

/** R-UI-3: the caller's cases in scope, filtered, searched, sorted by soft exit date, 50 a page. */
export function CaseloadPage() {
  usePageTitle('Caseload');
  const { me } = useAuth();
  const today = useToday();
  const [params, setParams] = useSearchParams();
  const set = (changes: Record<string, string | null>): void => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === '') next.delete(k);
      else next.set(k, v);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next, { replace: true });
  };
  const q = params.get('q') ?? '';
  const cmParam = params.get('caseManager');
  // A staff member starts on their own cases; a search looks through every case in scope unless a case manager is chosen.
  const caseManager = cmParam ?? (me?.role === 'staff' && !q ? me.staffId : ALL);
  const office = params.get('office') ?? '';
  const status = params.get('status') ?? '';
  const program = params.get('program') ?? '';
  const group = params.get('group') ?? '';
  const within = params.get('within') ?? '';
  const page = Math.max(0, Number(params.get('page') ?? '0') || 0);

  // The search box is typed into freely; the URL (and the query) follows after a short pause.
  const [search, setSearch] = useState(q);
  useEffect(() => {
    if (search.trim() === q) return;
    const t = setTimeout(() => set({ q: search.trim() || null }), 300);
    return () => clearTimeout(t);
  }, [search]);

  const withinDays = Number(within);
  const query = {
    ...(caseManager !== ALL ? { caseManagerId: caseManager } : {}),
    ...(office ? { office } : {}),
    ...(status ? { status: status as (typeof STATUSES)[number] } : {}),
    ...(program ? { program: program as 'ADULT' } : {}),
    ...(group ? { groupId: group } : {}),
    ...(within && today && Number.isInteger(withinDays) && withinDays >= 0 ? { softExitBefore: addDays(today, withinDays + 1) } : {}),
    ...(q ? { q } : {}),
    limit: PAGE_SIZE,
    offset: page * PAGE_SIZE,
  };
  const caseload = useQuery({
    queryKey: ['caseload', query],
    enabled: me !== undefined && (within === '' || today !== ''),
    refetchInterval: REFRESH_MS,
    placeholderData: keepPreviousData,
    queryFn: () => call(api.GET('/api/v1/applications', { params: { query } })),
  });
  const groups = useQuery({
    queryKey: ['groups'],
    staleTime: 60_000,
    queryFn: () => call(api.GET('/api/v1/case-management-groups', { params: { query: {} } })),
  });
  const alertCounts = useOpenAlertCounts();
  const total = caseload.data?.total ?? 0;
  const range = pageRange(page, PAGE_SIZE, total);
  const items = caseload.data?.items ?? [];
  const offices = me && !me.offices.includes('*') ? me.offices : null;

  return (
    <>
      <h1>Caseload</h1>
      <form
        className="console-search margin-bottom-2"
        role="search"
        aria-label="Cases"
        onSubmit={(e) => {
          e.preventDefault();
          set({ q: search.trim() || null });
        }}
      >
        <Field label="Search cases" hint="Last name (its first letters) or an exact PIRL id">
          {({ id, describedBy }) => (
            <div className="display-flex">
              <input id={id} className="usa-input" type="search" value={search} aria-describedby={describedBy} onChange={(e) => setSearch(e.target.value)} />
              <button className="usa-button" type="submit">
                Search
              </button>
            </div>
          )}
        </Field>
      </form>
      <form className="console-filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
        <Select
          label="Case manager"
          value={caseManager}
          onChange={(v) => set({ caseManager: v })}
          options={[
            ...(me && me.role !== 'viewer' ? [{ value: me.staffId, label: `My cases (${me.staffId})` }] : []),
            ...(cmParam && cmParam !== ALL && cmParam !== me?.staffId ? [{ value: cmParam, label: cmParam }] : []),
            { value: ALL, label: 'All case managers' },
          ]}
        />
        {offices ? (
          <Select
            label="Office"
            value={office}
            onChange={(v) => set({ office: v })}
            empty="All my offices"
            options={offices.map((o) => ({ value: o, label: o }))}
          />
        ) : (
          <OfficeFilter value={office} onChange={(v) => set({ office: v })} />
        )}
        <Select
          label="Status"
          value={status}
          onChange={(v) => set({ status: v })}
          empty="Any status"
          options={STATUSES.map((s) => ({ value: s, label: statusLabel(s) }))}
        />
        <Select
          label="Program"
          value={program}
          onChange={(v) => set({ program: v })}
          empty="Any program"
          options={PROGRAMS.map((p) => ({ value: p, label: programLabel(p) }))}
        />
        <Select
          label="Group"
          value={group}
          onChange={(v) => set({ group: v })}
          empty="Any group"
          options={(groups.data?.items ?? []).map((g) => ({ value: g.id, label: `${g.name} (${g.office})` }))}
        />
        <Select
          label="Soft exit within"
          value={within}
          onChange={(v) => set({ within: v })}
          empty="Any time"
          options={[7, 14, 30, 60, 90].map((d) => ({ value: String(d), label: `${d} days` }))}
        />
      </form>
      {caseload.error instanceof ApiProblem && <ProblemSummary problem={caseload.error} />}
      <div className="console-table-wrap">
        <table className="usa-table usa-table--striped usa-table--compact width-full">
          <caption>
            {caseload.isPending
              ? 'Loading cases…'
              : `${total} case${total === 1 ? '' : 's'}, soonest soft exit first${total > PAGE_SIZE && range ? `; showing ${range.first}–${range.last}` : ''}`}
          </caption>
          <thead>
            <tr>
              <th scope="col">Participant</th>
              <th scope="col">PIRL id</th>
              <th scope="col">Programs</th>
              <th scope="col">Office</th>
              <th scope="col">Case manager</th>
              <th scope="col">Status</th>
              <th scope="col">Exit clock</th>
              <th scope="col">Soft exit date</th>
              <th scope="col">Days remaining</th>
              <th scope="col">Open alerts</th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <CaseRow key={a.id} item={a} alerts={alertCounts.get(a.id) ?? 0} />
            ))}
            {!caseload.isPending && items.length === 0 && (
              <tr>
                <td colSpan={10}>No case matches.</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <Pager label="Pages of cases" page={page} pageSize={PAGE_SIZE} total={total} onPage={(p) => set({ page: String(p) })} />
    </>
  );
}

function OfficeFilter({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => {
    if (text.trim() === value) return;
    const t = setTimeout(() => onChange(text.trim()), 400);
    return () => clearTimeout(t);
  }, [text]);
  return <Field label="Office">{({ id }) => <input id={id} className="usa-input" type="text" value={text} onChange={(e) => setText(e.target.value)} />}</Field>;
}

function CaseRow({ item, alerts }: { item: CaseloadItem; alerts: number }) {
  const p = item.participant;
  const clock = item.exitClock;
  return (
    <tr>
      <th scope="row">
        <Link to={`/cases/${item.id}`}>{p ? `${p.lastName}, ${p.firstName}` : item.id}</Link>
      </th>
      <td className="text-no-wrap">{p?.pirlId ?? ''}</td>
      <td>{item.programs.map(programLabel).join(', ')}</td>
      <td className="text-no-wrap">{item.office}</td>
      <td className="text-no-wrap">{item.caseManagerId ?? '—'}</td>
      <td>{statusLabel(item.status)}</td>
      <td>{clockLabel(clock.state)}</td>
      <td className="text-no-wrap">{clock.softExitDate ?? '—'}</td>
      <td>{clock.daysRemaining ?? '—'}</td>
      <td>{alerts}</td>
    </tr>
  );
}
