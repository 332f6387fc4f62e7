/**
 * SPEC §14 wage records: loading a wage file (R-WAGE-1), the complete quarters (R-WAGE-2), one case's
 * employment after exit (R-WAGE-7) and the match request (R-WAGE-6).
 *
 * A load streams the request body through a parser into PostgreSQL's COPY (a temporary staging table,
 * one row per line: its number, the SSN's keyed hash, the validated fields or the row's error), then
 * matches and writes with one set-based statement: memory does not grow with the file. The SSN itself
 * is never written anywhere: the parser replaces it with the keyed hash participants carry
 * (`participants.ssn_hash`, src/api/services/pii.ts) before the row leaves the process.
 */
import { createHash } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { type Db, sqlCopyOut, sqlRows, sqlTransaction, withPoolClient } from '../../db/client';
import { sqlLiteral } from '../../db/sql-literal';
import { ProblemError } from '../problem';
import type { SsnProtector } from './pii';
import { isDomainError } from '../../domain/errors';
import { quarterIndex } from '../../domain/reporting';
import {
  WAGE_FILE_HEADER,
  calendarQuarterOf,
  parseWageRow,
  quarterEmployment,
  quarterRange,
  yearAndQuarter,
  type QuarterWage,
  type WageSource,
} from '../../domain/wages';
import type { EmploymentCode } from '../../domain/reporting';
import { wageMatchRequestSql } from './federal-reports';
import type { OfficeScope } from './federal-reports';

/** R-WAGE-1: a wage file is at most 200 MB. */
export const WAGE_FILE_MAX_BYTES = 200 * 1024 * 1024;
/** The answer lists at most this many refused rows (`failed` counts them all): a broken file must not fill memory. */
const MAX_LISTED_ERRORS = 1_000;

export interface WageLoadSummary {
  dryRun: boolean;
  rows: number;
  matched: number;
  unmatched: number;
  replaced: number;
  failed: number;
  errors: { line: number; field: string; code: string }[];
  quarters: string[];
}

export interface WageLoadRun {
  loadedBy: string;
  role: string;
  dryRun: boolean;
}

/** A CSV line split into fields (double quotes allowed around a field, `""` inside one). */
function splitCsv(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}

const NULL = '\\N';
/** No row of a wage file comes near this; a longer line would otherwise be held whole in memory. */
const MAX_LINE_CHARS = 64 * 1024;

/**
 * The wage file (bytes) → COPY text rows of the staging table: `line, ssn_hash, year, quarter, wages,
 * fein, source, err_field, err_code`. Counts bytes (413 past the limit) and hashes the file (SHA-256).
 */
class WageFileToCopy extends Transform {
  private readonly decoder = new StringDecoder('utf8');
  private rest = '';
  private line = 0;
  private headerSeen = false;
  bytes = 0;
  readonly sha256 = createHash('sha256');

  constructor(
    private readonly hashSsn: (digits: string) => string,
    private readonly maxBytes: number,
  ) {
    super({ readableHighWaterMark: 64 * 1024 });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      cb(new ProblemError(413, 'PAYLOAD_TOO_LARGE', `A wage file is at most ${this.maxBytes / 1024 / 1024} MB`));
      return;
    }
    this.sha256.update(chunk);
    const text = this.rest + this.decoder.write(chunk);
    const lines = text.split('\n');
    this.rest = lines.pop() ?? '';
    if (this.rest.length > MAX_LINE_CHARS) {
      cb(new ProblemError(400, 'INVALID_WAGE_FILE', `Line ${this.line + lines.length + 1} is longer than ${MAX_LINE_CHARS} characters: not a wage file`));
      return;
    }
    try {
      const out = this.rows(lines);
      if (out) this.push(out);
      cb();
    } catch (err) {
      cb(err as Error);
    }
  }

  override _flush(cb: TransformCallback): void {
    try {
      const out = this.rows([this.rest + this.decoder.end()]);
      if (out) this.push(out);
      if (!this.headerSeen) throw new ProblemError(400, 'INVALID_WAGE_FILE', `A wage file starts with the header line ${WAGE_FILE_HEADER}`);
      cb();
    } catch (err) {
      cb(err as Error);
    }
  }

  private rows(lines: string[]): string {
    let out = '';
    for (const raw of lines) {
      this.line++;
      const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (!this.headerSeen) {
        const header = splitCsv(text.replace(/^\uFEFF/, '')).map((h) => h.trim().toLowerCase());
        if (header.join(',') !== WAGE_FILE_HEADER) {
          throw new ProblemError(400, 'INVALID_WAGE_FILE', `The first line must be the header ${WAGE_FILE_HEADER}`, [
            { path: '(line 1)', message: `expected ${WAGE_FILE_HEADER}` },
          ]);
        }
        this.headerSeen = true;
        continue;
      }
      if (text.trim() === '') continue;
      const parsed = parseWageRow(splitCsv(text));
      if (parsed.ok) {
        const r = parsed.row;
        out += `${this.line}\t${this.hashSsn(r.ssnDigits)}\t${r.year}\t${r.quarter}\t${r.wages}\t${r.fein}\t${r.source}\t${NULL}\t${NULL}\n`;
      } else {
        out += `${this.line}\t${NULL}\t${NULL}\t${NULL}\t${NULL}\t${NULL}\t${NULL}\t${parsed.error.field}\t${parsed.error.code}\n`;
      }
    }
    return out;
  }
}

export interface CoverageItem {
  quarter: string;
  complete: boolean;
  rows: number;
  loads: number;
  lastLoadedAt: string | null;
}

export interface EmploymentAfterExitQuarter {
  quarter: number;
  calendarQuarter: string;
  complete: boolean;
  employed: boolean | null;
  typeOfMatch: string | null;
  earnings: number | null;
  employers: { fein: string | null; wages: number; source: string }[];
}

const cents = (n: unknown): number => Math.round(Number(n) * 100);

export class WageRecords {
  constructor(
    private readonly db: Db,
    private readonly ssn: SsnProtector,
    private readonly maxBytes = WAGE_FILE_MAX_BYTES,
  ) {}

  /**
   * R-WAGE-1: loads one wage file. Everything happens in one transaction: a file that cannot be read
   * (no header, too large, the client went away) leaves nothing behind, not even its load record.
   */
  async load(body: Readable, run: WageLoadRun): Promise<WageLoadSummary> {
    const parser = new WageFileToCopy((d) => this.ssn.hash(d), this.maxBytes);
    return withPoolClient(this.db, async (client) => {
      await client.query('BEGIN');
      try {
        // The match and the upsert are one-off statements over the whole file: compiling them costs
        // more than it saves (as for the reports, src/db/client.ts sqlRowsNoJit).
        await client.query('SET LOCAL jit = off');
        await client.query(`CREATE TEMPORARY TABLE wage_staging (
          line int NOT NULL, ssn_hash text, year int, quarter int, wages numeric(14,2), fein text, source text, err_field text, err_code text
        ) ON COMMIT DROP`);
        const copy = client.query(copyFrom('COPY wage_staging (line, ssn_hash, year, quarter, wages, fein, source, err_field, err_code) FROM STDIN'));
        // The body is piped rather than handed to pipeline(): a refused file must not destroy the
        // request (the socket would go with it, and the 4xx answer too).
        const onAbort = () => parser.destroy(new ProblemError(400, 'WAGE_FILE_INCOMPLETE', 'The request body ended before the file did'));
        body.once('aborted', onAbort);
        body.once('error', onAbort);
        body.pipe(parser);
        try {
          await pipeline(parser, copy);
        } finally {
          body.unpipe(parser);
          body.off('aborted', onAbort);
          body.off('error', onAbort);
        }
        await client.query('ANALYZE wage_staging');
        const [counts] = (
          await client.query<{ rows: number; failed: number; matched: number; unmatched: number; quarters: string[] }>(`
            SELECT count(*)::int AS rows,
                   count(*) FILTER (WHERE s.err_code IS NOT NULL)::int AS failed,
                   count(p.id)::int AS matched,
                   count(*) FILTER (WHERE s.err_code IS NULL AND p.id IS NULL)::int AS unmatched,
                   coalesce((SELECT array_agg(q ORDER BY q) FROM (SELECT DISTINCT year || 'Q' || quarter AS q FROM wage_staging WHERE err_code IS NULL) x), '{}') AS quarters
            FROM wage_staging s LEFT JOIN participants p ON p.ssn_hash = s.ssn_hash AND s.err_code IS NULL`)
        ).rows;
        const { rows: loadRows } = await client.query<{ id: string }>(
          `INSERT INTO wage_loads (loaded_by, role, file_sha256, dry_run, rows, matched, unmatched, replaced, failed, quarters)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $9) RETURNING id`,
          [run.loadedBy, run.role, parser.sha256.digest('hex'), run.dryRun, counts!.rows, counts!.matched, counts!.unmatched, counts!.failed, counts!.quarters],
        );
        const loadId = loadRows[0]!.id;
        // The matched rows, the last line winning when a file repeats a key (one row per key: the
        // upsert may touch a row once). A row replaced is one whose key was kept before, or repeated.
        const matched = `
          m AS (SELECT s.line, p.id AS participant_id, s.year, s.quarter, s.fein, s.source, s.wages
                FROM wage_staging s JOIN participants p ON p.ssn_hash = s.ssn_hash WHERE s.err_code IS NULL),
          d AS (SELECT DISTINCT ON (participant_id, year, quarter, fein, source) * FROM m
                ORDER BY participant_id, year, quarter, fein, source, line DESC)`;
        const replacedSql = run.dryRun
          ? `WITH ${matched}
             SELECT ((SELECT count(*) FROM m) - (SELECT count(*) FROM d)
                     + (SELECT count(*) FROM d JOIN wage_records w USING (participant_id, year, quarter, fein, source)))::int AS replaced`
          : `WITH ${matched},
             up AS (
               INSERT INTO wage_records (participant_id, year, quarter, fein, source, wages, load_id)
               SELECT participant_id, year, quarter, fein, source, wages, $1 FROM d
               ON CONFLICT (participant_id, year, quarter, fein, source)
               DO UPDATE SET wages = EXCLUDED.wages, load_id = EXCLUDED.load_id, loaded_at = now()
               RETURNING (xmax <> 0) AS updated
             )
             SELECT ((SELECT count(*) FROM m) - (SELECT count(*) FROM up) + (SELECT count(*) FILTER (WHERE updated) FROM up))::int AS replaced`;
        const { rows: rep } = await client.query<{ replaced: number }>(replacedSql, run.dryRun ? [] : [loadId]);
        const replaced = rep[0]!.replaced;
        await client.query('UPDATE wage_loads SET replaced = $2 WHERE id = $1', [loadId, replaced]);
        const { rows: errors } = await client.query<{ line: number; field: string; code: string }>(
          `SELECT line, err_field AS field, err_code AS code FROM wage_staging WHERE err_code IS NOT NULL ORDER BY line LIMIT ${MAX_LISTED_ERRORS}`,
        );
        await client.query('COMMIT');
        const c = counts!;
        return { dryRun: run.dryRun, rows: c.rows, matched: c.matched, unmatched: c.unmatched, replaced, failed: c.failed, errors, quarters: c.quarters };
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        // The rest of a refused file is read and dropped so that the answer reaches the client; past
        // the size limit nothing more is read (the route closes the connection after its 413).
        if (!body.readableEnded && (err as { status?: number }).status !== 413) body.resume();
        throw err;
      }
    });
  }

  /** R-WAGE-2: marks the quarters `from` … `to` complete or not; answers the quarters marked. */
  async setCoverage(input: { from: string; to: string; complete: boolean }, markedBy: string): Promise<string[]> {
    let indexes: number[];
    try {
      indexes = quarterRange(input.from, input.to);
    } catch (err) {
      if (isDomainError(err)) throw new ProblemError(400, err.code, err.message, [{ path: String(err.details?.field ?? 'from'), message: err.message }]);
      throw err;
    }
    const years = indexes.map((i) => yearAndQuarter(i).year);
    const quarters = indexes.map((i) => yearAndQuarter(i).quarter);
    await sqlTransaction(this.db, async (query) => {
      await query(
        `INSERT INTO wage_quarter_coverage (year, quarter, complete, marked_by)
         SELECT y, q, $3, $4 FROM unnest($1::int[], $2::int[]) AS t(y, q)
         ON CONFLICT (year, quarter) DO UPDATE SET complete = EXCLUDED.complete, marked_by = EXCLUDED.marked_by, marked_at = now()`,
        [years, quarters, input.complete, markedBy],
      );
    });
    return indexes.map(calendarQuarterOf);
  }

  /** R-WAGE-2: every quarter with rows or a mark, oldest first. Dry runs do not count as loads. */
  async coverage(): Promise<{ items: CoverageItem[] }> {
    const rows = await sqlRows<{ year: number; quarter: number; complete: boolean | null; rows: number; loads: number; last: Date | null }>(
      this.db,
      `WITH r AS (SELECT year, quarter, count(*)::int AS rows FROM wage_records GROUP BY year, quarter),
            l AS (SELECT split_part(q, 'Q', 1)::int AS year, split_part(q, 'Q', 2)::int AS quarter, count(*)::int AS loads, max(loaded_at) AS last
                  FROM wage_loads, unnest(quarters) AS q WHERE NOT dry_run GROUP BY 1, 2),
            k AS (SELECT year, quarter FROM r UNION SELECT year, quarter FROM wage_quarter_coverage)
       SELECT k.year, k.quarter, c.complete, coalesce(r.rows, 0) AS rows, coalesce(l.loads, 0) AS loads, l.last
       FROM k LEFT JOIN r USING (year, quarter) LEFT JOIN l USING (year, quarter) LEFT JOIN wage_quarter_coverage c USING (year, quarter)
       ORDER BY k.year, k.quarter`,
      [],
    );
    return {
      items: rows.map((r) => ({
        quarter: `${r.year}Q${r.quarter}`,
        complete: r.complete === true,
        rows: r.rows,
        loads: r.loads,
        lastLoadedAt: r.last ? new Date(r.last).toISOString() : null,
      })),
    };
  }

  /**
   * R-WAGE-7: quarters 1–4 after the exit of one application, as R-WAGE-3 decides them (empty before an
   * exit, and after an exclusionary one: it has no employment outcomes). Undefined when the projection
   * has no such application.
   */
  async employmentAfterExit(applicationId: string): Promise<{ office: string; participantId: string; quarters: EmploymentAfterExitQuarter[] } | undefined> {
    const [app] = await sqlRows<{ office: string; participant_id: string; exit_date: Date | null; exit_type: string | null }>(
      this.db,
      'SELECT office, participant_id, exit_date, exit_type FROM applications WHERE id = $1',
      [applicationId],
    );
    if (!app) return undefined;
    const base = { office: app.office, participantId: app.participant_id };
    if (!app.exit_date || app.exit_type !== 'soft') return { ...base, quarters: [] };
    const X = quarterIndex(new Date(app.exit_date).toISOString().slice(0, 10));
    const idx = [1, 2, 3, 4].map((k) => X + k);
    const [fus, wages, cov] = await Promise.all([
      sqlRows<{ quarter: number; employment_code: string | null; earnings: string | null; employer_ids: string[] }>(
        this.db,
        'SELECT quarter, employment_code, earnings, employer_ids FROM follow_ups WHERE application_id = $1',
        [applicationId],
      ),
      sqlRows<{ q: number; fein: string; source: string; wages: string }>(
        this.db,
        `SELECT year * 4 + quarter - 1 AS q, fein, source, wages FROM wage_records
         WHERE participant_id = $1 AND year * 4 + quarter - 1 = ANY($2::int[]) ORDER BY year, quarter, fein, source`,
        [app.participant_id, idx],
      ),
      sqlRows<{ q: number }>(
        this.db,
        'SELECT year * 4 + quarter - 1 AS q FROM wage_quarter_coverage WHERE complete AND year * 4 + quarter - 1 = ANY($1::int[])',
        [idx],
      ),
    ]);
    const complete = new Set(cov.map((c) => Number(c.q)));
    const quarters = idx.map((q, i): EmploymentAfterExitQuarter => {
      const f = fus.find((r) => r.quarter === i + 1);
      const ws = wages.filter((w) => Number(w.q) === q);
      const qw: QuarterWage[] = ws.map((w) => ({ fein: w.fein, source: w.source as WageSource, wagesCents: cents(w.wages) }));
      const isComplete = complete.has(q);
      const e = quarterEmployment(isComplete, qw, {
        code: (f?.employment_code ?? '9') as EmploymentCode,
        earningsCents: f?.earnings === null || f?.earnings === undefined ? null : cents(f.earnings),
        employerIds: f?.employer_ids ?? [],
      });
      return {
        quarter: i + 1,
        calendarQuarter: calendarQuarterOf(q),
        complete: isComplete,
        employed: e.employed,
        typeOfMatch: e.typeOfMatch,
        earnings: e.earningsCents === null ? null : e.earningsCents / 100,
        // What the wage records say of the quarter, complete or not (the decision reads them only when complete).
        employers: ws.map((w) => ({ fein: w.fein === '' ? null : w.fein, wages: cents(w.wages) / 100, source: w.source })),
      };
    });
    return { ...base, quarters };
  }

  /**
   * R-WAGE-6: the match request as CSV `ssn,year,quarter,pirlId`, streamed: PostgreSQL sends the
   * participants' SSN ciphertexts and quarters in order; each line is decrypted on its way out.
   */
  matchRequest(R: number, scope: OfficeScope): Readable {
    const officeSql = scope === '*' ? 'TRUE' : scope.length === 0 ? 'FALSE' : `a.office IN (${scope.map(sqlLiteral).join(', ')})`;
    const rows = sqlCopyOut(this.db, `COPY (${wageMatchRequestSql(R, officeSql)}) TO STDOUT WITH (FORMAT text)`);
    const decoder = new StringDecoder('utf8');
    let rest = '';
    const ssn = this.ssn;
    const line = (l: string): string => {
      if (l === '') return '';
      const [ciphertext, year, quarter, pirlId] = l.split('\t') as [string, string, string, string];
      return `${ssn.decrypt(ciphertext)},${year},${quarter},${pirlId}\n`;
    };
    const out = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        const lines = (rest + decoder.write(chunk)).split('\n');
        rest = lines.pop() ?? '';
        try {
          cb(null, lines.map(line).join(''));
        } catch (err) {
          cb(err as Error);
        }
      },
      flush(cb) {
        try {
          cb(null, line(rest + decoder.end()));
        } catch (err) {
          cb(err as Error);
        }
      },
    });
    out.push(`${MATCH_REQUEST_HEADER}\n`);
    rows.on('error', (err) => out.destroy(err));
    out.on('close', () => rows.destroy());
    return rows.pipe(out);
  }
}

/** R-WAGE-6: the match request's header. */
const MATCH_REQUEST_HEADER = 'ssn,year,quarter,pirlId';
