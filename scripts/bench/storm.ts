/**
 * bench:storm — the midnight soft-exit storm on a real Temporal server, in real time.
 *
 * N cases share one last service date, so all their soft exits are due at the same agency midnight
 * and each exit starts four follow-up children at once: the real peak of this product. The cases are
 * made through the product's own paths (REST API, supervisor-approved backdating to today − 90: the
 * participation and its closed service both dated today − 90, so L + 91 is tomorrow 00:00 agency
 * time). The agency time zone of the run is chosen so that its next midnight falls a little after
 * the set-up is expected to end; the code path is the production one (dev server, worker and API as
 * their own processes, PostgreSQL projections).
 *
 *   npm run bench:storm -- --n 10000            # defaults: --lead-minutes 2 --setup-rate 12
 *
 * Prints: the lag from softExitAt to each recorded exit (p50, p99, max), the time until all 4N
 * follow-up children have started and until they run (their first task done), workflows/s, worker/API/server RSS over time, PostgreSQL rows, and every
 * failed workflow task or error the worker logged.
 */
import { rmSync } from 'node:fs';
import { agencyToday, addDays, startOfAgencyDay } from '../../src/domain/dates';
import { FOLLOW_UP_WORKFLOW_TYPE } from '../../src/workflows/follow-up/contract';
import { FOLLOW_UP_STATUSES } from '../../src/domain/enums';
import { uniqueTaskQueue, devServerEnv } from '../../test/helpers/temporal';
import {
  benchDatabase,
  int,
  mib,
  ms,
  onCleanup,
  parseFlags,
  pidsByCommandLine,
  pool,
  printMachine,
  rssOf,
  cpuMsOf,
  runBench,
  sampleUntil,
  sleep,
  startApiProcess,
  startWorkerProcess,
  summarize,
  table,
} from './common';

const flags = parseFlags({
  n: 200,
  /** Minutes of margin between the expected end of the set-up and the storm's midnight. */
  leadMinutes: 2,
  /** Cases per second the set-up is expected to manage (picks the time zone; measured and printed). */
  setupRate: 12,
  concurrency: 8,
  /** Give up waiting for the storm to finish this many minutes after midnight. */
  maxMinutes: 30,
  sampleSeconds: 5,
  logLevel: 'info',
  /** Force an IANA zone instead of choosing one (then the storm may be far away). */
  zone: '',
  /** The worker's sticky cache (WORKER_MAX_CACHED_WORKFLOWS); 0 = the product's default (500). */
  cache: 0,
  /** A file for the dev server's SQLite store, as `npm start` runs it (default: in memory). Deleted after the run. */
  dbFile: '',
});

const SUPERVISOR_TOKEN = 'dev-supervisor'; // S-DEV-SUPERVISOR: the backdating approver and caller

/** The zone whose next local midnight is the soonest instant at or after `notBefore`. */
function chooseZone(now: number, notBefore: number): { zone: string; midnight: number } {
  let best: { zone: string; midnight: number } | null = null;
  for (const zone of Intl.supportedValuesOf('timeZone')) {
    const midnight = startOfAgencyDay(addDays(agencyToday(now, zone), 1), zone).getTime();
    if (midnight < notBefore) continue;
    if (!best || midnight < best.midnight) best = { zone, midnight };
  }
  if (!best) throw new Error('no time zone has a midnight in the next 24 hours (cannot happen)');
  return best;
}

async function main(): Promise<number> {
  printMachine('bench:storm — N soft exits due at one agency midnight, on a real Temporal dev server');
  const t0 = Date.now();
  const expectedSetupMs = (flags.n / flags.setupRate) * 1000 + 60_000; // + stack start-up
  const chosen = flags.zone
    ? { zone: flags.zone, midnight: startOfAgencyDay(addDays(agencyToday(t0, flags.zone), 1), flags.zone).getTime() }
    : chooseZone(t0, t0 + expectedSetupMs + flags.leadMinutes * 60_000);
  const zone = chosen.zone;
  console.log(
    `flags: --n ${flags.n} --lead-minutes ${flags.leadMinutes} --setup-rate ${flags.setupRate} --concurrency ${flags.concurrency} --log-level ${flags.logLevel} --cache ${flags.cache || 'default'} --db-file ${flags.dbFile || '(in memory)'}\n` +
      `agency time zone ${zone}: next midnight ${new Date(chosen.midnight).toISOString()} (in ${((chosen.midnight - t0) / 60_000).toFixed(1)} min)`,
  );

  const env = await devServerEnv(flags.dbFile ? { extraArgs: ['--db-filename', flags.dbFile] } : {});
  // Registered before the server's teardown, so it runs after it (clean-ups run last first).
  if (flags.dbFile) {
    onCleanup(async () => {
      for (const x of ['', '-wal', '-shm']) rmSync(`${flags.dbFile}${x}`, { force: true });
    });
  }
  onCleanup(() => env.teardown());
  const database = await benchDatabase('storm');
  onCleanup(() => database.close());
  const taskQueue = uniqueTaskQueue('bench-storm');
  const workerErrors: string[] = [];
  const product = {
    temporalAddress: env.address,
    taskQueue,
    databaseUrl: database.url,
    logLevel: flags.logLevel,
    extraEnv: { SDK_METRICS_ADDRESS: '', AGENCY_TIME_ZONE: zone, ...(flags.cache > 0 ? { WORKER_MAX_CACHED_WORKFLOWS: String(flags.cache) } : {}) },
  };
  const worker = await startWorkerProcess({
    ...product,
    onLine: (line) => {
      // pino levels: 50 error, 60 fatal; the SDK's "Failed to process Workflow Activation" is an error too.
      if (/"level":(50|60)/.test(line) || line.includes('Failed to process') || line.includes('WorkflowTaskFailed')) {
        workerErrors.push(line.slice(0, 400));
      }
    },
  });
  onCleanup(() => worker.stop());
  const api = await startApiProcess(product);
  onCleanup(() => api.stop());
  const serverPid = pidsByCommandLine('server', 'start-dev', String(env.address.split(':')[1])).at(0) ?? 0;
  console.log(
    `stack up in ${((Date.now() - t0) / 1000).toFixed(1)} s: dev server ${env.address} (pid ${serverPid || '?'}), worker pid ${worker.pid}, API ${api.url} (pid ${api.pid})`,
  );

  const today = agencyToday(Date.now(), zone);
  const L = addDays(today, -90);
  const http = async <T>(method: string, path: string, body: unknown, expect: number): Promise<T> => {
    for (let attempt = 1; ; attempt += 1) {
      const res = await fetch(`${api.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${SUPERVISOR_TOKEN}`,
          'content-type': 'application/json',
          'idempotency-key': `storm-${path}-${JSON.stringify(body).length}-${Math.random()}`,
        },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status === expect) return JSON.parse(text) as T;
      if (res.status < 500 || attempt >= 5) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      await sleep(500 * attempt);
    }
  };

  // ---- set-up: N cases with L = today − 90 (not measured as the storm) -------------------------------
  const setupStart = Date.now();
  let made = 0;
  const progress = setInterval(
    () => console.log(`  set-up: ${int(made)}/${int(flags.n)} cases (${(made / ((Date.now() - setupStart) / 1000)).toFixed(1)}/s)`),
    30_000,
  );
  const softExitAts = await pool(Array.from({ length: flags.n }), flags.concurrency, async (_x, i) => {
    const p = await http<{ id: string }>('POST', '/api/v1/participants', { firstName: 'Storm', lastName: `Case${i}`, birthDate: '1980-01-01' }, 201);
    const a = await http<{ id: string }>(
      'POST',
      '/api/v1/applications',
      { participantId: p.id, programs: ['ADULT'], eligibilityDate: addDays(L, -10), office: 'LA-2703', caseManagerId: 'S-1042' },
      201,
    );
    const part = await http<{ activity: { id: string } }>(
      'POST',
      `/api/v1/applications/${a.id}/participation`,
      {
        participationDate: L,
        backdateApprovedBy: 'S-DEV-SUPERVISOR',
        activity: { code: '102', program: 'ADULT', projectedEndDate: L, caseNote: 'Storm benchmark: initial assessment.' },
      },
      200,
    );
    const closed = await http<{ application: { exitClock: { softExitAt: string | null } } }>(
      'POST',
      `/api/v1/applications/${a.id}/activities/${part.activity.id}/close`,
      {
        actualEndDate: L,
        completionCode: 'successful',
        backdateApprovedBy: 'S-DEV-SUPERVISOR',
      },
      200,
    );
    made += 1;
    return closed.application.exitClock.softExitAt;
  });
  clearInterval(progress);
  const setupSeconds = (Date.now() - setupStart) / 1000;
  const due = new Set(softExitAts);
  console.log(
    `set-up: ${int(flags.n)} cases in ${setupSeconds.toFixed(0)} s (${(flags.n / setupSeconds).toFixed(1)} cases/s); softExitAt ${[...due].join(', ')}`,
  );
  if (due.size !== 1 || Date.parse(softExitAts[0] as string) !== chosen.midnight) {
    throw new Error(`the cases do not share the chosen midnight ${new Date(chosen.midnight).toISOString()}: ${[...due].join(', ')}`);
  }
  if (Date.now() >= chosen.midnight) {
    throw new Error(`the set-up ended after the storm's midnight: rerun with a lower --setup-rate (measured ${(flags.n / setupSeconds).toFixed(1)} cases/s)`);
  }

  // ---- the storm ------------------------------------------------------------------------------------
  console.log(`waiting ${((chosen.midnight - Date.now()) / 1000).toFixed(0)} s for ${new Date(chosen.midnight).toISOString()} …`);
  const samples: (string | number)[][] = [
    ['t (s)', 'exited (PG)', 'children started', 'children running', 'worker RSS', 'API RSS', 'server RSS', 'worker CPU %', 'server CPU %'],
  ];
  const followUpQuery = `WorkflowType = '${FOLLOW_UP_WORKFLOW_TYPE}' AND TaskQueue = '${taskQueue}'`;
  // Running: the child's first task has completed (it publishes its status as a search attribute then).
  const runningQuery = `${followUpQuery} AND WioaStatus IN (${FOLLOW_UP_STATUSES.map((st) => `'followup_${st}'`).join(', ')})`;
  let lastCpu = cpuMsOf(worker.pid);
  let lastServerCpu = serverPid ? cpuMsOf(serverPid) : 0;
  let lastAt = Date.now();
  let allChildrenAt: number | null = null;
  let allRunningAt: number | null = null;
  let allExitedAt: number | null = null;
  const peak = { worker: 0, api: 0, server: 0 };
  const sample = async (): Promise<void> => {
    const [exited] = await database.db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM applications WHERE exit_date IS NOT NULL`;
    const children = (await env.client.workflow.count(followUpQuery)).count;
    const running = (await env.client.workflow.count(runningQuery)).count;
    const now = Date.now();
    const cpu = cpuMsOf(worker.pid);
    const cpuPct = ((cpu - lastCpu) / (now - lastAt)) * 100;
    const serverCpu = serverPid ? cpuMsOf(serverPid) : 0;
    const serverCpuPct = ((serverCpu - lastServerCpu) / (now - lastAt)) * 100;
    lastCpu = cpu;
    lastServerCpu = serverCpu;
    lastAt = now;
    const rss = { worker: rssOf(worker.pid), api: rssOf(api.pid), server: serverPid ? rssOf(serverPid) : 0 };
    peak.worker = Math.max(peak.worker, rss.worker);
    peak.api = Math.max(peak.api, rss.api);
    peak.server = Math.max(peak.server, rss.server);
    const exitedN = Number(exited?.n ?? 0);
    if (allChildrenAt === null && children >= 4 * flags.n) allChildrenAt = now;
    if (allRunningAt === null && running >= 4 * flags.n) allRunningAt = now;
    if (allExitedAt === null && exitedN >= flags.n) allExitedAt = now;
    samples.push([
      ((now - chosen.midnight) / 1000).toFixed(0),
      exitedN,
      children,
      running,
      mib(rss.worker),
      mib(rss.api),
      mib(rss.server),
      cpuPct.toFixed(0),
      serverPid ? serverCpuPct.toFixed(0) : '?',
    ]);
  };
  while (Date.now() < chosen.midnight - flags.sampleSeconds * 1000) await sleep(1000);
  const giveUpAt = chosen.midnight + flags.maxMinutes * 60_000;
  const cpuAtMidnight = { worker: cpuMsOf(worker.pid), server: serverPid ? cpuMsOf(serverPid) : 0, api: cpuMsOf(api.pid) };
  await sampleUntil(() => allRunningAt !== null && allExitedAt !== null, giveUpAt, flags.sampleSeconds, sample);
  console.log('');
  console.log(table(samples));
  console.log('');

  // Lag per case: the recorded exit instant (exitedAt, the workflow's clock when it applied the exit)
  // minus the softExitAt every case shares (checked above), from the projection.
  const rows = await database.db.$queryRaw<{ lag_ms: number }[]>`
    SELECT EXTRACT(EPOCH FROM (exited_at - ${new Date(chosen.midnight)}::timestamptz)) * 1000 AS lag_ms FROM applications WHERE exited_at IS NOT NULL`;
  const lags = summarize(rows.map((r) => Number(r.lag_ms)));
  const firstLast = await database.db.$queryRaw<
    { first: Date | null; last: Date | null }[]
  >`SELECT min(exited_at) AS first, max(exited_at) AS last FROM applications`;
  const span = firstLast[0]?.first && firstLast[0]?.last ? (firstLast[0].last.getTime() - firstLast[0].first.getTime()) / 1000 : NaN;
  console.log(
    `exits recorded: ${int(rows.length)}/${int(flags.n)}; lag softExitAt → exitedAt: p50 ${ms(lags.p50 / 1000, 2)} s, p99 ${ms(lags.p99 / 1000, 2)} s, max ${ms(lags.max / 1000, 2)} s`,
  );
  console.log(
    `exits/s over the storm: ${(rows.length / Math.max(span, 0.001)).toFixed(1)} (first to last exit ${span.toFixed(1)} s); workflows started/s incl. children: ${((5 * rows.length) / Math.max(((allChildrenAt ?? Date.now()) - chosen.midnight) / 1000, 0.001)).toFixed(1)}`,
  );
  console.log(
    `all ${int(flags.n)} exits projected to PostgreSQL: ${allExitedAt === null ? 'NOT within the limit' : `${((allExitedAt - chosen.midnight) / 1000).toFixed(0)} s after midnight (sampled every ${flags.sampleSeconds} s)`}`,
  );
  console.log(
    `all ${int(4 * flags.n)} follow-up children started: ${allChildrenAt === null ? 'NOT within the limit' : `${((allChildrenAt - chosen.midnight) / 1000).toFixed(0)} s after midnight`}`,
  );
  console.log(
    `all ${int(4 * flags.n)} follow-up children running (first task done): ${allRunningAt === null ? 'NOT within the limit' : `${((allRunningAt - chosen.midnight) / 1000).toFixed(0)} s after midnight`}`,
  );
  console.log(
    `CPU from midnight to the end: worker ${((cpuMsOf(worker.pid) - cpuAtMidnight.worker) / 1000).toFixed(0)} s, Temporal server ${serverPid ? `${((cpuMsOf(serverPid) - cpuAtMidnight.server) / 1000).toFixed(0)} s` : '?'}, API ${((cpuMsOf(api.pid) - cpuAtMidnight.api) / 1000).toFixed(0)} s`,
  );
  console.log(`peak RSS: worker ${mib(peak.worker)}, API ${mib(peak.api)}, Temporal server ${serverPid ? mib(peak.server) : '?'}`);
  const counts = await database.rowCounts();
  console.log(
    `PostgreSQL rows: ${Object.entries(counts)
      .map(([t, n]) => `${t} ${int(n)}`)
      .join(', ')}`,
  );
  console.log(
    `worker errors / failed workflow tasks logged: ${workerErrors.length}${workerErrors.length ? `\n  ${workerErrors.slice(0, 10).join('\n  ')}` : ''}`,
  );
  const pass = rows.length === flags.n && lags.p99 <= 60_000 && allRunningAt !== null && allRunningAt - chosen.midnight <= 600_000;
  console.log(`targets (p99 lag ≤ 60 s, all children running within 10 min): ${pass ? 'PASS' : 'FAIL'}`);
  return 0;
}

runBench(main);
