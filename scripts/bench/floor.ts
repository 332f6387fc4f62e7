// The SDK's floor under bench:api's load: what one command costs the worker when the workflow does
// nothing but Temporal's part of the product's command (an Update that answers with the view, one
// activity that projects it with one PostgreSQL statement, the activity's completion task; queries that
// answer the view). The difference to bench:api's worker CPU is what the product's own code costs.
//
//   npm run bench:floor                          # variants bare, product, local; 1,200 operations each
//   npm run bench:floor -- --variants product --ops 3000 --rows 30
//   npm run bench:floor -- --variants bare,product --proxy bare,product   # the least API in front of the client, on both
//
// Variants (each its own worker process and task queue, one after the other):
//   bare     no payload codec, an empty view (rows 0), no PostgreSQL statement
//   product  the product's codec (AES-256-GCM), a view of --rows rows (~the product's size), one statement
//   local    as product, but the projection is a local activity (one workflow task per command)
// After the measured load, each variant also sends --burst concurrent Updates to one fresh workflow,
// --burst-rounds times, and counts the rejected ones (the reason the product does not project with a
// local activity: docs/performance.md).
import { randomUUID } from 'node:crypto';
import { Client, WorkflowUpdateFailedError } from '@temporalio/client';
import { devServerEnv, uniqueTaskQueue } from '../../test/helpers/temporal';
import { createDataConverter, parsePayloadKeys } from '../../src/temporal/codec';
import { DEV_PAYLOAD_KEYS } from '../../src/config';
import {
  benchDatabase,
  cpuMsOf,
  freePort,
  loadNow,
  ms,
  onCleanup,
  parseFlags,
  pool,
  printMachine,
  rng,
  rssOf,
  mib,
  runBench,
  sleep,
  startLoggingProcess,
  summarize,
  table,
} from './common';
import { type FloorInput, floorCommand, floorView, floorWorkflow } from './floor/workflow';

const flags = parseFlags({
  ops: 1200,
  concurrency: 8,
  apps: 32,
  warmup: 100,
  rows: 40, // rows in the view: ~7 KB of JSON, the product view's mean over a bench:api run (its "view size" line gives the end)
  variants: 'bare,product,local',
  burst: 50,
  burstRounds: 5,
  seed: 7,
  // Variants that also compare the direct client with a minimal HTTP proxy in front of it (alternating
  // rounds, as bench:api): the least latency any API adds on this box. '' for none.
  proxy: 'product',
  rounds: 4,
});

type Variant = 'bare' | 'product' | 'local';
const VARIANTS: Record<Variant, { codec: boolean; db: boolean; local: boolean; rows: number }> = {
  bare: { codec: false, db: false, local: false, rows: 0 },
  product: { codec: true, db: true, local: false, rows: flags.rows },
  local: { codec: true, db: true, local: true, rows: flags.rows },
};

interface Result {
  variant: Variant;
  opsPerSecond: number;
  p50: number;
  p99: number;
  workerMsPerOp: number;
  viewBytes: number;
  rss: number;
  burstRejected: number;
  burstSent: number;
  burstReasons: string[];
  stuck: number;
  proxy?: { p50: number; mean: number; clientP50: number; clientMean: number; cpuMsPerOp: number };
}

async function runVariant(name: Variant, address: string, connection: Client['connection'], databaseUrl: string): Promise<Result> {
  const v = VARIANTS[name];
  const taskQueue = uniqueTaskQueue(`bench-floor-${name}`);
  const worker = await startLoggingProcess(
    'scripts/bench/floor/worker.ts',
    { temporalAddress: address, taskQueue, databaseUrl, logLevel: 'info', extraEnv: { FLOOR_CODEC: v.codec ? 'on' : 'off', FLOOR_DB: v.db ? 'on' : 'off' } },
    'floor worker started',
    'floor worker',
  );
  onCleanup(() => worker.stop());
  const client = new Client({ connection, namespace: 'default', dataConverter: createDataConverter(v.codec ? parsePayloadKeys(DEV_PAYLOAD_KEYS) : undefined) });
  const input = (id: string): FloorInput => ({ id, rows: v.rows, local: v.local });
  const handles = await pool(
    Array.from({ length: flags.apps }, (_, i) => i),
    8,
    (i) => client.workflow.start(floorWorkflow, { taskQueue, workflowId: `floor-${name}-${i}-${randomUUID()}`, args: [input(`a${i}`)] }),
  );
  let viewBytes = 0;
  let proxyUrl = '';
  type Path = 'client' | 'proxy';
  const phase = async (total: number, random: () => number, samples?: number[], path: Path = 'client'): Promise<number> => {
    let issued = 0;
    const t0 = performance.now();
    await pool(
      Array.from({ length: flags.concurrency }, (_, i) => i),
      flags.concurrency,
      async (lane) => {
        const mine = handles.filter((_, i) => i % flags.concurrency === lane);
        let k = 0;
        while (issued < total) {
          issued += 1;
          const h = mine[k % mine.length]!;
          k += 1;
          const t = performance.now();
          const update = random() < 0.7;
          if (path === 'proxy') {
            const res = await fetch(
              `${proxyUrl}/${update ? 'update' : 'query'}/${encodeURIComponent(h.workflowId)}`,
              update ? { method: 'POST', body: JSON.stringify({ note: `Workshop ${issued}.` }) } : {},
            );
            const text = await res.text();
            if (res.status !== 200) throw new Error(`proxy: ${res.status} ${text}`);
          } else if (update) {
            const r = await h.executeUpdate(floorCommand, { args: [{ note: `Workshop ${issued}.` }], updateId: `S-BENCH:${randomUUID()}` });
            viewBytes = JSON.stringify(r.view).length;
          } else {
            await h.query(floorView);
          }
          samples?.push(performance.now() - t);
        }
      },
    );
    return (performance.now() - t0) / 1000;
  };
  const random = rng(flags.seed);
  await phase(flags.warmup, random);
  await sleep(500);
  const samples: number[] = [];
  const cpu0 = cpuMsOf(worker.pid);
  const seconds = await phase(flags.ops, random, samples);
  const workerMs = cpuMsOf(worker.pid) - cpu0;
  const s = summarize(samples);
  const rss = rssOf(worker.pid);

  // The direct client against the least HTTP proxy, in alternating rounds (A B B A …), as bench:api.
  let proxy: Result['proxy'];
  if (flags.proxy.split(',').includes(name)) {
    const port = await freePort();
    const p = await startLoggingProcess(
      'scripts/bench/floor/proxy.ts',
      { temporalAddress: address, taskQueue, databaseUrl, logLevel: 'info', extraEnv: { PORT: String(port), FLOOR_CODEC: v.codec ? 'on' : 'off' } },
      'floor proxy listening',
      'floor proxy',
    );
    onCleanup(() => p.stop());
    proxyUrl = `http://127.0.0.1:${port}`;
    const seeds = { client: rng(flags.seed + 1), proxy: rng(flags.seed + 1) };
    await phase(flags.warmup, seeds.proxy, undefined, 'proxy');
    seeds.proxy = rng(flags.seed + 1);
    const lat: Record<Path, number[]> = { client: [], proxy: [] };
    let proxyCpu = 0;
    const perRound = Math.ceil(flags.ops / flags.rounds);
    for (let r = 0; r < flags.rounds; r += 1) {
      for (const path of (r % 2 === 0 ? ['client', 'proxy'] : ['proxy', 'client']) as Path[]) {
        const before = cpuMsOf(p.pid);
        await phase(Math.min(perRound, flags.ops - r * perRound), seeds[path], lat[path], path);
        if (path === 'proxy') proxyCpu += cpuMsOf(p.pid) - before;
      }
    }
    await p.stop();
    const c = summarize(lat.client);
    const x = summarize(lat.proxy);
    proxy = { p50: x.p50, mean: x.mean, clientP50: c.p50, clientMean: c.mean, cpuMsPerOp: proxyCpu / x.count };
  }

  // The burst: concurrent Updates on one workflow that has run its first task (as a case has).
  let burstRejected = 0;
  let stuck = 0;
  const reasons = new Set<string>();
  for (let round = 0; round < flags.burstRounds; round += 1) {
    const h = await client.workflow.start(floorWorkflow, { taskQueue, workflowId: `floor-burst-${name}-${round}-${randomUUID()}`, args: [input(`b${round}`)] });
    await h.executeUpdate(floorCommand, { args: [{ note: 'first' }] });
    const settled = await Promise.allSettled(Array.from({ length: flags.burst }, (_, i) => h.executeUpdate(floorCommand, { args: [{ note: `burst ${i}` }] })));
    for (const r of settled) {
      if (r.status === 'fulfilled') continue;
      burstRejected += 1;
      const e = r.reason as Error;
      reasons.add((e instanceof WorkflowUpdateFailedError && e.cause ? e.cause.message : e.message).slice(0, 120));
    }
    // Still alive? One more Update must be accepted within 20 s.
    const alive = await Promise.race([
      h.executeUpdate(floorCommand, { args: [{ note: 'after' }] }).then(
        () => true,
        () => false,
      ),
      sleep(20_000).then(() => false),
    ]);
    if (!alive) stuck += 1;
    await h.terminate('bench:floor burst done').catch(() => undefined);
  }
  await Promise.all(handles.map((h) => h.terminate('bench:floor done').catch(() => undefined)));
  await worker.stop();
  return {
    variant: name,
    opsPerSecond: flags.ops / seconds,
    p50: s.p50,
    p99: s.p99,
    workerMsPerOp: workerMs / flags.ops,
    viewBytes,
    rss,
    burstRejected,
    burstSent: flags.burst * flags.burstRounds,
    burstReasons: [...reasons],
    stuck,
    ...(proxy ? { proxy } : {}),
  };
}

async function main(): Promise<number> {
  printMachine("bench:floor — the SDK's own cost per command (a workflow with the product's shape and no rules)");
  console.log(
    `flags: --ops ${flags.ops} --concurrency ${flags.concurrency} --apps ${flags.apps} --warmup ${flags.warmup} --rows ${flags.rows} --variants ${flags.variants} --burst ${flags.burst} --burst-rounds ${flags.burstRounds}`,
  );
  const names = flags.variants.split(',').map((x) => x.trim()) as Variant[];
  for (const n of names) if (!(n in VARIANTS)) throw new Error(`unknown variant '${n}' (bare, product, local)`);
  const env = await devServerEnv();
  onCleanup(() => env.teardown());
  const database = await benchDatabase('floor');
  onCleanup(() => database.close());
  const results: Result[] = [];
  for (const n of names) {
    const load = loadNow();
    const r = await runVariant(n, env.address, env.client.connection, database.url);
    results.push(r);
    console.log(`${n}: done (load avg before ${load}, after ${loadNow()})`);
  }
  console.log('');
  console.log(
    table([
      ['variant', 'ops/s', 'p50 ms', 'p99 ms', 'worker CPU ms/op', 'view bytes', 'worker RSS', 'burst rejected', 'stuck'],
      ...results.map((r) => [
        r.variant,
        r.opsPerSecond.toFixed(1),
        ms(r.p50),
        ms(r.p99),
        ms(r.workerMsPerOp, 2),
        r.viewBytes,
        mib(r.rss),
        `${r.burstRejected}/${r.burstSent}`,
        `${r.stuck}/${flags.burstRounds}`,
      ]),
    ]),
  );
  for (const r of results) for (const reason of r.burstReasons) console.log(`  ${r.variant}: rejected: ${reason}`);
  for (const r of results) {
    if (!r.proxy) continue;
    const pct = (a: number, b: number): string => `+${((a / b - 1) * 100).toFixed(1)}%`;
    console.log(
      `${r.variant}: a bare HTTP proxy in front of the client (node:http, no Express, validation, token or idempotency key), alternating rounds: ` +
        `p50 ${ms(r.proxy.clientP50)} → ${ms(r.proxy.p50)} ms (${pct(r.proxy.p50, r.proxy.clientP50)}), mean ${ms(r.proxy.clientMean)} → ${ms(r.proxy.mean)} ms (${pct(r.proxy.mean, r.proxy.clientMean)}); ` +
        `the proxy's CPU ${ms(r.proxy.cpuMsPerOp, 2)} ms per operation`,
    );
  }
  return 0;
}

runBench(main);
