/**
 * SPEC §10 federal performance reporting, as SQL over the PostgreSQL projections (never the workflows):
 * the primary indicators (R-RPT-7), the PIRL export streamed by PostgreSQL's COPY (R-RPT-8) and the
 * quarterly data review (R-RPT-9). The cohort bounds come from src/domain/reporting.ts; the per-quarter
 * codes (employment, earnings, employer ids, education) are projected columns of `follow_ups`, written
 * by the projection with the same domain functions. Where the agency marked a calendar quarter complete,
 * wage records decide employment, earnings and employers instead (SPEC §14, src/domain/wages.ts).
 */
import { PassThrough, type Readable } from 'node:stream';
import { type Db, sqlCopyOut, sqlRows, sqlRowsNoJit } from '../../db/client';
import { sqlLiteral, sqlLiteralList } from '../../db/sql-literal';
import { EDUCATION_AT_PARTICIPATION, OPEN_FOLLOW_UP_STATUSES, TRAINING_TYPES_WITHOUT_CREDENTIAL_RATE } from '../../domain/enums';
import {
  type DateRange,
  EMPLOYED_CODES,
  NOT_EMPLOYED_CODE,
  REPORT_PROGRAMS,
  type ReportCohorts,
  type ReportPeriod,
  type ReportProgram,
  parseReportPeriod,
  quarterBounds,
  rate,
  reportCohorts,
} from '../../domain/reporting';
import { SKILL_GAIN_PIRL, SKILL_GAIN_TYPES } from '../../domain/skill-gains';
import { NOT_YET_AVAILABLE_TYPE_OF_MATCH, NO_SSN_FOR_WAGE_MATCH, SUPPLEMENTAL_TYPE_OF_MATCH, WAGE_SOURCE_TYPE_OF_MATCH } from '../../domain/wages';

/** Which offices a caller may see: a list, or every office. */
export type OfficeScope = readonly string[] | '*';

export interface ReportFilter {
  period: string;
  /** One office (the query parameter), or every office of the scope. */
  office?: string;
  /** R-AUTH-2: the caller's offices (default every office). */
  scope?: OfficeScope;
}

type RateItem = 'employmentRateQ2' | 'employmentRateQ4' | 'credentialRate' | 'measurableSkillGains' | 'retentionWithSameEmployer';

export interface PerformanceReport {
  period: string;
  program: ReportProgram;
  office: string | null;
  reportQuarter: { start: string; end: string };
  cohorts: { served: DateRange; exited: DateRange; employmentQ2: DateRange; employmentQ4: DateRange; credential: DateRange; skillGains: DateRange };
  indicators: {
    participantsServed: { count: number };
    participantsExited: { count: number };
    medianEarningsQ2: { value: number | null; count: number };
  } & Record<RateItem, { numerator: number; denominator: number; rate: number | null }>;
}

/** The PIRL header: the element numbers, in order (R-RPT-8). */
const PIRL_HEADER =
  '100,200,900,901,903,904,905,923,1303,1332,1401,1600,1602,1604,1606,1618,1703,1704,1705,1706,1800,1801,1806,1807,1808,1809,1810,1811,1900,1901';
/**
 * R-WAGE-5: the header once the agency uses wage records (a wage file loaded or a quarter marked): the
 * type of employment match of quarters 1–4 after exit beside their codes, and wages before participation.
 */
const PIRL_HEADER_WITH_WAGES =
  '100,200,900,901,903,904,905,923,1303,1332,1401,1600,1601,1602,1603,1604,1605,1606,1607,1618,1700,1701,1702,1703,1704,1705,1706,1800,1801,1806,1807,1808,1809,1810,1811,1900,1901';

// ---- §14 wage records in the report SQL (R-WAGE-3 … R-WAGE-5) ----------------------------------------
// Each statement is built for the wage state read just before it: without a complete calendar quarter it
// is exactly §10's (no wage record is read); with one, wage records decide in the complete quarters.

/** Wage records are in use once a file was loaded (not a dry run) or a quarter marked, complete or not. */
const WAGES_IN_USE_SQL = `(EXISTS (SELECT 1 FROM wage_loads WHERE NOT dry_run) OR EXISTS (SELECT 1 FROM wage_quarter_coverage))`;
/** `complete`: the quarter indexes marked complete; `in_use`: the PIRL file takes R-WAGE-5's layout. */
const WAGE_STATE_SQL = `SELECT array(SELECT year * 4 + quarter - 1 FROM wage_quarter_coverage WHERE complete ORDER BY 1) AS complete, ${WAGES_IN_USE_SQL} AS in_use`;
// The calendar quarters the agency marked complete: only there do wage records decide employment.
const COMPLETE_QUARTERS_CTE = `cov AS (SELECT year * 4 + quarter - 1 AS q FROM wage_quarter_coverage WHERE complete)`;
/** R-WAGE-3: the type of match of a wage record's source, from the domain's table. */
const TYPE_OF_MATCH_SQL = `CASE w.source ${Object.entries(WAGE_SOURCE_TYPE_OF_MATCH)
  .map(([source, t]) => `WHEN ${sqlLiteral(source)} THEN ${sqlLiteral(t)}`)
  .join(' ')} END`;
/** The quarter index of a date column (q(d) of R-RPT-1). */
const quarterOf = (col: string) => `(extract(year FROM ${col})::int * 4 + (extract(month FROM ${col})::int - 1) / 3)`;

/**
 * The SQL pieces of R-WAGE-3 and R-WAGE-4 for period `a`, its follow-up of quarter k joined as `f<k>`
 * (or as given), and its participant's wage records joined once as `w`, for the quarter indexes marked
 * complete (written into the statement: a short list, read just before). Without any they are R-RPT-3's
 * and R-RPT-6's columns of the follow-up, and `join` is empty.
 */
function wageSql(completeQuarters: readonly number[]) {
  const complete = completeQuarters.length > 0;
  const exitQuarter = (k: number) => `(${quarterOf('a.exit_date')} + ${k})`;
  const list = `'{${completeQuarters.map((q) => Math.trunc(q)).join(',')}}'::int[]`;
  const isComplete = (q: string) => (complete ? `(${q} = ANY (${list}))` : 'FALSE');
  return {
    complete,
    /** Whether quarter index `q` is complete. */
    isComplete,
    /**
     * One lateral join `w` over the participant's wage records in complete quarters (one index probe per
     * period however many quarters are asked): for quarter k after exit `w.t<k>` (the sum, NULL without
     * any), `w.m<k>` (the lowest type of match of the paid ones), `w.f<k>` (their FEINs); for the k-th
     * quarter before participation `w.b<k>`.
     */
    join: (after: readonly number[], before: readonly number[] = []): string => {
      if (!complete) return '';
      // Each record's quarter as an offset from the exit quarter (k) and before the participation quarter
      // (b), computed once per record: the aggregates below then compare constants.
      const cols = [
        ...after.flatMap((k) => [
          `sum(w.wages) FILTER (WHERE w.k = ${k}) AS t${k}`,
          `min(${TYPE_OF_MATCH_SQL}) FILTER (WHERE w.k = ${k} AND w.wages > 0) AS m${k}`,
          `coalesce(array_agg(w.fein) FILTER (WHERE w.k = ${k} AND w.wages > 0 AND w.fein <> ''), '{}') AS f${k}`,
        ]),
        ...before.map((k) => `sum(w.wages) FILTER (WHERE w.b = ${k}) AS b${k}`),
      ];
      const wanted = [...(after.length > 0 ? [`w.k IN (${after.join(', ')})`] : []), ...(before.length > 0 ? [`w.b IN (${before.join(', ')})`] : [])];
      return `LEFT JOIN LATERAL (
    SELECT ${cols.join(',\n           ')}
    FROM (SELECT w.q - ${quarterOf('a.exit_date')} AS k, ${quarterOf('a.participation_date')} - w.q AS b, w.wages, w.fein, w.source
          FROM (SELECT w.year * 4 + w.quarter - 1 AS q, w.wages, w.fein, w.source FROM wage_records w WHERE w.participant_id = a.participant_id) w
          WHERE ${isComplete('w.q')}) w
    WHERE ${wanted.join(' OR ')}
  ) w ON TRUE`;
    },
    /** Wages above 0 in quarter k after exit (false without a complete quarter). */
    paid: (k: number) => (complete ? `coalesce(w.t${k} > 0, false)` : 'FALSE'),
    /** R-WAGE-3: quarter k's employment code (R-RPT-3's codes) from its wage records, else follow-up `f`. */
    code: (f: string, k: number) =>
      complete
        ? `CASE WHEN w.t${k} > 0 THEN '1'
                WHEN ${isComplete(exitQuarter(k))} THEN CASE WHEN ${f}.employment_code IN (${sqlLiteralList(EMPLOYED_CODES)}) THEN ${f}.employment_code ELSE '0' END
                ELSE ${f}.employment_code END`
        : `${f}.employment_code`,
    earnings: (f: string, k: number) => (complete ? `CASE WHEN w.t${k} > 0 THEN w.t${k} ELSE ${f}.earnings END` : `${f}.earnings`),
    /** R-WAGE-4: the quarter's employers: the FEINs of its wage records when they decide, else the follow-up's ids. */
    employers: (f: string, k: number) => (complete ? `CASE WHEN w.t${k} > 0 THEN w.f${k} ELSE ${f}.employer_ids END` : `${f}.employer_ids`),
    /** The lowest type of match of quarter k's paid wage records. */
    typeOfMatch: (k: number) => (complete ? `w.m${k}` : 'NULL'),
    /** Wages of the k-th quarter before participation, NULL without any. */
    before: (k: number) => (complete ? `w.b${k}` : 'NULL'),
  };
}
type WageSql = ReturnType<typeof wageSql>;
/** The wage state a statement is built for: `complete`, the quarter indexes marked complete; `inUse`, R-WAGE-5's PIRL layout. */
export interface WageState {
  complete: readonly number[];
  inUse: boolean;
}

// The code lists of the statements below, written from the domain's constants (enumerations grow:
// SPEC §5 "extend, never rename"), as literals so that each statement's text stays fixed.
const REPORT_PROGRAMS_SQL = `ARRAY[${sqlLiteralList(REPORT_PROGRAMS, ',')}]`;
/** R-RPT-4: OJT and customized training stay out of the credential rate. */
const NO_CREDENTIAL_RATE_TRAINING_SQL = sqlLiteralList(TRAINING_TYPES_WITHOUT_CREDENTIAL_RATE);
/** R-RPT-3: employed in the quarter; and known (employed or not, i.e. not `9`). */
const EMPLOYED_SQL = sqlLiteralList(EMPLOYED_CODES);
const KNOWN_EMPLOYMENT_SQL = sqlLiteralList([NOT_EMPLOYED_CODE, ...EMPLOYED_CODES]);
/** R-RPT-4: education at participation other than none (YOUTH cohorts). */
const IN_EDUCATION_AT_PARTICIPATION_SQL = sqlLiteralList(EDUCATION_AT_PARTICIPATION.filter((e) => e !== 'none'));
const OPEN_FOLLOW_UP_SQL = sqlLiteralList(OPEN_FOLLOW_UP_STATUSES);
/** R-MSG-1: the skill-gain types in the order of their PIRL elements (1806 …), as the export's columns are. */
const SKILL_GAIN_TYPES_BY_PIRL = [...SKILL_GAIN_TYPES].sort((a, b) => SKILL_GAIN_PIRL[a] - SKILL_GAIN_PIRL[b]);

/** `office` and the caller's scope as one SQL condition on `a.office`, with its parameters from `$n`. */
function officeCondition(filter: ReportFilter, n: number): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (filter.office !== undefined) {
    params.push(filter.office);
    parts.push(`a.office = $${n + params.length - 1}`);
  }
  if (filter.scope !== undefined && filter.scope !== '*') {
    params.push([...filter.scope]);
    parts.push(`a.office = ANY($${n + params.length - 1}::text[])`);
  }
  return { sql: parts.length > 0 ? parts.join(' AND ') : 'TRUE', params };
}

/** A training activity of `program` (with `credentialRate`: of a 1303 type the credential rate counts, or of none). */
const trainingOf = (id: string, program: string, credentialRate: boolean) =>
  `EXISTS (SELECT 1 FROM activities t WHERE t.application_id = ${id} AND t.category = 'training' AND t.program = ${program}
     AND t.actual_begin_date IS NOT NULL${credentialRate ? ` AND (t.training_type IS NULL OR t.training_type NOT IN (${NO_CREDENTIAL_RATE_TRAINING_SQL}))` : ''}`;

/**
 * R-RPT-1 … R-RPT-7 in one statement. Parameters: $1 program, $2 R's last day, $3 served from,
 * $4/$5 exited, $6/$7 Q2 cohort, $8/$9 Q4 cohort, $10/$11 the skill-gain window W, then the office filter.
 */
function performanceSql(officeSql: string, w: WageSql): string {
  const employed = (code: string, edu: string) => `(${code} IN (${EMPLOYED_SQL}) OR ($1 = 'YOUTH' AND coalesce(${edu}, false)))`;
  return `
WITH a AS (
  SELECT a.id, a.participant_id, a.participation_date, a.exit_date, a.exit_type, a.education_at_participation
  FROM applications a
  WHERE $1 = ANY(a.programs) AND a.participation_date IS NOT NULL AND ${officeSql}
),
q2 AS (
  SELECT ${w.code('f', 2)} AS code, ${w.earnings('f', 2)} AS earnings, f.in_education
  FROM a LEFT JOIN follow_ups f ON f.application_id = a.id AND f.quarter = 2
  ${w.join([2])}
  WHERE a.exit_date BETWEEN $6 AND $7 AND a.exit_type = 'soft'
),
q4 AS (
  SELECT a.id, a.education_at_participation, ${w.code('f2', 2)} AS c2, ${w.employers('f2', 2)} AS e2,
         ${w.code('f4', 4)} AS c4, ${w.employers('f4', 4)} AS e4, f4.in_education AS in4
  FROM a
  LEFT JOIN follow_ups f2 ON f2.application_id = a.id AND f2.quarter = 2
  LEFT JOIN follow_ups f4 ON f4.application_id = a.id AND f4.quarter = 4
  ${w.join([2, 4])}
  WHERE a.exit_date BETWEEN $8 AND $9 AND a.exit_type = 'soft'
),
cred AS (
  SELECT EXISTS (SELECT 1 FROM credentials c WHERE c.application_id = q4.id AND c.counts_for_credential_rate) AS counted
  FROM q4
  WHERE ${trainingOf('q4.id', '$1', true)})
     OR ($1 = 'YOUTH' AND q4.education_at_participation IN (${IN_EDUCATION_AT_PARTICIPATION_SQL}))
),
msg AS (
  SELECT EXISTS (SELECT 1 FROM skill_gains g WHERE g.application_id = a.id AND g.achieved_on BETWEEN $10 AND $11)
      OR EXISTS (SELECT 1 FROM credentials c WHERE c.application_id = a.id AND c.type = '1' AND c.attained_on BETWEEN $10 AND $11) AS gained
  FROM a
  WHERE a.participation_date <= $11 AND (a.exit_date IS NULL OR a.exit_date >= $10)
    AND NOT (coalesce(a.exit_type = 'exclusionary', false) AND a.exit_date < ($10::date + interval '1 year'))
    AND (${trainingOf('a.id', '$1', false)} AND t.actual_begin_date <= $11 AND (t.actual_end_date IS NULL OR t.actual_end_date >= $10))
      OR ($1 = 'YOUTH' AND a.education_at_participation <> 'none'))
)
SELECT
  (SELECT count(*) FROM a WHERE a.participation_date <= $2 AND (a.exit_date IS NULL OR a.exit_date >= $3))::int AS served,
  (SELECT count(*) FROM a WHERE a.exit_date BETWEEN $4 AND $5)::int AS exited,
  (SELECT count(*) FILTER (WHERE ${employed('code', 'in_education')}) FROM q2)::int AS q2_num,
  (SELECT count(*) FROM q2)::int AS q2_den,
  (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY earnings) FILTER (WHERE code IN (${EMPLOYED_SQL}) AND earnings IS NOT NULL) FROM q2)::float8 AS median,
  (SELECT count(*) FILTER (WHERE code IN (${EMPLOYED_SQL}) AND earnings IS NOT NULL) FROM q2)::int AS median_count,
  (SELECT count(*) FILTER (WHERE ${employed('c4', 'in4')}) FROM q4)::int AS q4_num,
  (SELECT count(*) FROM q4)::int AS q4_den,
  (SELECT count(*) FILTER (WHERE counted) FROM cred)::int AS cred_num,
  (SELECT count(*) FROM cred)::int AS cred_den,
  (SELECT count(*) FILTER (WHERE gained) FROM msg)::int AS msg_num,
  (SELECT count(*) FROM msg)::int AS msg_den,
  (SELECT count(*) FILTER (WHERE e2 && e4) FROM q4 WHERE c2 IN (${EMPLOYED_SQL}))::int AS ret_num,
  (SELECT count(*) FROM q4 WHERE c2 IN (${EMPLOYED_SQL}))::int AS ret_den`;
}

/**
 * The rows of the PIRL export (R-RPT-8; with `withWages` the R-WAGE-5 layout); parameters are literals
 * (COPY takes none), validated before. Employment, earnings and retention follow R-WAGE-3 and R-WAGE-4
 * in either layout: without a complete quarter they are R-RPT-3's and R-RPT-6's.
 */
function pirlSql(R: number, officeSql: string, withWages: boolean, w: WageSql): string {
  const end = quarterBounds(R).end;
  const oldest = quarterBounds(R - 9).start;
  const d = (col: string) => `to_char(${col}, 'YYYYMMDD')`;
  const noExit = `a.exit_date IS NULL OR a.exit_type <> 'soft'`;
  // With wage records, each quarter's code is computed once per row (OFFSET 0 keeps PostgreSQL from
  // inlining it into every column that reads it).
  const code = (k: number) => (w.complete ? `e.c${k}` : w.code(`f${k}`, k));
  const emp = (k: number) => `CASE WHEN ${noExit} THEN NULL ELSE coalesce(${code(k)}, '9') END`;
  // R-WAGE-5: 1601/1603/1605/1607, empty before exit and when not employed.
  const typeOfMatch = (k: number) =>
    `CASE WHEN ${noExit} THEN NULL WHEN ${w.paid(k)} THEN ${w.typeOfMatch(k)}
          WHEN ${code(k)} IN (${EMPLOYED_SQL}) THEN ${sqlLiteral(SUPPLEMENTAL_TYPE_OF_MATCH)}
          WHEN coalesce(${code(k)}, '9') = '9' THEN ${sqlLiteral(NOT_YET_AVAILABLE_TYPE_OF_MATCH)} END`;
  const earn = (k: number) =>
    `CASE WHEN ${noExit} THEN NULL
          WHEN coalesce(${code(k)}, '9') = '9' THEN '999999.99'
          WHEN ${code(k)} IN (${EMPLOYED_SQL}) THEN coalesce(to_char(${w.earnings(`f${k}`, k)}, 'FM000000.00'), '999999.99')
          ELSE '000000.00' END`;
  // R-WAGE-4: 1700, 1701, 1702 = the 3rd, 2nd, 1st quarter before the participation quarter; empty unless complete.
  const before = (k: number) => {
    const q = `(${quarterOf('a.participation_date')} - ${k})`;
    return `CASE WHEN ${w.isComplete(q)} THEN to_char(coalesce(${w.before(k)}, 0), 'FM000000.00') END`;
  };
  const gain = (type: string) => `(SELECT ${d('max(g.achieved_on)')} FROM skill_gains g WHERE g.application_id = a.id AND g.type = ${sqlLiteral(type)})`;
  const firstTraining = `(SELECT t.actual_begin_date FROM activities t WHERE t.application_id = a.id AND t.category = 'training' AND t.actual_begin_date IS NOT NULL ORDER BY t.actual_begin_date, t.id LIMIT 1)`;
  return `
SELECT p.pirl_id, ${d('p.birth_date')}, ${d('a.participation_date')}, ${d('a.exit_date')},
  CASE WHEN 'ADULT' = ANY(a.programs) THEN '1' ELSE '0' END,
  CASE WHEN 'DISLOCATED_WORKER' = ANY(a.programs) THEN '1' ELSE '0' END,
  CASE WHEN 'YOUTH' = ANY(a.programs) THEN '1' ELSE '0' END,
  CASE WHEN a.exit_type = 'exclusionary' THEN coalesce(a.exit_reason, '00') ELSE '00' END,
  -- 1303: the first training activity's type; 00 without one; empty when it has none (R-RPT-9 lists it).
  CASE WHEN ${firstTraining} IS NULL THEN '00' ELSE (SELECT t.training_type FROM activities t WHERE t.application_id = a.id AND t.category = 'training'
            AND t.actual_begin_date IS NOT NULL ORDER BY t.actual_begin_date, t.id LIMIT 1) END,
  CASE WHEN a.education_at_participation = 'postsecondary' THEN '1' ELSE '0' END,
  CASE WHEN a.education_at_participation = 'secondary' THEN '1' ELSE '0' END,
  ${[1, 2, 3, 4].map((k) => (withWages ? `${emp(k)}, ${typeOfMatch(k)}` : emp(k))).join(', ')},
  CASE WHEN a.exit_type = 'soft' AND ${code(2)} IN (${KNOWN_EMPLOYMENT_SQL}) AND ${code(4)} IN (${KNOWN_EMPLOYMENT_SQL})
       THEN CASE WHEN ${w.employers('f2', 2)} && ${w.employers('f4', 4)} THEN '1' ELSE '0' END END,
  ${withWages ? `${[3, 2, 1].map(before).join(', ')},` : ''}
  ${earn(1)}, ${earn(2)}, ${earn(3)}, ${earn(4)},
  coalesce(c.type, '0'), ${d('c.attained_on')},
  ${SKILL_GAIN_TYPES_BY_PIRL.map(gain).join(', ')},
  ${d(`CASE WHEN a.education_at_participation <> 'none' THEN a.participation_date ELSE ${firstTraining} END`)},
  CASE WHEN 'YOUTH' = ANY(a.programs) THEN f2.youth_placement_code END,
  CASE WHEN 'YOUTH' = ANY(a.programs) THEN f4.youth_placement_code END
FROM applications a
JOIN participants p ON p.id = a.participant_id
LEFT JOIN follow_ups f1 ON f1.application_id = a.id AND f1.quarter = 1
LEFT JOIN follow_ups f2 ON f2.application_id = a.id AND f2.quarter = 2
LEFT JOIN follow_ups f3 ON f3.application_id = a.id AND f3.quarter = 3
LEFT JOIN follow_ups f4 ON f4.application_id = a.id AND f4.quarter = 4
${w.join([1, 2, 3, 4], withWages ? [3, 2, 1] : [])}
${w.complete ? `CROSS JOIN LATERAL (SELECT ${[1, 2, 3, 4].map((k) => `${w.code(`f${k}`, k)} AS c${k}`).join(', ')} OFFSET 0) e` : ''}
LEFT JOIN LATERAL (SELECT c.type, c.attained_on FROM credentials c WHERE c.application_id = a.id AND c.counts_for_credential_rate
                   ORDER BY c.attained_on, c.id LIMIT 1) c ON TRUE
WHERE a.programs && ${REPORT_PROGRAMS_SQL} AND a.participation_date IS NOT NULL AND a.participation_date <= DATE '${end}'
  AND (a.exit_date IS NULL OR a.exit_date >= DATE '${oldest}') AND ${officeSql}
ORDER BY p.pirl_id, a.participation_date, a.id`;
}

/**
 * The export's `COPY … TO STDOUT` statement (also what bench:reports times as PostgreSQL's own floor),
 * for the wage state (default: no wage records in use, §10's statement).
 */
export function pirlCopy(filter: ReportFilter, wages: WageState = { complete: [], inUse: false }): { period: ReportPeriod; copySql: string } {
  const period = parseReportPeriod(filter.period);
  const parts: string[] = [];
  // COPY takes no parameters: the offices are literals.
  if (filter.office !== undefined) parts.push(`a.office = ${sqlLiteral(filter.office)}`);
  if (filter.scope !== undefined && filter.scope !== '*') parts.push(filter.scope.length === 0 ? 'FALSE' : `a.office IN (${sqlLiteralList(filter.scope)})`);
  const sql = pirlSql(period.R, parts.length > 0 ? parts.join(' AND ') : 'TRUE', wages.inUse, wageSql(wages.complete));
  return { period, copySql: `COPY (${sql}) TO STDOUT WITH (FORMAT csv)` };
}

export class FederalReports {
  constructor(private readonly db: Db) {}

  /** What the statements are built for (R-WAGE-5): some quarter complete; wage records in use. */
  async wageState(): Promise<WageState> {
    const [r] = await sqlRows<{ complete: number[]; in_use: boolean }>(this.db, WAGE_STATE_SQL, []);
    return { complete: (r?.complete ?? []).map(Number), inUse: r?.in_use === true };
  }

  /** R-RPT-7: the primary indicators of `program` for the period. */
  async performance(filter: ReportFilter & { program: ReportProgram }): Promise<PerformanceReport> {
    const p = parseReportPeriod(filter.period);
    const c = reportCohorts(p.R);
    const office = officeCondition(filter, 12);
    const params = [
      filter.program,
      c.served.to,
      c.served.from,
      c.exited.from,
      c.exited.to,
      c.employmentQ2.from,
      c.employmentQ2.to,
      c.employmentQ4.from,
      c.employmentQ4.to,
      c.skillGains.from,
      c.skillGains.to,
      ...office.params,
    ];
    const wages = await this.wageState();
    const [r] = await sqlRowsNoJit<Record<string, number | null>>(this.db, performanceSql(office.sql, wageSql(wages.complete)), params);
    const n = (k: string) => Number(r?.[k] ?? 0);
    const ratio = (num: string, den: string) => ({ numerator: n(num), denominator: n(den), rate: rate(n(num), n(den)) });
    const median = r?.median;
    return {
      period: p.period,
      program: filter.program,
      office: filter.office ?? null,
      reportQuarter: p.reportQuarter,
      cohorts: cohortsOf(c),
      indicators: {
        participantsServed: { count: n('served') },
        participantsExited: { count: n('exited') },
        employmentRateQ2: ratio('q2_num', 'q2_den'),
        employmentRateQ4: ratio('q4_num', 'q4_den'),
        credentialRate: ratio('cred_num', 'cred_den'),
        measurableSkillGains: ratio('msg_num', 'msg_den'),
        retentionWithSameEmployer: ratio('ret_num', 'ret_den'),
        medianEarningsQ2: { value: median === null || median === undefined ? null : Math.round(Number(median) * 100) / 100, count: n('median_count') },
      },
    };
  }

  /**
   * R-RPT-8: the PIRL rows as CSV (header line first), streamed by PostgreSQL's COPY: memory stays flat
   * however many rows. The period is parsed first (a malformed one throws before anything is sent).
   */
  pirl(filter: ReportFilter): { period: ReportPeriod; stream: () => Readable } {
    const { period } = pirlCopy(filter);
    const stream = (): Readable => {
      // The layout is known before the first byte: R-WAGE-5's once wage records are in use, else R-RPT-8's.
      const out = new PassThrough();
      this.wageState().then(
        (wages) => {
          const rows = sqlCopyOut(this.db, pirlCopy(filter, wages).copySql, `${wages.inUse ? PIRL_HEADER_WITH_WAGES : PIRL_HEADER}\n`);
          rows.on('error', (err) => out.destroy(err));
          out.on('close', () => rows.destroy());
          rows.pipe(out);
        },
        (err: Error) => out.destroy(err),
      );
      return out;
    };
    return { period, stream };
  }

  /** R-RPT-9: the quarterly data review: what would fail validation, paged like the caseload. */
  async dataQuality(filter: ReportFilter & { limit: number; offset: number }) {
    const p = parseReportPeriod(filter.period);
    const c = reportCohorts(p.R);
    const office = officeCondition(filter, 7);
    const sql = `
WITH a AS (
  SELECT a.id, a.participant_id, a.exit_date, a.exit_type FROM applications a
  WHERE a.programs && ${REPORT_PROGRAMS_SQL} AND a.participation_date IS NOT NULL AND a.participation_date <= $1
    AND (a.exit_date IS NULL OR a.exit_date >= $2) AND ${office.sql}
),
items AS (
  SELECT a.id AS application_id, CASE f.quarter WHEN 2 THEN '1602' ELSE '1606' END AS element, 'FOLLOW_UP_OPEN' AS code,
         'follow-up q' || f.quarter || ' is ' || f.status || ' (due ' || to_char(f.due_date, 'YYYY-MM-DD') || ')' AS detail
  FROM a JOIN follow_ups f ON f.application_id = a.id
  WHERE a.exit_type = 'soft' AND f.status IN (${OPEN_FOLLOW_UP_SQL})
    AND ((f.quarter = 2 AND a.exit_date BETWEEN $3 AND $4) OR (f.quarter = 4 AND a.exit_date BETWEEN $5 AND $6))
  UNION ALL
  SELECT a.id, (1702 + f.quarter)::text, 'EARNINGS_MISSING', 'employed in follow-up q' || f.quarter || ' with earnings unknown (no quarterly earnings, or no hourly wage × hours)'
  FROM a JOIN follow_ups f ON f.application_id = a.id
  WHERE a.exit_type = 'soft' AND f.employment_code IN (${EMPLOYED_SQL}) AND f.earnings IS NULL
  UNION ALL
  SELECT a.id, '1618', 'EMPLOYER_ID_MISSING', 'employed in q2 and q4 without an employer id on ' || CASE WHEN cardinality(f2.employer_ids) = 0 THEN 'q2' ELSE 'q4' END
  FROM a JOIN follow_ups f2 ON f2.application_id = a.id AND f2.quarter = 2 JOIN follow_ups f4 ON f4.application_id = a.id AND f4.quarter = 4
  WHERE a.exit_type = 'soft' AND a.exit_date BETWEEN $5 AND $6 AND f2.employment_code IN (${EMPLOYED_SQL}) AND f4.employment_code IN (${EMPLOYED_SQL})
    AND (cardinality(f2.employer_ids) = 0 OR cardinality(f4.employer_ids) = 0)
  UNION ALL
  SELECT a.id, '1303', 'TRAINING_TYPE_MISSING', 'training activity ' || t.id || ' (code ' || t.code || ') has no training type'
  FROM a JOIN activities t ON t.application_id = a.id
  WHERE t.category = 'training' AND t.training_type IS NULL
  UNION ALL
  -- R-WAGE-6: no SSN to match wage records with (listed once wage records are in use).
  SELECT a.id, '1600', ${sqlLiteral(NO_SSN_FOR_WAGE_MATCH)}, 'the participant has a pseudo-SSN: employment after exit can come only from follow-ups'
  FROM a JOIN participants p ON p.id = a.participant_id
  WHERE p.pseudo_ssn_assigned AND ${WAGES_IN_USE_SQL}
)
SELECT application_id, element, code, detail, count(*) OVER ()::int AS total
FROM items ORDER BY application_id, element, code, detail
LIMIT ${filter.limit} OFFSET ${filter.offset}`;
    const params = [
      c.served.to,
      quarterBounds(p.R - 9).start,
      c.employmentQ2.from,
      c.employmentQ2.to,
      c.employmentQ4.from,
      c.employmentQ4.to,
      ...office.params,
    ];
    const rows = await sqlRowsNoJit<{ application_id: string; element: string; code: string; detail: string; total: number }>(this.db, sql, params);
    let total = rows[0]?.total ?? 0;
    if (rows.length === 0 && filter.offset > 0) {
      // Past the last page: the window function saw no rows; count them.
      const [counted] = await sqlRowsNoJit<{ n: number }>(this.db, `SELECT count(*)::int AS n FROM (${sql.replace(/LIMIT \d+ OFFSET \d+$/, '')}) x`, params);
      total = counted?.n ?? 0;
    }
    return {
      period: p.period,
      items: rows.map((r) => ({ applicationId: r.application_id, element: r.element, code: r.code, detail: r.detail })),
      total,
      limit: filter.limit,
      offset: filter.offset,
    };
  }
}

const cohortsOf = (c: ReportCohorts) => ({
  served: c.served,
  exited: c.exited,
  employmentQ2: c.employmentQ2,
  employmentQ4: c.employmentQ4,
  credential: c.credential,
  skillGains: c.skillGains,
});

/**
 * R-WAGE-6: the rows of the match request (COPY text: SSN ciphertext, year, quarter, PIRL 100): per
 * participant with an SSN, every calendar quarter the period's cohorts need that is not complete —
 * quarters 1–4 after a soft exit in an exit-based cohort (exit quarter R − 9 … R − 1) and the three
 * quarters before participation of the served — ordered by PIRL 100 and quarter.
 */
export function wageMatchRequestSql(R: number, officeSql: string): string {
  const c = reportCohorts(R);
  return `
WITH ${COMPLETE_QUARTERS_CTE},
a AS (
  SELECT a.participant_id, a.participation_date, a.exit_date, a.exit_type FROM applications a
  WHERE a.programs && ${REPORT_PROGRAMS_SQL} AND a.participation_date IS NOT NULL AND ${officeSql}
),
need AS (
  SELECT a.participant_id, ${quarterOf('a.exit_date')} + k AS q FROM a, generate_series(1, 4) k
  WHERE a.exit_type = 'soft' AND a.exit_date BETWEEN DATE '${quarterBounds(R - 9).start}' AND DATE '${quarterBounds(R - 1).end}'
  UNION
  SELECT a.participant_id, ${quarterOf('a.participation_date')} - k FROM a, generate_series(1, 3) k
  WHERE a.participation_date <= DATE '${c.served.to}' AND (a.exit_date IS NULL OR a.exit_date >= DATE '${c.served.from}')
)
SELECT p.ssn_ciphertext, n.q / 4, n.q % 4 + 1, p.pirl_id
FROM need n JOIN participants p ON p.id = n.participant_id
WHERE NOT p.pseudo_ssn_assigned AND p.ssn_ciphertext IS NOT NULL AND n.q NOT IN (SELECT q FROM cov)
ORDER BY p.pirl_id, n.q`;
}
