/**
 * bench:storm-floor — the midnight storm with none of the product's code: what the Temporal dev
 * server and the SDK alone allow on this machine (compare bench:storm).
 *
 * N parent workflows (scripts/bench/floor/workflow.ts: stormParent) wait with a durable timer for one
 * shared instant. When it comes, each does in one workflow task what the product's soft exit does:
 * starts four children (priority 4, as the follow-ups) and one activity that writes one PostgreSQL row
 * with a view of the product's size. Each child's first task tells the worker it ran. No rules, no
 * API, no projection function: the lag and child times printed are a floor for the product's.
 *
 *   npm run bench:storm-floor -- --n 10000         # defaults: --lead-seconds 60 --start-rate 80
 *
 * Prints the same lines as bench:storm: lag from the shared instant to each exit's task (p50, p99,
 * max), exits/s, the time until all exits are written and all 4N children have run, CPU and peak RSS
 * of worker and server, and failed tasks.
 */
import { randomUUID } from 'node:crypto';
import { devServerEnv, uniqueTaskQueue } from '../../test/helpers/temporal';
import { createDataConverter, parsePayloadKeys } from '../../src/temporal/codec';
import { DEV_PAYLOAD_KEYS } from '../../src/config';
import { Client } from '@temporalio/client';
import {
  benchDatabase,
  cpuMsOf,
  int,
  mib,
  ms,
  onCleanup,
  parseFlags,
  pidsByCommandLine,
  pool,
  printMachine,
  rssOf,
  runBench,
  sampleUntil,
  sleep,
  startLoggingProcess,
  summarize,
  table,
} from './common';
import { stormParent } from './floor/workflow';

const flags = parseFlags({
  n: 1000,
  /** Parents started per second the set-up is expected to manage (sets the shared instant). */
  startRate: 80,
  /** Seconds of margin between the expected end of the set-up and the shared instant. */
  leadSeconds: 60,
  concurrency: 16,
  rows: 40, // the view written with each exit (~7 KB, as bench:floor)
  cache: 500, // the worker's sticky cache, as the product's default WORKER_MAX_CACHED_WORKFLOWS
  maxMinutes: 20,
  sampleSeconds: 5,
});

async function main(): Promise<number> {
  printMachine("bench:storm-floor — the storm with none of the product's code");
  console.log(
    `flags: --n ${flags.n} --start-rate ${flags.startRate} --lead-seconds ${flags.leadSeconds} --concurrency ${flags.concurrency} --rows ${flags.rows} --cache ${flags.cache}`,
  );
  const env = await devServerEnv();
  onCleanup(() => env.teardown());
  const database = await benchDatabase('storm_floor');
  onCleanup(() => database.close());
  await database.db.$executeRawUnsafe(
    'CREATE TABLE floor_exits (id text PRIMARY KEY, lag_ms integer NOT NULL, view jsonb NOT NULL, written_at timestamptz NOT NULL DEFAULT clock_timestamp())',
  );
  const taskQueue = uniqueTaskQueue('bench-storm-floor');
  const workerErrors: string[] = [];
  let childrenRan = 0;
  const worker = await startLoggingProcess(
    'scripts/bench/floor/worker.ts',
    {
      temporalAddress: env.address,
      taskQueue,
      databaseUrl: database.url,
      logLevel: 'info',
      extraEnv: { FLOOR_CACHE: String(flags.cache) },
      onLine: (line) => {
        const m = /"childrenRan":(\d+)/.exec(line);
        if (m) childrenRan = Number(m[1]);
        if (/"level":(50|60)/.test(line) || line.includes('Failed to process') || line.includes('WorkflowTaskFailed')) workerErrors.push(line.slice(0, 400));
      },
    },
    'floor worker started',
    'floor worker',
  );
  onCleanup(() => worker.stop());
  const serverPid = pidsByCommandLine('server', 'start-dev', String(env.address.split(':')[1])).at(0) ?? 0;
  const client = new Client({
    connection: env.client.connection,
    namespace: 'default',
    dataConverter: createDataConverter(parsePayloadKeys(DEV_PAYLOAD_KEYS)),
  });

  const fireAt = Math.ceil((Date.now() + (flags.n / flags.startRate) * 1000 + flags.leadSeconds * 1000) / 1000) * 1000;
  console.log(`shared instant: ${new Date(fireAt).toISOString()} (${((fireAt - Date.now()) / 1000).toFixed(0)} s from now)`);
  const setupStart = Date.now();
  await pool(
    Array.from({ length: flags.n }, (_, i) => i),
    flags.concurrency,
    (i) => client.workflow.start(stormParent, { taskQueue, workflowId: `storm-floor-${i}-${randomUUID()}`, args: [{ id: `p${i}`, fireAt, rows: flags.rows }] }),
  );
  const setupSeconds = (Date.now() - setupStart) / 1000;
  console.log(`set-up: ${int(flags.n)} parents started in ${setupSeconds.toFixed(0)} s (${(flags.n / setupSeconds).toFixed(1)}/s)`);
  if (Date.now() >= fireAt - 5000)
    throw new Error(
      `the set-up ended after (or just before) the shared instant: rerun with a lower --start-rate (measured ${(flags.n / setupSeconds).toFixed(1)}/s)`,
    );

  const samples: (string | number)[][] = [['t (s)', 'exits written', 'children ran', 'worker RSS', 'server RSS', 'worker CPU %', 'server CPU %']];
  let last = { at: Date.now(), worker: cpuMsOf(worker.pid), server: serverPid ? cpuMsOf(serverPid) : 0 };
  const peak = { worker: 0, server: 0 };
  let allExitedAt: number | null = null;
  let allRanAt: number | null = null;
  const sample = async (): Promise<void> => {
    const [row] = await database.db.$queryRawUnsafe<{ n: bigint }[]>('SELECT count(*) AS n FROM floor_exits');
    const exits = Number(row?.n ?? 0);
    const now = { at: Date.now(), worker: cpuMsOf(worker.pid), server: serverPid ? cpuMsOf(serverPid) : 0 };
    const rss = { worker: rssOf(worker.pid), server: serverPid ? rssOf(serverPid) : 0 };
    peak.worker = Math.max(peak.worker, rss.worker);
    peak.server = Math.max(peak.server, rss.server);
    if (allExitedAt === null && exits >= flags.n) allExitedAt = now.at;
    if (allRanAt === null && childrenRan >= 4 * flags.n) allRanAt = now.at;
    const pct = (a: number, b: number): string => (((a - b) / (now.at - last.at)) * 100).toFixed(0);
    samples.push([
      ((now.at - fireAt) / 1000).toFixed(0),
      exits,
      childrenRan,
      mib(rss.worker),
      mib(rss.server),
      pct(now.worker, last.worker),
      serverPid ? pct(now.server, last.server) : '?',
    ]);
    last = now;
  };
  while (Date.now() < fireAt - flags.sampleSeconds * 1000) await sleep(500);
  const cpuAtFire = { worker: cpuMsOf(worker.pid), server: serverPid ? cpuMsOf(serverPid) : 0 };
  const giveUpAt = fireAt + flags.maxMinutes * 60_000;
  await sampleUntil(() => allExitedAt !== null && allRanAt !== null, giveUpAt, flags.sampleSeconds, sample);
  console.log('');
  console.log(table(samples));
  console.log('');
  const rows = await database.db.$queryRawUnsafe<{ lag_ms: number }[]>('SELECT lag_ms FROM floor_exits');
  const lags = summarize(rows.map((r) => Number(r.lag_ms)));
  console.log(
    `exits written: ${int(rows.length)}/${int(flags.n)}; lag shared instant → exit task: p50 ${ms(lags.p50 / 1000, 2)} s, p99 ${ms(lags.p99 / 1000, 2)} s, max ${ms(lags.max / 1000, 2)} s`,
  );
  console.log(`exits/s over the storm: ${(rows.length / Math.max(lags.max / 1000, 0.001)).toFixed(1)}`);
  console.log(
    `all ${int(flags.n)} exits written to PostgreSQL: ${allExitedAt === null ? 'NOT within the limit' : `${((allExitedAt - fireAt) / 1000).toFixed(0)} s after the instant (sampled every ${flags.sampleSeconds} s)`}`,
  );
  console.log(
    `all ${int(4 * flags.n)} children ran their first task: ${allRanAt === null ? `NOT within the limit (${int(childrenRan)})` : `${((allRanAt - fireAt) / 1000).toFixed(0)} s after the instant`}`,
  );
  console.log(
    `CPU from the instant to the end: worker ${((cpuMsOf(worker.pid) - cpuAtFire.worker) / 1000).toFixed(0)} s, Temporal server ${serverPid ? `${((cpuMsOf(serverPid) - cpuAtFire.server) / 1000).toFixed(0)} s` : '?'}`,
  );
  console.log(`peak RSS: worker ${mib(peak.worker)}, Temporal server ${serverPid ? mib(peak.server) : '?'}`);
  console.log(
    `worker errors / failed workflow tasks logged: ${workerErrors.length}${workerErrors.length ? `\n  ${workerErrors.slice(0, 10).join('\n  ')}` : ''}`,
  );
  const pass = rows.length === flags.n && lags.p99 <= 60_000 && allRanAt !== null && allRanAt - fireAt <= 600_000;
  console.log(`bench:storm's targets on the floor (p99 lag ≤ 60 s, all children running within 10 min): ${pass ? 'PASS' : 'FAIL'}`);
  return 0;
}

runBench(main);
