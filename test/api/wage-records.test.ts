/**
 * SPEC §14 over HTTP on real PostgreSQL: participants are created through the API (their SSNs hashed and
 * encrypted by the service), their periods of participation are written to the projection tables
 * directly (the report SQL reads only those), then wage files go through `POST /api/v1/wage-records`
 * and the report for PY2024Q1 (R = 2024Q3) is read before and after its quarters are marked complete.
 *
 *   period  participant          exit (X)           follow-ups                      wage records
 *   P1      SSN 111-22-3333      2023-02-15 (2023Q1) q2 not employed, q4 open        2023Q3 ui 5,000 (FEIN A); 2024Q1 swis 6,000 (A) + federal 100; 2022Q1 ui 1,234.56
 *   P2      SSN 222-33-4444      2023-02-15          q2, q4 employed at B (3,000/3,100) —
 *   P3      pseudo-SSN           2023-02-15          q2, q4 not employed             —
 *   P4      SSN 333-44-5555      — (participating since 2024-08-01: served)
 *
 * Q2 cohort (exits 2022Q4…2023Q3) and Q4 cohort (exits 2022Q2…2023Q1) both hold P1, P2, P3.
 */
import http from 'node:http';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import pg from 'pg';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { timeSkippingEnv } from '../helpers/temporal';
import { startStack, type Stack } from '../helpers/stack';
import { WageRecords } from '../../src/api/services/wage-records';
import { SsnProtector } from '../../src/api/services/pii';

let env: TestWorkflowEnvironment;
let stack: Stack;
const SUP = { token: 'dev-supervisor' };
const HEADER = 'ssn,year,quarter,wages,fein,source';
const OLD_PIRL_HEADER =
  '100,200,900,901,903,904,905,923,1303,1332,1401,1600,1602,1604,1606,1618,1703,1704,1705,1706,1800,1801,1806,1807,1808,1809,1810,1811,1900,1901';
const NEW_PIRL_HEADER =
  '100,200,900,901,903,904,905,923,1303,1332,1401,1600,1601,1602,1603,1604,1605,1606,1607,1618,1700,1701,1702,1703,1704,1705,1706,1800,1801,1806,1807,1808,1809,1810,1811,1900,1901';

beforeAll(async () => {
  env = await timeSkippingEnv('2024-10-01T18:00:00Z');
  stack = await startStack(env, {
    name: 'api_wage_records',
    mode: 'sandbox',
    env: {
      API_TOKENS: 'dev-staff:S-DEV-STAFF:staff,dev-supervisor:S-DEV-SUPERVISOR:supervisor,dev-viewer:S-DEV-VIEWER:viewer,sup-sf:S-SUP-SF:supervisor:SF-0001',
    },
  });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  await env?.teardown();
});

async function sql(text: string, params: unknown[] = []): Promise<any[]> {
  const c = new pg.Client({ connectionString: stack.config.databaseUrl.replace(/\?.*$/, '') });
  await c.connect();
  try {
    return (await c.query(text, params)).rows;
  } finally {
    await c.end();
  }
}

async function ok(p: Promise<{ status: number; body: any }>, status = 200): Promise<any> {
  const res = await p;
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

const csv = (body: string, query = '', token = 'dev-supervisor', type = 'text/csv') =>
  stack.http.post(`/api/v1/wage-records${query}`, undefined, { rawBody: body, token, headers: { 'content-type': type } });

const ids: Record<'P1' | 'P2' | 'P3' | 'P4', { app: string; participant: string; pirlId: string }> = {} as never;

async function period(name: 'P1' | 'P2' | 'P3' | 'P4', ssn: string | undefined, o: { participation?: string; exit?: string | null } = {}) {
  const p = await ok(stack.http.post('/api/v1/participants', { firstName: name, lastName: 'Wages', birthDate: '1980-02-03', ...(ssn ? { ssn } : {}) }), 201);
  const app = `00000000-0000-4000-8000-00000000000${name.slice(1)}`;
  await sql(
    `INSERT INTO applications (id, participant_id, programs, office, status, participation_date, exit_type, exit_date, view, version)
     VALUES ($1, $2, ARRAY['ADULT'], 'LA-2703', CASE WHEN $4::date IS NULL THEN 'participating' ELSE 'exited' END, $3,
             CASE WHEN $4::date IS NULL THEN NULL ELSE 'soft' END, $4, '{}', 1)`,
    [app, p.id, o.participation ?? '2022-06-01', o.exit === undefined ? '2023-02-15' : o.exit],
  );
  ids[name] = { app, participant: p.id, pirlId: p.pirlId };
}

async function followUp(name: 'P1' | 'P2' | 'P3', q: number, code: string, o: { earnings?: number; employers?: string[] } = {}) {
  await sql(
    `INSERT INTO follow_ups (application_id, quarter, period_start, period_end, due_date, status, employment_code, earnings, employer_ids)
     VALUES ($1, $2, '2023-04-01', '2023-06-30', '2023-06-30', $3, $4, $5, $6)`,
    [ids[name].app, q, code === '9' ? 'required' : 'completed', code, o.earnings ?? null, o.employers ?? []],
  );
}

const indicators = async () => (await ok(stack.http.get('/api/v1/reports/performance?period=PY2024Q1&program=ADULT'))).indicators;

async function pirl(): Promise<{ header: string; rows: Map<string, Record<string, string>> }> {
  const res = await stack.http.get('/api/v1/reports/pirl?period=PY2024Q1', SUP);
  expect(res.status).toBe(200);
  const lines = (res.body as string).trimEnd().split('\n');
  const header = lines[0]!.split(',');
  return {
    header: lines[0]!,
    rows: new Map(
      lines.slice(1).map((l) => {
        const f = l.split(',');
        return [f[0]!, Object.fromEntries(header.map((h, i) => [h, f[i]!]))];
      }),
    ),
  };
}

describe('§14 wage records over HTTP', () => {
  beforeAll(async () => {
    await period('P1', '111-22-3333');
    await period('P2', '222-33-4444');
    await period('P3', undefined);
    // P4: served in PY2024Q1 (participating since 2024-08-01): the match request asks for 2023Q4 … 2024Q2.
    await period('P4', '333-44-5555', { participation: '2024-08-01', exit: null });
    await followUp('P1', 2, '0');
    await followUp('P1', 4, '9');
    await followUp('P2', 2, '1', { earnings: 3000, employers: ['999999999'] });
    await followUp('P2', 4, '1', { earnings: 3100, employers: ['999999999'] });
    await followUp('P3', 2, '0');
    await followUp('P3', 4, '0');
  });

  it('§10 stands while no wage file was loaded: the R-RPT-8 layout, no NO_SSN_FOR_WAGE_MATCH', async () => {
    expect((await pirl()).header).toBe(OLD_PIRL_HEADER);
    const review = await ok(stack.http.get('/api/v1/reports/data-quality?period=PY2024Q1'));
    expect(review.items.filter((i: any) => i.code === 'NO_SSN_FOR_WAGE_MATCH')).toEqual([]);
  });

  it('R-WAGE-1: 415 for another media type, 413 past 200 MB, 400 without the header, supervisors only', async () => {
    const json = await csv(`${HEADER}\n`, '', 'dev-supervisor', 'application/json');
    expect([json.status, json.body.code]).toEqual([400, 'MALFORMED_JSON']); // a JSON body is parsed as JSON first
    const text = await csv(`${HEADER}\n`, '', 'dev-supervisor', 'text/plain');
    expect([text.status, text.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    expect((await csv(`${HEADER}\n`, '', 'dev-staff')).status).toBe(403);
    const noHeader = await csv('123456789,2024,1,10,123456789,ui\n');
    expect([noHeader.status, noHeader.body.code]).toEqual([400, 'INVALID_WAGE_FILE']);
    const longLine = await csv(`${HEADER}\n${'1'.repeat(70_000)}`);
    expect([longLine.status, longLine.body.code]).toEqual([400, 'INVALID_WAGE_FILE']);

    // Declared larger than 200 MB: refused before a byte of it is read.
    const tooLarge = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL('/api/v1/wage-records', stack.api.url);
      const req = http.request(url, {
        method: 'POST',
        headers: { authorization: 'Bearer dev-supervisor', 'content-type': 'text/csv', 'content-length': String(200 * 1024 * 1024 + 1) },
      });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.write(`${HEADER}\n`);
    });
    expect(tooLarge.status).toBe(413);
    expect(JSON.parse(tooLarge.body).code).toBe('PAYLOAD_TOO_LARGE');
    expect(await sql('SELECT count(*)::int AS n FROM wage_loads')).toEqual([{ n: 0 }]);
  });

  it('R-WAGE-1: a file sent in chunks past the limit is refused with 413 and leaves nothing behind', async () => {
    const small = new WageRecords(stack.db, new SsnProtector(stack.config.piiKey), 1_000);
    const body = Readable.from(
      (function* () {
        yield `${HEADER}\n`;
        for (let i = 0; i < 100; i++) yield '111-22-3333,2023,3,10.00,111111111,ui\n';
      })(),
    );
    await expect(small.load(body, { loadedBy: 'S-T', role: 'supervisor', dryRun: false })).rejects.toMatchObject({ status: 413 });
    expect(await sql('SELECT count(*)::int AS n FROM wage_records')).toEqual([{ n: 0 }]);
  });

  const file = [
    HEADER,
    '111-22-3333,2023,3,5000.00,11-1111111,ui',
    '111223333,2024,1,6000,111111111,swis',
    '111223333,2024,1,100,,federal',
    '111223333,2022,1,1234.56,111111111,',
    '999-88-7777,2023,3,7000.00,111111111,ui', // nobody's
    '111-22-3333,2023,3,12.345,111111111,ui', // three decimals
    '222-33-4444,2023,5,10,111111111,ui', // quarter 5
    '',
    '222-33-4444,2023,3,10,,ui', // ui without FEIN
  ].join('\r\n');

  it('R-WAGE-1: a dry run checks and matches every row and keeps none', async () => {
    const s = await ok(csv(file, '?dryRun=true'));
    expect(s).toEqual({
      dryRun: true,
      rows: 8,
      matched: 4,
      unmatched: 1,
      replaced: 0,
      failed: 3,
      errors: [
        { line: 7, field: 'wages', code: 'INVALID_WAGES' },
        { line: 8, field: 'quarter', code: 'INVALID_QUARTER' },
        { line: 10, field: 'fein', code: 'FEIN_REQUIRED' },
      ],
      quarters: ['2022Q1', '2023Q3', '2024Q1'],
    });
    expect(await sql('SELECT count(*)::int AS n FROM wage_records')).toEqual([{ n: 0 }]);
    expect((await ok(stack.http.get('/api/v1/wage-records/coverage'))).items).toEqual([]);
    expect(await sql('SELECT dry_run, rows, matched FROM wage_loads')).toEqual([{ dry_run: true, rows: 8, matched: 4 }]);
  });

  it('R-WAGE-1: a load keeps the matched rows under the participant (never the SSN); a corrected file replaces', async () => {
    const s = await ok(csv(file));
    expect(s).toMatchObject({ dryRun: false, rows: 8, matched: 4, unmatched: 1, replaced: 0, failed: 3 });
    const kept = await sql('SELECT participant_id, year, quarter, fein, source, wages::text FROM wage_records ORDER BY year, quarter, source');
    expect(kept).toEqual([
      { participant_id: ids.P1.participant, year: 2022, quarter: 1, fein: '111111111', source: 'ui', wages: '1234.56' },
      { participant_id: ids.P1.participant, year: 2023, quarter: 3, fein: '111111111', source: 'ui', wages: '5000.00' },
      { participant_id: ids.P1.participant, year: 2024, quarter: 1, fein: '', source: 'federal', wages: '100.00' },
      { participant_id: ids.P1.participant, year: 2024, quarter: 1, fein: '111111111', source: 'swis', wages: '6000.00' },
    ]);
    // Nothing of the SSN anywhere in the wage tables.
    const dump = JSON.stringify(await sql('SELECT * FROM wage_records')) + JSON.stringify(await sql('SELECT * FROM wage_loads'));
    expect(dump).not.toMatch(/111-?22-?3333|999-?88-?7777/);
    const [load] = await sql('SELECT loaded_by, role, file_sha256, rows, matched, unmatched, replaced, failed, quarters FROM wage_loads WHERE NOT dry_run');
    expect(load).toMatchObject({ loaded_by: 'S-DEV-SUPERVISOR', role: 'supervisor', rows: 8, matched: 4, unmatched: 1, replaced: 0, failed: 3 });
    expect(load.file_sha256).toMatch(/^[0-9a-f]{64}$/);

    // The same file again replaces its rows (nothing is added); a repeated key in one file: the last line wins.
    const again = await ok(csv(`${HEADER}\n111-22-3333,2023,3,4000.00,111111111,ui\n111-22-3333,2023,3,5000.00,111111111,ui\n`));
    expect(again).toMatchObject({ rows: 2, matched: 2, replaced: 2, failed: 0, quarters: ['2023Q3'] });
    expect(await sql(`SELECT wages::text FROM wage_records WHERE year = 2023 AND quarter = 3`)).toEqual([{ wages: '5000.00' }]);
    expect(await sql('SELECT count(*)::int AS n FROM wage_records')).toEqual([{ n: 4 }]);
  });

  it('R-RPT-3/R-RPT-6 stand while no quarter is complete; the PIRL file takes the R-WAGE-5 layout', async () => {
    expect(await indicators()).toMatchObject({
      employmentRateQ2: { numerator: 1, denominator: 3, rate: 0.3333 },
      employmentRateQ4: { numerator: 1, denominator: 3, rate: 0.3333 },
      retentionWithSameEmployer: { numerator: 1, denominator: 1, rate: 1 },
      medianEarningsQ2: { value: 3000, count: 1 },
    });
    const { header, rows } = await pirl();
    expect(header).toBe(NEW_PIRL_HEADER);
    expect(rows.get(ids.P1.pirlId)).toMatchObject({
      '1602': '0',
      '1603': '',
      '1606': '9',
      '1607': '6',
      '1618': '',
      '1700': '',
      '1702': '',
      '1704': '000000.00',
    });
    expect(rows.get(ids.P2.pirlId)).toMatchObject({ '1602': '1', '1603': '5', '1606': '1', '1607': '5', '1618': '1', '1704': '003000.00' });
  });

  it('R-WAGE-6: the match request (supervisor, export in the access log, no pseudo-SSN, only quarters not complete)', async () => {
    expect((await stack.http.get('/api/v1/reports/wage-match-request?period=PY2024Q1')).status).toBe(403);
    expect((await stack.http.get('/api/v1/reports/wage-match-request?period=PY2024', { token: 'dev-viewer' })).status).toBe(403);
    const bad = await stack.http.get('/api/v1/reports/wage-match-request?period=2024Q1', SUP);
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const res = await stack.http.get('/api/v1/reports/wage-match-request?period=PY2024Q1', SUP);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const ssnOf = { [ids.P1.pirlId]: '111223333', [ids.P2.pirlId]: '222334444', [ids.P4.pirlId]: '333445555' };
    const quartersOf = {
      [ids.P1.pirlId]: ['2023,2', '2023,3', '2023,4', '2024,1'], // 1–4 after exit (2023Q1)
      [ids.P2.pirlId]: ['2023,2', '2023,3', '2023,4', '2024,1'],
      [ids.P4.pirlId]: ['2023,4', '2024,1', '2024,2'], // the three before participation (2024Q3)
    };
    const expected = Object.keys(ssnOf)
      .sort()
      .flatMap((p) => quartersOf[p]!.map((q) => `${ssnOf[p]},${q},${p}`));
    expect((res.body as string).trimEnd().split('\n')).toEqual(['ssn,year,quarter,pirlId', ...expected]);
    // Another office's supervisor: nothing.
    const other = await stack.http.get('/api/v1/reports/wage-match-request?period=PY2024Q1', { token: 'sup-sf' });
    expect((other.body as string).trimEnd()).toBe('ssn,year,quarter,pirlId');
    const log = await ok(stack.http.get('/api/v1/reports/access-log?staffId=S-DEV-SUPERVISOR', SUP));
    expect(log.items.filter((e: any) => e.route === '/api/v1/reports/wage-match-request')).toEqual([
      expect.objectContaining({ action: 'export', applicationId: null, participantId: null }),
    ]);
    // The data review lists the pseudo-SSN period.
    const review = await ok(stack.http.get('/api/v1/reports/data-quality?period=PY2024Q1'));
    expect(review.items.filter((i: any) => i.code === 'NO_SSN_FOR_WAGE_MATCH').map((i: any) => i.applicationId)).toEqual([ids.P3.app]);
  });

  it('R-WAGE-2: coverage marks (supervisor), the list (staff, supervisor), 400 for bad quarters and ranges', async () => {
    const mark = (body: unknown, token = 'dev-supervisor') => stack.http.post('/api/v1/wage-records/coverage', body, { token });
    expect((await mark({ from: '2022Q1', to: '2024Q1', complete: true }, 'dev-staff')).status).toBe(403);
    for (const body of [
      { from: '2022Q5', to: '2024Q1', complete: true },
      { from: '2022Q1', to: '2024-Q1', complete: true },
      { from: '2022Q1', to: '2024Q1' },
    ]) {
      expect((await mark(body)).status).toBe(400);
    }
    const reversed = await mark({ from: '2024Q2', to: '2024Q1', complete: true });
    expect([reversed.status, reversed.body.code]).toEqual([400, 'INVALID_QUARTER_RANGE']);
    await ok(mark({ from: '2022Q1', to: '2024Q2', complete: true }));
    const list = await ok(mark({ from: '2024Q2', to: '2024Q2', complete: false }));
    expect(list.items.map((i: any) => i.quarter)).toEqual(['2022Q1', '2022Q2', '2022Q3', '2022Q4', '2023Q1', '2023Q2', '2023Q3', '2023Q4', '2024Q1', '2024Q2']);
    const byQuarter = Object.fromEntries(list.items.map((i: any) => [i.quarter, i]));
    expect(byQuarter['2023Q3']).toMatchObject({ complete: true, rows: 1, loads: 2 });
    expect(byQuarter['2024Q1']).toMatchObject({ complete: true, rows: 2, loads: 1 });
    expect(byQuarter['2024Q2']).toMatchObject({ complete: false, rows: 0, loads: 0, lastLoadedAt: null });
    expect(byQuarter['2023Q3'].lastLoadedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect((await ok(stack.http.get('/api/v1/wage-records/coverage'))).items).toEqual(list.items);
    expect((await stack.http.get('/api/v1/wage-records/coverage', { token: 'dev-viewer' })).status).toBe(403);
  });

  it('R-WAGE-3 … R-WAGE-5: in complete quarters wage records decide employment, earnings and retention', async () => {
    expect(await indicators()).toMatchObject({
      employmentRateQ2: { numerator: 2, denominator: 3, rate: 0.6667 }, // P1 by wages, P2 supplemental
      employmentRateQ4: { numerator: 2, denominator: 3, rate: 0.6667 },
      retentionWithSameEmployer: { numerator: 2, denominator: 2, rate: 1 }, // P1 FEIN 111111111 in q2 and q4; P2 999999999
      medianEarningsQ2: { value: 4000, count: 2 }, // 5,000 and 3,000
    });
    const { header, rows } = await pirl();
    expect(header).toBe(NEW_PIRL_HEADER);
    expect(rows.get(ids.P1.pirlId)).toMatchObject({
      '1600': '0', // complete, no wages, no follow-up
      '1601': '',
      '1602': '1',
      '1603': '1',
      '1606': '1',
      '1607': '1', // swis (1) and federal (2): the lowest
      '1618': '1',
      '1700': '',
      '1701': '',
      '1702': '001234.56', // 2022Q1, the quarter before participation (2022Q2)
      '1704': '005000.00',
      '1706': '006100.00',
    });
    expect(rows.get(ids.P2.pirlId)).toMatchObject({ '1602': '1', '1603': '5', '1607': '5', '1702': '000000.00', '1704': '003000.00' });
    expect(rows.get(ids.P3.pirlId)).toMatchObject({ '1602': '0', '1603': '', '1702': '000000.00' });
    // Every quarter the cohorts need is complete but 2024Q2 (marked not complete): only that one is asked for.
    const res = await stack.http.get('/api/v1/reports/wage-match-request?period=PY2024Q1', SUP);
    expect((res.body as string).trimEnd().split('\n')).toEqual(['ssn,year,quarter,pirlId', `333445555,2024,2,${ids.P4.pirlId}`]);
  });

  it('R-WAGE-7: one case, in scope, a read in the access log', async () => {
    const e = await ok(stack.http.get(`/api/v1/applications/${ids.P1.app}/employment-after-exit`));
    expect(e.quarters).toEqual([
      { quarter: 1, calendarQuarter: '2023Q2', complete: true, employed: false, typeOfMatch: null, earnings: null, employers: [] },
      {
        quarter: 2,
        calendarQuarter: '2023Q3',
        complete: true,
        employed: true,
        typeOfMatch: '1',
        earnings: 5000,
        employers: [{ fein: '111111111', wages: 5000, source: 'ui' }],
      },
      { quarter: 3, calendarQuarter: '2023Q4', complete: true, employed: false, typeOfMatch: null, earnings: null, employers: [] },
      {
        quarter: 4,
        calendarQuarter: '2024Q1',
        complete: true,
        employed: true,
        typeOfMatch: '1',
        earnings: 6100,
        employers: [
          { fein: null, wages: 100, source: 'federal' },
          { fein: '111111111', wages: 6000, source: 'swis' },
        ],
      },
    ]);
    expect((await ok(stack.http.get(`/api/v1/applications/${ids.P2.app}/employment-after-exit`, SUP))).quarters[1]).toMatchObject({
      employed: true,
      typeOfMatch: '5',
      earnings: 3000,
    });
    expect((await stack.http.get(`/api/v1/applications/${ids.P1.app}/employment-after-exit`, { token: 'dev-viewer' })).status).toBe(403);
    expect((await stack.http.get(`/api/v1/applications/${ids.P1.app}/employment-after-exit`, { token: 'sup-sf' })).status).toBe(404);
    expect((await stack.http.get('/api/v1/applications/nope/employment-after-exit')).status).toBe(404);
    const log = await ok(stack.http.get(`/api/v1/reports/access-log?applicationId=${ids.P1.app}`, SUP));
    expect(log.items).toEqual([
      expect.objectContaining({
        staffId: 'S-DEV-STAFF',
        action: 'read',
        route: '/api/v1/applications/:id/employment-after-exit',
        participantId: ids.P1.participant,
      }),
    ]);
  });

  it('npm run wage-records: the CLI streams a file through the route and prints the summary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wage-cli-'));
    try {
      const path = join(dir, 'wages.csv');
      writeFileSync(path, file);
      const root = join(__dirname, '..', '..');
      const out = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          [
            join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
            'src/cli/wage-records.ts',
            path,
            '--dry-run',
            '--url',
            stack.api.url,
            '--token',
            'dev-supervisor',
          ],
          { cwd: root },
          (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
      });
      expect(out.stderr).toBe('');
      expect(out.code).toBe(2); // some rows were refused
      expect(out.stdout).toContain(`Dry run (nothing was kept) of ${path}: 8 row(s) for 2022Q1, 2023Q3, 2024Q1`);
      expect(out.stdout).toMatch(/would be kept\s+4 /);
      expect(out.stdout).toMatch(/replaced\s+4 /);
      expect(out.stdout).toContain('line 7: wages INVALID_WAGES');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('registers every route in the OpenAPI document', async () => {
    const doc = (await stack.http.get('/openapi.json')).body;
    expect(Object.keys(doc.paths['/api/v1/wage-records'])).toEqual(['post']);
    expect(Object.keys(doc.paths['/api/v1/wage-records/coverage']).sort()).toEqual(['get', 'post']);
    expect(doc.paths['/api/v1/reports/wage-match-request'].get.responses['200'].content['text/csv']).toBeDefined();
    expect(doc.paths['/api/v1/applications/{id}/employment-after-exit'].get).toBeDefined();
    expect(doc.paths['/api/v1/wage-records'].post.requestBody.content['text/csv']).toBeDefined();
  });
});
