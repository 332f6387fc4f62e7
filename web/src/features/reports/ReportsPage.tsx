import { useState } from 'react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { ApiProblem, api, call } from '../../lib/api';
import { dateTimeIn } from '../../lib/dates';
import { ProblemSummary, Select, TextInput } from '../../lib/forms';
import { programLabel } from '../../lib/labels';
import { usePageTitle } from '../../lib/page';
import { Pager } from '../../lib/Pager';
import { pageRange } from '../../lib/paging';
import { saveBlob } from '../../lib/download';
import { useAuth } from '../auth/AuthProvider';
import { useToday } from '../sandbox/clock';
import { chartSummary, indicatorRows, parsePeriod, periodCode, periodOf, periodRange, programYears, type Quarter, type ReportPeriod } from './period';
import { IndicatorChart } from './IndicatorChart';

/**
 * Reports read the projection's whole cohorts (heavy at an agency's size) and change slowly: refreshed
 * every minute, and at once after what the page itself changes (an export shows in the access log).
 */
const REFRESH_MS = 60_000;
const REPORT_PROGRAMS = ['ADULT', 'DISLOCATED_WORKER', 'YOUTH'] as const;
type ReportProgram = (typeof REPORT_PROGRAMS)[number];
const QUARTERS = [
  { value: '1', label: 'Q1 (July–September)' },
  { value: '2', label: 'Q2 (October–December)' },
  { value: '3', label: 'Q3 (January–March)' },
  { value: '4', label: 'Q4 (April–June)' },
  { value: '0', label: 'Whole program year (annual report)' },
];

/** R-UI-8: the performance report of a period and program, the data review, timeliness, and for supervisors the PIRL export and the access log. */
export default function ReportsPage() {
  usePageTitle('Reports');
  const { me } = useAuth();
  const today = useToday();
  const [params, setParams] = useSearchParams();
  const set = (changes: Record<string, string>): void => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === '') next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace: true });
  };
  const chosen = parsePeriod(params.get('period') ?? '');
  const period: ReportPeriod | null = chosen ?? (today ? periodOf(today) : null);
  const program = (REPORT_PROGRAMS as readonly string[]).includes(params.get('program') ?? '') ? (params.get('program') as ReportProgram) : 'ADULT';
  const office = params.get('office') ?? '';
  const offices = me && !me.offices.includes('*') ? me.offices : null;
  const years = today ? programYears(today) : [];
  if (period && !years.includes(period.year)) years.push(period.year);

  return (
    <>
      <h1>Reports</h1>
      <form className="console-filters" aria-label="Report period" onSubmit={(e) => e.preventDefault()}>
        <Select
          label="Program year"
          value={period ? String(period.year) : ''}
          onChange={(v) => period && set({ period: periodCode({ ...period, year: Number(v) }) })}
          options={years.map((y) => ({ value: String(y), label: `PY${y} (July ${y} – June ${y + 1})` }))}
        />
        <Select
          label="Quarter"
          value={period ? String(period.quarter) : ''}
          onChange={(v) => period && set({ period: periodCode({ ...period, quarter: Number(v) as Quarter }) })}
          options={QUARTERS}
        />
        <Select
          label="Program"
          value={program}
          onChange={(v) => set({ program: v })}
          options={REPORT_PROGRAMS.map((p) => ({ value: p, label: programLabel(p) }))}
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
          <OfficeField value={office} onChange={(v) => set({ office: v })} />
        )}
      </form>
      {period && (
        <>
          <Performance period={periodCode(period)} program={program} office={office} />
          {me && me.role !== 'viewer' && <DataQuality period={periodCode(period)} office={office} />}
          <Timeliness period={period} office={office} />
          {me?.role === 'supervisor' && <PirlExport period={periodCode(period)} office={office} />}
          {me?.role === 'supervisor' && <AccessLog />}
        </>
      )}
    </>
  );
}

/** Every office in scope: a free office code narrows the report (applied when the field is left). */
function OfficeField({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const [draft, setDraft] = useState(value);
  return (
    <div onBlur={() => draft.trim() !== value && onChange(draft.trim())} onKeyDown={(e) => e.key === 'Enter' && onChange(draft.trim())}>
      <TextInput label="Office" hint="Empty: every office" value={draft} onChange={setDraft} />
    </div>
  );
}

const problemOf = (e: unknown): ApiProblem | null => (e instanceof ApiProblem ? e : null);

function Performance({ period, program, office }: { period: string; program: ReportProgram; office: string }) {
  const report = useQuery({
    queryKey: ['reports', 'performance', period, program, office],
    refetchInterval: REFRESH_MS,
    placeholderData: keepPreviousData,
    queryFn: () => call(api.GET('/api/v1/reports/performance', { params: { query: { period, program, ...(office ? { office } : {}) } } })),
  });
  const r = report.data;
  const rows = r ? indicatorRows(r.indicators) : [];
  return (
    <section aria-labelledby="performance-heading">
      <h2 id="performance-heading">Primary indicators of performance</h2>
      <ProblemSummary problem={problemOf(report.error)} />
      {!r && report.isPending && <p>Loading the report…</p>}
      {r && (
        <>
          <p>
            {`${r.period}, ${programLabel(r.program)}${r.office ? `, office ${r.office}` : ''}: report quarter ${r.reportQuarter.start} to ${r.reportQuarter.end}. `}
            Participants served: <strong>{r.indicators.participantsServed.count}</strong>. Participants exited:{' '}
            <strong>{r.indicators.participantsExited.count}</strong>. Median earnings, 2nd quarter after exit:{' '}
            <strong>{r.indicators.medianEarningsQ2.value === null ? '—' : `$${r.indicators.medianEarningsQ2.value.toFixed(2)}`}</strong> (
            {r.indicators.medianEarningsQ2.count} with known earnings).
          </p>
          <div className="console-table-wrap">
            <table className="usa-table usa-table--compact">
              <caption>Primary indicators, {r.period}</caption>
              <thead>
                <tr>
                  <th scope="col">Indicator</th>
                  <th scope="col">Numerator</th>
                  <th scope="col">Denominator</th>
                  <th scope="col">Rate</th>
                  <th scope="col">Cohort</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => {
                  const cohort = r.cohorts[cohortOf[row.key]];
                  return (
                    <tr key={row.key}>
                      <th scope="row">{row.label}</th>
                      <td>{row.numerator}</td>
                      <td>{row.denominator}</td>
                      <td>{row.rateText}</td>
                      <td>{`${cohort.from} to ${cohort.to}`}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <IndicatorChart rows={rows} summary={chartSummary(rows, r.period, programLabel(r.program))} />
        </>
      )}
    </section>
  );
}

const cohortOf = {
  employmentRateQ2: 'employmentQ2',
  employmentRateQ4: 'employmentQ4',
  credentialRate: 'credential',
  measurableSkillGains: 'skillGains',
  retentionWithSameEmployer: 'employmentQ4',
} as const;

function DataQuality({ period, office }: { period: string; office: string }) {
  const review = useQuery({
    queryKey: ['reports', 'data-quality', period, office],
    refetchInterval: REFRESH_MS,
    queryFn: () => call(api.GET('/api/v1/reports/data-quality', { params: { query: { period, limit: 500, ...(office ? { office } : {}) } } })),
  });
  const items = review.data?.items ?? [];
  return (
    <section aria-labelledby="data-quality-heading">
      <h2 id="data-quality-heading">Data quality review</h2>
      <ProblemSummary problem={problemOf(review.error)} />
      {review.data && (
        <p>
          {review.data.total === 0 ? 'Nothing to review for this period.' : `${review.data.total} item${review.data.total === 1 ? '' : 's'} to review.`}
          {review.data.total > items.length ? ` The first ${items.length} are listed.` : ''}
        </p>
      )}
      {items.length > 0 && (
        <div className="console-table-wrap">
          <table className="usa-table usa-table--compact">
            <caption className="usa-sr-only">Data quality items, each with its case</caption>
            <thead>
              <tr>
                <th scope="col">Case</th>
                <th scope="col">PIRL element</th>
                <th scope="col">Code</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={`${i.applicationId}:${i.element}:${i.code}`}>
                  <td>
                    <Link to={`/cases/${i.applicationId}`}>Case {i.applicationId.slice(0, 8)}</Link>
                  </td>
                  <td>{i.element}</td>
                  <td>{i.code}</td>
                  <td>{i.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

const KIND_LABELS: Record<string, string> = { skillGain: 'skill gain', caseNote: 'case note', followUp: 'follow-up', planEntry: 'plan entry' };
const kindLabel = (k: string): string =>
  KIND_LABELS[k] ??
  k
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
const percent = (rate: number): string => `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;

function Timeliness({ period, office }: { period: ReportPeriod; office: string }) {
  const { from, to } = periodRange(period);
  const report = useQuery({
    queryKey: ['reports', 'timeliness', from, to, office],
    refetchInterval: REFRESH_MS,
    queryFn: () => call(api.GET('/api/v1/reports/timeliness', { params: { query: { from, to, ...(office ? { office } : {}) } } })),
  });
  const r = report.data;
  return (
    <section aria-labelledby="timeliness-heading">
      <h2 id="timeliness-heading">Timeliness of data entry</h2>
      <p className="usa-hint">{`Entries made from ${from} to ${to}; late: more than five business days after the date they record.`}</p>
      <ProblemSummary problem={problemOf(report.error)} />
      {r && (
        <div className="console-table-wrap">
          <table className="usa-table usa-table--compact">
            <caption className="usa-sr-only">Entries and late entries per staff member</caption>
            <thead>
              <tr>
                <th scope="col">Staff member</th>
                <th scope="col">Entries</th>
                <th scope="col">Late entries</th>
                <th scope="col">On-time rate</th>
                <th scope="col">By kind</th>
              </tr>
            </thead>
            <tbody>
              {r.items.map((i) => (
                <tr key={i.staffId}>
                  <th scope="row">{i.staffId}</th>
                  <td>{i.entries}</td>
                  <td>{i.lateEntries}</td>
                  <td>{percent(i.onTimeRate)}</td>
                  <td>
                    {Object.entries(i.byKind)
                      .map(([k, v]) => `${kindLabel(k)} ${v.entries}${v.lateEntries ? ` (${v.lateEntries} late)` : ''}`)
                      .join(', ')}
                  </td>
                </tr>
              ))}
              {r.items.length === 0 && (
                <tr>
                  <td colSpan={5}>No entry in this period.</td>
                </tr>
              )}
            </tbody>
            {r.items.length > 0 && (
              <tfoot>
                <tr>
                  <th scope="row">All staff</th>
                  <td>{r.total.entries}</td>
                  <td>{r.total.lateEntries}</td>
                  <td>{percent(r.total.onTimeRate)}</td>
                  <td />
                </tr>
              </tfoot>
            )}
          </table>
        </div>
      )}
    </section>
  );
}

function PirlExport({ period, office }: { period: string; office: string }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<{ pending: boolean; problem: ApiProblem | null; done: string | null }>({ pending: false, problem: null, done: null });
  const download = async (): Promise<void> => {
    setState({ pending: true, problem: null, done: null });
    const fileName = `pirl-${period}${office ? `-${office}` : ''}.csv`;
    try {
      const blob = await call(
        api.GET('/api/v1/reports/pirl', { params: { query: { period, ...(office ? { office } : {}) } }, parseAs: 'blob' }) as Promise<{
          data?: Blob;
          error?: unknown;
          response: Response;
        }>,
      );
      saveBlob(blob, fileName);
      void queryClient.invalidateQueries({ queryKey: ['reports', 'access-log'] });
      setState({ pending: false, problem: null, done: `${fileName} downloaded (${blob.size.toLocaleString('en-US')} bytes).` });
    } catch (err) {
      setState({ pending: false, problem: problemOf(err), done: null });
    }
  };
  return (
    <section aria-labelledby="pirl-heading">
      <h2 id="pirl-heading">PIRL export</h2>
      <p>
        One row per period of participation in any cohort of {period}, every program, as the CSV file the state submits. It carries birth dates: keep it safe.
      </p>
      <ProblemSummary problem={state.problem} />
      <button type="button" className="usa-button" aria-disabled={state.pending || undefined} onClick={() => !state.pending && void download()}>
        Download PIRL export
      </button>
      <span className="margin-left-1" role="status">
        {state.pending ? 'Preparing the file…' : (state.done ?? '')}
      </span>
    </section>
  );
}

function AccessLog() {
  const { config } = useAuth();
  const [staffId, setStaffId] = useState('');
  const [applicationId, setApplicationId] = useState('');
  const [filters, setFilters] = useState({ staffId: '', applicationId: '' });
  const [page, setPage] = useState(0);
  const log = useQuery({
    queryKey: ['reports', 'access-log', filters, page],
    refetchInterval: REFRESH_MS,
    placeholderData: keepPreviousData,
    queryFn: () =>
      call(
        api.GET('/api/v1/reports/access-log', {
          params: {
            query: {
              limit: ACCESS_LOG_PAGE,
              offset: page * ACCESS_LOG_PAGE,
              ...(filters.staffId ? { staffId: filters.staffId } : {}),
              ...(filters.applicationId ? { applicationId: filters.applicationId } : {}),
            },
          },
        }),
      ),
  });
  const items = log.data?.items ?? [];
  return (
    <section aria-labelledby="access-log-heading">
      <h2 id="access-log-heading">Access log</h2>
      <form
        className="console-filters"
        aria-label="Access log filters"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters({ staffId: staffId.trim(), applicationId: applicationId.trim() });
          setPage(0);
        }}
      >
        <TextInput label="Staff id" value={staffId} onChange={setStaffId} />
        <TextInput label="Case id" value={applicationId} onChange={setApplicationId} />
        <button type="submit" className="usa-button margin-top-2">
          Filter the access log
        </button>
      </form>
      <ProblemSummary problem={problemOf(log.error)} />
      {log.data && <p>{accessLogSummary(page, log.data.total)}</p>}
      <div className="console-table-wrap">
        <table className="usa-table usa-table--compact">
          <caption className="usa-sr-only">Who read, exported or changed what, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Staff member</th>
              <th scope="col">Action</th>
              <th scope="col">Route</th>
              <th scope="col">Case</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={`${e.requestId}:${e.at}:${e.route}`}>
                <td>{dateTimeIn(e.at, config.agencyTimeZone)}</td>
                <td>
                  {e.staffId} ({e.role})
                </td>
                <td>{e.action}</td>
                <td>{e.route}</td>
                <td>{e.applicationId ? <Link to={`/cases/${e.applicationId}`}>Case {e.applicationId.slice(0, 8)}</Link> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager label="Pages of the access log" page={page} pageSize={ACCESS_LOG_PAGE} total={log.data?.total ?? 0} onPage={setPage} />
    </section>
  );
}

const ACCESS_LOG_PAGE = 50;

function accessLogSummary(page: number, total: number): string {
  const range = pageRange(page, ACCESS_LOG_PAGE, total);
  const what = '(reads of a case, PIRL exports, accepted commands), newest first';
  return range ? `Entries ${range.first}–${range.last} of ${total} ${what}.` : `No entries ${what}.`;
}
