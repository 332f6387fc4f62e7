/**
 * bench:import — R-IMP-4: N generated open cases brought in two ways in one run, on the production path
 * (dev server, worker and API as their own processes, PostgreSQL projections):
 *
 *   api     the public API command by command, as a client would enter them: participant, application,
 *           participation, three more activities, two closes, a case note (9 requests a case, each
 *           awaited; `--concurrency` cases at once);
 *   import  one `POST /api/v1/imports` of the same cases as NDJSON (the CLI's client, src/cli/import.ts),
 *           the service working `IMPORT_CONCURRENCY` (= `--concurrency`) lines at once.
 *
 * A path is done when its client has its last answer AND every case is in PostgreSQL as the caseload
 * reads it (all 5 case notes of each case projected). The cases are dated within the last 30 days so
 * that the API path needs no backdating approval; the import would accept any date.
 *
 *   npm run bench:import -- --n 10000                  # defaults: --concurrency 16 --order api-first
 *
 * Prints cases/s and total time of each path, the ratio, and whether R-IMP-4 holds (import ≥ 5× faster,
 * N = 10,000 in ≤ 10 minutes).
 */
import { addDays, agencyToday } from '../../src/domain/dates';
import { postImport } from '../../src/cli/import';
import { uniqueTaskQueue, devServerEnv } from '../../test/helpers/temporal';
import { benchDatabase, int, onCleanup, parseFlags, pool, printMachine, runBench, sleep, startApiProcess, startWorkerProcess } from './common';

const flags = parseFlags({ n: 1000, concurrency: 16, order: 'api-first', logLevel: 'warn' });
const ZONE = 'America/Los_Angeles';
const NOTES_PER_CASE = 5; // participation + 3 activities + 1 case note
const STAFF = 'dev-staff';
const SUPERVISOR = 'dev-supervisor';

interface GenCase {
  externalId: string;
  participant: { firstName: string; lastName: string; birthDate: string };
  application: { programs: string[]; eligibilityDate: string; office: string; participationDate: string };
  activities: Array<{
    ref: string;
    code: string;
    program: string;
    actualBeginDate?: string;
    projectedBeginDate?: string;
    projectedEndDate: string;
    actualEndDate?: string;
    completionCode?: string;
  }>;
  caseNotes: Array<{ contactDate: string; subject: string; body: string }>;
}

/** Case i: participation T−20 (101, closed T−15), IEP 205 open since T−10, resource room 120 on T−5 (closed), training 328 from T+10, a note on T−2. */
function generate(i: number, office: string, today: string): GenCase {
  const d = (n: number) => addDays(today, n);
  return {
    externalId: `BENCH-${office}-${i}`,
    participant: { firstName: `Case${i}`, lastName: 'Bench', birthDate: addDays('1970-01-01', i % 12_000) },
    application: { programs: ['ADULT'], eligibilityDate: d(-30), office, participationDate: d(-20) },
    activities: [
      { ref: 'a1', code: '101', program: 'ADULT', actualBeginDate: d(-20), projectedEndDate: d(-10), actualEndDate: d(-15), completionCode: 'successful' },
      { ref: 'a2', code: '205', program: 'ADULT', actualBeginDate: d(-10), projectedEndDate: d(30) },
      { ref: 'a3', code: '120', program: 'ADULT', actualBeginDate: d(-5), projectedEndDate: d(-5), actualEndDate: d(-5), completionCode: 'successful' },
      { ref: 'a4', code: '328', program: 'ADULT', projectedBeginDate: d(10), projectedEndDate: d(60) },
    ],
    caseNotes: [{ contactDate: d(-2), subject: 'Check-in', body: `Called case ${i}.` }],
  };
}

async function main(): Promise<number> {
  printMachine('bench:import (R-IMP-4)');
  console.log(`flags: --n ${flags.n} --concurrency ${flags.concurrency} --order ${flags.order}`);
  const t0 = Date.now();
  const env = await devServerEnv();
  onCleanup(() => env.teardown());
  const database = await benchDatabase('import');
  onCleanup(() => database.close());
  const product = {
    temporalAddress: env.address,
    taskQueue: uniqueTaskQueue('bench-import'),
    databaseUrl: database.url,
    logLevel: 'info',
    // The per-caller rate limit (R-ABUSE-1) would cap the API path, not measure it.
    extraEnv: { SDK_METRICS_ADDRESS: '', AGENCY_TIME_ZONE: ZONE, IMPORT_CONCURRENCY: String(flags.concurrency), RATE_LIMIT_PER_MINUTE: '1000000' },
  };
  const worker = await startWorkerProcess(product);
  onCleanup(() => worker.stop());
  const api = await startApiProcess({ ...product, logLevel: flags.logLevel });
  onCleanup(() => api.stop());
  console.log(`stack up in ${((Date.now() - t0) / 1000).toFixed(1)} s: dev server ${env.address}, worker pid ${worker.pid}, API ${api.url} (pid ${api.pid})`);

  const today = agencyToday(Date.now(), ZONE);
  const notesProjected = async (office: string): Promise<number> => {
    const [row] = await database.db.$queryRawUnsafe<{ n: bigint }[]>(
      'SELECT count(*) AS n FROM case_notes n JOIN applications a ON a.id = n.application_id WHERE a.office = $1',
      office,
    );
    return Number(row?.n ?? 0);
  };
  const untilProjected = async (office: string, n: number): Promise<void> => {
    const giveUp = Date.now() + 30 * 60_000;
    while ((await notesProjected(office)) < n * NOTES_PER_CASE) {
      if (Date.now() > giveUp) throw new Error(`${office}: not all cases projected after 30 minutes`);
      await sleep(250);
    }
  };

  const call = async <T>(method: string, path: string, body: unknown, token: string, key: string): Promise<T> => {
    for (let attempt = 1; ; attempt += 1) {
      const res = await fetch(`${api.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status < 300) return JSON.parse(text) as T;
      if (res.status < 500 || attempt >= 5) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      await sleep(200 * attempt);
    }
  };

  /** One case through the public API, command by command. */
  const throughApi = async (c: GenCase): Promise<void> => {
    const k = c.externalId;
    const p = await call<{ id: string }>('POST', '/api/v1/participants', c.participant, STAFF, `${k}-p`);
    const app = await call<{ id: string }>(
      'POST',
      '/api/v1/applications',
      { participantId: p.id, ...(({ participationDate: _p, ...rest }) => rest)(c.application) },
      STAFF,
      `${k}-a`,
    );
    const base = `/api/v1/applications/${app.id}`;
    const [a1, a2, a3, a4] = c.activities as [GenCase['activities'][0], GenCase['activities'][0], GenCase['activities'][0], GenCase['activities'][0]];
    const part = await call<{ activity: { id: string } }>(
      'POST',
      `${base}/participation`,
      {
        participationDate: c.application.participationDate,
        activity: { code: a1.code, program: a1.program, projectedEndDate: a1.projectedEndDate, caseNote: 'Participation.' },
      },
      STAFF,
      `${k}-part`,
    );
    await call(
      'POST',
      `${base}/activities`,
      { code: a2.code, program: a2.program, actualBeginDate: a2.actualBeginDate, projectedEndDate: a2.projectedEndDate, caseNote: 'IEP.' },
      STAFF,
      `${k}-a2`,
    );
    const third = await call<{ activity: { id: string } }>(
      'POST',
      `${base}/activities`,
      { code: a3.code, program: a3.program, actualBeginDate: a3.actualBeginDate, projectedEndDate: a3.projectedEndDate, caseNote: 'Resource room.' },
      STAFF,
      `${k}-a3`,
    );
    await call(
      'POST',
      `${base}/activities/${part.activity.id}/close`,
      { actualEndDate: a1.actualEndDate, completionCode: a1.completionCode },
      STAFF,
      `${k}-c1`,
    );
    await call(
      'POST',
      `${base}/activities/${third.activity.id}/close`,
      { actualEndDate: a3.actualEndDate, completionCode: a3.completionCode },
      STAFF,
      `${k}-c3`,
    );
    await call(
      'POST',
      `${base}/activities`,
      { code: a4.code, program: a4.program, projectedBeginDate: a4.projectedBeginDate, projectedEndDate: a4.projectedEndDate, caseNote: 'Training planned.' },
      STAFF,
      `${k}-a4`,
    );
    await call('POST', `${base}/case-notes`, c.caseNotes[0], STAFF, `${k}-n`);
  };

  const results: Record<string, { seconds: number; clientSeconds: number }> = {};
  const runApi = async (): Promise<void> => {
    const office = 'BENCH-API';
    const cases = Array.from({ length: flags.n }, (_, i) => generate(i, office, today));
    const start = Date.now();
    let done = 0;
    await pool(cases, flags.concurrency, async (c) => {
      await throughApi(c);
      done += 1;
      if (done % Math.max(1, Math.floor(flags.n / 10)) === 0)
        console.log(`  api: ${int(done)} / ${int(flags.n)} cases (${((Date.now() - start) / 1000).toFixed(0)} s)`);
    });
    const clientSeconds = (Date.now() - start) / 1000;
    await untilProjected(office, flags.n);
    results.api = { seconds: (Date.now() - start) / 1000, clientSeconds };
  };
  const runImport = async (): Promise<void> => {
    const office = 'BENCH-IMP';
    const body = Array.from({ length: flags.n }, (_, i) => JSON.stringify(generate(i, office, today))).join('\n') + '\n';
    console.log(`  import: file of ${int(flags.n)} lines, ${(body.length / 1024 / 1024).toFixed(1)} MiB`);
    const start = Date.now();
    let tenth = 0;
    const summary = await postImport(body, {
      url: api.url,
      token: SUPERVISOR,
      dryRun: false,
      onProgress: (p) => {
        const t = Math.floor((p.done * 10) / p.lines);
        if (t > tenth) {
          tenth = t;
          console.log(`  import: ${int(p.done)} / ${int(p.lines)} lines (${((Date.now() - start) / 1000).toFixed(0)} s)`);
        }
      },
    });
    const clientSeconds = (Date.now() - start) / 1000;
    if (summary.created !== flags.n) throw new Error(`import created ${summary.created} of ${flags.n}: ${JSON.stringify(summary.errors.slice(0, 5))}`);
    await untilProjected(office, flags.n);
    results.import = { seconds: (Date.now() - start) / 1000, clientSeconds };
  };

  for (const path of flags.order === 'import-first' ? ['import', 'api'] : ['api', 'import']) {
    console.log(`\n${path} path: ${int(flags.n)} cases…`);
    await (path === 'api' ? runApi() : runImport());
    const r = results[path]!;
    console.log(`${path}: ${r.seconds.toFixed(1)} s (client done after ${r.clientSeconds.toFixed(1)} s), ${(flags.n / r.seconds).toFixed(1)} cases/s`);
  }
  const apiR = results.api!;
  const impR = results.import!;
  const ratio = apiR.seconds / impR.seconds;
  console.log('\nR-IMP-4');
  console.log(`  api     ${int(flags.n)} cases in ${apiR.seconds.toFixed(1)} s = ${(flags.n / apiR.seconds).toFixed(1)} cases/s (9 requests a case)`);
  console.log(
    `  import  ${int(flags.n)} cases in ${impR.seconds.toFixed(1)} s = ${(flags.n / impR.seconds).toFixed(1)} cases/s (answer after ${impR.clientSeconds.toFixed(1)} s)`,
  );
  console.log(`  ratio   import is ${ratio.toFixed(2)}× faster (target ≥ 5×): ${ratio >= 5 ? 'met' : 'NOT met'}`);
  const perTenThousand = (impR.seconds * 10_000) / flags.n;
  console.log(
    `  10,000 cases ${flags.n === 10_000 ? 'took' : 'would take (linear)'} ${(perTenThousand / 60).toFixed(1)} min (target ≤ 10 min): ${perTenThousand <= 600 ? 'met' : 'NOT met'}`,
  );
  return ratio >= 5 && perTenThousand <= 600 ? 0 : 2;
}

runBench(main);
