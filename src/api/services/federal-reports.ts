/**
 * SPEC §10 federal performance reporting, as SQL over the PostgreSQL projections (never the workflows):
 * the primary indicators (R-RPT-7), the PIRL export streamed by PostgreSQL's COPY (R-RPT-8) and the
 * quarterly data review (R-RPT-9). The cohort bounds come from src/domain/reporting.ts; the per-quarter
 * codes (employment, earnings, employer ids, education) are projected columns of `follow_ups`, written
 * by the projection with the same domain functions.
 */
import type { Readable } from 'node:stream';
import { type Db, sqlCopyOut, sqlRowsNoJit } from '../../db/client';
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
export const PIRL_HEADER =
  '100,200,900,901,903,904,905,923,1303,1332,1401,1600,1602,1604,1606,1618,1703,1704,1705,1706,1800,1801,1806,1807,1808,1809,1810,1811,1900,1901';

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
function performanceSql(officeSql: string): string {
  const employed = (code: string, edu: string) => `(${code} IN (${EMPLOYED_SQL}) OR ($1 = 'YOUTH' AND coalesce(${edu}, false)))`;
  return `
WITH a AS (
  SELECT a.id, a.participation_date, a.exit_date, a.exit_type, a.education_at_participation
  FROM applications a
  WHERE $1 = ANY(a.programs) AND a.participation_date IS NOT NULL AND ${officeSql}
),
q2 AS (
  SELECT f.employment_code AS code, f.earnings, f.in_education
  FROM a LEFT JOIN follow_ups f ON f.application_id = a.id AND f.quarter = 2
  WHERE a.exit_date BETWEEN $6 AND $7 AND a.exit_type = 'soft'
),
q4 AS (
  SELECT a.id, a.education_at_participation, f2.employment_code AS c2, f2.employer_ids AS e2, f4.employment_code AS c4, f4.in_education AS in4
  FROM a
  LEFT JOIN follow_ups f2 ON f2.application_id = a.id AND f2.quarter = 2
  LEFT JOIN follow_ups f4 ON f4.application_id = a.id AND f4.quarter = 4
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
  (SELECT count(*) FILTER (WHERE e2 && (SELECT f.employer_ids FROM follow_ups f WHERE f.application_id = q4.id AND f.quarter = 4)) FROM q4 WHERE c2 IN (${EMPLOYED_SQL}))::int AS ret_num,
  (SELECT count(*) FROM q4 WHERE c2 IN (${EMPLOYED_SQL}))::int AS ret_den`;
}

/** The rows of the PIRL export (R-RPT-8); parameters are literals (COPY takes none), validated before. */
function pirlSql(R: number, officeSql: string): string {
  const end = quarterBounds(R).end;
  const oldest = quarterBounds(R - 9).start;
  const d = (col: string) => `to_char(${col}, 'YYYYMMDD')`;
  const emp = (f: string) => `CASE WHEN a.exit_date IS NULL OR a.exit_type <> 'soft' THEN NULL ELSE coalesce(${f}.employment_code, '9') END`;
  const earn = (f: string) =>
    `CASE WHEN a.exit_date IS NULL OR a.exit_type <> 'soft' THEN NULL
          WHEN coalesce(${f}.employment_code, '9') = '9' THEN '999999.99'
          WHEN ${f}.employment_code IN (${EMPLOYED_SQL}) THEN coalesce(to_char(${f}.earnings, 'FM000000.00'), '999999.99')
          ELSE '000000.00' END`;
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
  ${emp('f1')}, ${emp('f2')}, ${emp('f3')}, ${emp('f4')},
  CASE WHEN a.exit_type = 'soft' AND f2.employment_code IN (${KNOWN_EMPLOYMENT_SQL}) AND f4.employment_code IN (${KNOWN_EMPLOYMENT_SQL})
       THEN CASE WHEN f2.employer_ids && f4.employer_ids THEN '1' ELSE '0' END END,
  ${earn('f1')}, ${earn('f2')}, ${earn('f3')}, ${earn('f4')},
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
LEFT JOIN LATERAL (SELECT c.type, c.attained_on FROM credentials c WHERE c.application_id = a.id AND c.counts_for_credential_rate
                   ORDER BY c.attained_on, c.id LIMIT 1) c ON TRUE
WHERE a.programs && ${REPORT_PROGRAMS_SQL} AND a.participation_date IS NOT NULL AND a.participation_date <= DATE '${end}'
  AND (a.exit_date IS NULL OR a.exit_date >= DATE '${oldest}') AND ${officeSql}
ORDER BY p.pirl_id, a.participation_date, a.id`;
}

/** The export's `COPY … TO STDOUT` statement (also what bench:reports times as PostgreSQL's own floor). */
export function pirlCopy(filter: ReportFilter): { period: ReportPeriod; copySql: string } {
  const period = parseReportPeriod(filter.period);
  const parts: string[] = [];
  // COPY takes no parameters: the offices are literals.
  if (filter.office !== undefined) parts.push(`a.office = ${sqlLiteral(filter.office)}`);
  if (filter.scope !== undefined && filter.scope !== '*') parts.push(filter.scope.length === 0 ? 'FALSE' : `a.office IN (${sqlLiteralList(filter.scope)})`);
  const sql = pirlSql(period.R, parts.length > 0 ? parts.join(' AND ') : 'TRUE');
  return { period, copySql: `COPY (${sql}) TO STDOUT WITH (FORMAT csv)` };
}

export class FederalReports {
  constructor(private readonly db: Db) {}

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
    const [r] = await sqlRowsNoJit<Record<string, number | null>>(this.db, performanceSql(office.sql), params);
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
    const { period, copySql } = pirlCopy(filter);
    return { period, stream: () => sqlCopyOut(this.db, copySql, `${PIRL_HEADER}\n`) };
  }

  /** R-RPT-9: the quarterly data review: what would fail validation, paged like the caseload. */
  async dataQuality(filter: ReportFilter & { limit: number; offset: number }) {
    const p = parseReportPeriod(filter.period);
    const c = reportCohorts(p.R);
    const office = officeCondition(filter, 7);
    const sql = `
WITH a AS (
  SELECT a.id, a.exit_date, a.exit_type FROM applications a
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
