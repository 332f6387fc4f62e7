// Replay speed: how many workflow histories per second the current workflow code replays, for each
// committed fixture in test/fixtures/histories (src/replay/histories.ts), over several iterations.
//
//   npm run bench:replay                        # defaults: --iterations 5 --batch 20
//   npm run bench:replay -- --iterations 10 --batch 50
//
// Two figures per fixture:
//   batched  — one replay worker replays `batch` copies of the history (Worker.runReplayHistories):
//              the steady-state rate, what a replay-check over many live histories achieves;
//   one-shot — `npm run replay` / the replay tests: a fresh replay worker per history
//              (replayHistory), so it includes creating the worker.
// No server and no database: replay runs against the bundled workflow code only.
import { Worker } from '@temporalio/worker';
import { quietRuntime } from '../../test/helpers/temporal';
import { bundleWorkflows } from '../../src/worker/create-worker';
import { listHistoryFixtures, replayHistory, type HistoryFixture } from '../../src/replay/histories';
import { createDataConverter } from '../../src/temporal/codec';
import { loadConfig } from '../../src/config';
import { parseFlags, printMachine, runBench, summarize, table } from './common';

const flags = parseFlags({ iterations: 5, batch: 20, oneShot: 3 });

async function replayBatch(
  fixture: HistoryFixture,
  bundle: Awaited<ReturnType<typeof bundleWorkflows>>,
  dataConverter: ReturnType<typeof createDataConverter>,
  copies: number,
): Promise<number> {
  const histories = Array.from({ length: copies }, (_, i) => ({ workflowId: `${fixture.workflowId}-${i}`, history: fixture.history }));
  const t0 = performance.now();
  let failed: Error | undefined;
  for await (const result of Worker.runReplayHistories({ workflowBundle: bundle, replayName: 'bench-replay', dataConverter }, histories)) {
    if (result.error) failed ??= result.error instanceof Error ? result.error : new Error(String(result.error));
  }
  const seconds = (performance.now() - t0) / 1000;
  if (failed) throw new Error(`${fixture.name} does not replay: ${failed.message}`);
  return seconds;
}

async function main(): Promise<number> {
  printMachine('bench:replay — committed histories replayed against the current workflow code');
  console.log(`flags: --iterations ${flags.iterations} --batch ${flags.batch} --one-shot ${flags.oneShot}`);
  quietRuntime();
  const dataConverter = createDataConverter(loadConfig({ NODE_ENV: 'test' }).payloadKeys);
  const t0 = performance.now();
  const bundle = await bundleWorkflows();
  console.log(`workflow bundle built in ${((performance.now() - t0) / 1000).toFixed(1)} s (${(bundle.code.length / 1024).toFixed(0)} KiB)`);
  const fixtures = listHistoryFixtures();
  // Warm-up: one batch of each, not measured (JIT, the replay worker's first start).
  for (const f of fixtures) await replayBatch(f, bundle, dataConverter, 2);

  const rows: (string | number)[][] = [['fixture', 'events', 'batched replays/s', 'events/s', 'ms/replay (p50 of iterations)', 'one-shot ms/replay']];
  let totalReplays = 0;
  let totalSeconds = 0;
  let totalEvents = 0;
  for (const f of fixtures) {
    const events = f.history.events?.length ?? 0;
    const perReplay: number[] = [];
    let replays = 0;
    let seconds = 0;
    for (let i = 0; i < flags.iterations; i += 1) {
      const s = await replayBatch(f, bundle, dataConverter, flags.batch);
      perReplay.push((s * 1000) / flags.batch);
      replays += flags.batch;
      seconds += s;
    }
    const oneShot: number[] = [];
    for (let i = 0; i < flags.oneShot; i += 1) {
      const t = performance.now();
      const outcome = await replayHistory(f, bundle, dataConverter);
      if (!outcome.ok) throw new Error(`${f.name} does not replay: ${outcome.error.message}`);
      oneShot.push(performance.now() - t);
    }
    totalReplays += replays;
    totalSeconds += seconds;
    totalEvents += events * replays;
    rows.push([
      f.name,
      events,
      (replays / seconds).toFixed(1),
      ((events * replays) / seconds).toFixed(0),
      summarize(perReplay).p50.toFixed(2),
      summarize(oneShot).p50.toFixed(1),
    ]);
  }
  rows.push([
    'total',
    '',
    (totalReplays / totalSeconds).toFixed(1),
    (totalEvents / totalSeconds).toFixed(0),
    ((totalSeconds * 1000) / totalReplays).toFixed(2),
    '',
  ]);
  console.log('');
  console.log(table(rows));
  console.log('');
  console.log(
    `${totalReplays} replays of ${fixtures.length} fixtures in ${totalSeconds.toFixed(2)} s (batched): ${(totalReplays / totalSeconds).toFixed(1)} histories/s, ${(totalEvents / totalSeconds).toFixed(0)} events/s`,
  );
  return 0;
}

runBench(main);
