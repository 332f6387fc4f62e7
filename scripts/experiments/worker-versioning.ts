// `npm run try:worker-versioning`: does Temporal's Worker Versioning, with upgrade on continue-as-new,
// work with this SDK and this dev server? docs/versioning.md: the checkpoint is what the product uses,
// and this is the alternative it weighs. The dev server (Temporal CLI 1.9.1, server 1.32.0) needs no
// dynamic-config value for it. One dev server, two workers of one deployment, build ids v1 and v2, both
// PINNED by default:
//   1. v1 is the current version; a case starts and runs on v1;
//   2. v2 starts and becomes current: the running case must stay pinned to v1, and the server must tell
//      it that its target changed (`targetWorkerDeploymentVersionChanged`);
//   3. the case continues as new with `initialVersioningBehavior: 'AUTO_UPGRADE'`: its new run must run
//      on v2 while v1 still polls.
// Prints each step and exits 0 when all three hold, 1 otherwise.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Worker } from '@temporalio/worker';
import { devServerEnv, testDataConverter } from '../../test/helpers/temporal';
import { resolveTemporalCli } from '../../src/temporal/binaries';
import { poke, ranOn, versionedCase } from './versioned-workflow';

const run = promisify(execFile);
const DEPLOYMENT = 'wioa-try-versioning';
const TASK_QUEUE = 'wioa-try-versioning';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const env = await devServerEnv();
  const address = env.address;
  const cli = resolveTemporalCli();
  const setCurrent = (buildId: string) =>
    run(cli, ['worker', 'deployment', 'set-current-version', '--address', address, '--deployment-name', DEPLOYMENT, '--build-id', buildId, '--yes']);
  const worker = (buildId: string) =>
    Worker.create({
      connection: env.nativeConnection,
      taskQueue: TASK_QUEUE,
      workflowsPath: require.resolve('./versioned-workflow'),
      dataConverter: testDataConverter(),
      workerDeploymentOptions: { useWorkerVersioning: true, version: { deploymentName: DEPLOYMENT, buildId }, defaultVersioningBehavior: 'PINNED' },
    });
  const results: Array<[string, boolean, unknown]> = [];
  const check = (what: string, ok: boolean, seen: unknown) => {
    results.push([what, ok, seen]);
    console.log(`${ok ? 'yes' : 'NO '}  ${what}: ${JSON.stringify(seen)}`);
  };
  const v1 = await worker('v1');
  const v1Running = v1.run();
  try {
    await retry(() => setCurrent('v1'));
    const handle = await env.client.workflow.start(versionedCase, { taskQueue: TASK_QUEUE, workflowId: `try-versioning-${Date.now()}`, args: [1] });
    await handle.signal(poke);
    const first = await retry(() => handle.query(ranOn)).catch(async (err: unknown) => {
      // A failed workflow task: print why (the history's WorkflowTaskFailed) before giving up.
      const history = await handle.fetchHistory();
      for (const e of history.events ?? []) if (e.workflowTaskFailedEventAttributes) console.error(e.workflowTaskFailedEventAttributes.failure?.message);
      throw err;
    });
    check('1. a new case runs on the current version (v1)', first.buildId === 'v1', first);

    const v2 = await worker('v2');
    const v2Running = v2.run();
    try {
      await retry(() => setCurrent('v2'));
      // Tasks on the pinned run: it stays on v1 until a task tells it that its target moved (the new
      // routing reaches the task queue a moment after the CLI returns), then it continues as new.
      const latest = env.client.workflow.getHandle(handle.workflowId);
      let pokes = 0;
      const now = await retry(async () => {
        const q = await latest.query(ranOn);
        if (q.run < 2) {
          pokes += 1;
          await latest.signal(poke);
        }
        if (q.run < 2) throw new Error(`still the first run: ${JSON.stringify(q)}`);
        return q;
      });
      check('2. the pinned run heard its target had changed and continued as new', now.run === 2, { ...now, pokes });
      check('3. the new run (AUTO_UPGRADE on continue-as-new) runs on v2 while v1 still polls', now.buildId === 'v2', now);
      await latest.terminate('done');
    } finally {
      v2.shutdown();
      await v2Running;
    }
  } finally {
    v1.shutdown();
    await v1Running;
    await env.teardown();
  }
  process.exit(results.every(([, ok]) => ok) ? 0 : 1);
}

async function retry<T>(fn: () => Promise<T>, tries = 40): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= tries) throw err;
      await sleep(500);
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
