// Replays a workflow history against the current workflow code and says whether it is deterministic.
//   npm run replay -- test/fixtures/histories/planned-break.json     # a file (as downloaded from the Temporal UI)
//   npm run replay -- wioa-application-<id> [runId]                    # fetched from TEMPORAL_ADDRESS
//   npm run replay -- --open [--limit N]                               # every running workflow there (before a deploy)
// Exit code 0 = deterministic, 1 = non-deterministic or failed, 2 = usage.
import { existsSync } from 'node:fs';
import { Connection, Client } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { bundleWorkflows } from '../src/worker/create-worker';
import { loadHistoryFile, replayHistory } from '../src/replay/histories';
import { loadConfig } from '../src/config';
import { connectionOptions } from '../src/temporal/connection';
import { createDataConverter } from '../src/temporal/codec';

async function main(): Promise<number> {
  Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
  const [target, runId] = process.argv.slice(2);
  if (!target) {
    console.error('usage: npm run replay -- <history.json | workflowId> [runId]  |  --open [--limit N]');
    return 2;
  }
  const config = loadConfig();
  const dataConverter = createDataConverter(config.payloadKeys);
  if (target === '--open') return replayOpen(config, dataConverter, limitArg(process.argv.slice(3)));
  let fixture: { history: Parameters<typeof replayHistory>[0]['history']; workflowId: string };
  if (existsSync(target)) {
    fixture = loadHistoryFile(target);
    console.log(`history file ${target}: ${fixture.history.events?.length ?? 0} events`);
  } else {
    const connection = await Connection.connect(connectionOptions(config.temporal));
    const client = new Client({ connection, namespace: config.temporal.namespace });
    const history = await client.workflow.getHandle(target, runId).fetchHistory();
    await connection.close();
    fixture = { history, workflowId: target };
    console.log(`workflow ${target}${runId ? ` run ${runId}` : ''} on ${config.temporal.address}: ${history.events?.length ?? 0} events`);
  }
  const outcome = await replayHistory(fixture, await bundleWorkflows(), dataConverter);
  if (outcome.ok) {
    console.log('deterministic: the current workflow code replays this history');
    return 0;
  }
  console.log(`${outcome.nonDeterministic ? 'NON-DETERMINISTIC' : 'replay failed'}: ${outcome.error.message}`);
  return 1;
}

function limitArg(args: string[]): number {
  const i = args.indexOf('--limit');
  if (i < 0) return Number.POSITIVE_INFINITY;
  const n = Number(args[i + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error('--limit takes a whole number of workflows (1 or more)');
  return n;
}

/**
 * docs/versioning.md, before a deploy: the current run of every running workflow (visibility query
 * ExecutionStatus="Running") replayed against this checkout's workflow code. One line per workflow
 * that fails, then a count; exit 1 if any failed.
 */
async function replayOpen(config: ReturnType<typeof loadConfig>, dataConverter: ReturnType<typeof createDataConverter>, limit: number): Promise<number> {
  const connection = await Connection.connect(connectionOptions(config.temporal));
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const bundle = await bundleWorkflows();
  let replayed = 0;
  let failed = 0;
  try {
    for await (const wf of client.workflow.list({ query: 'ExecutionStatus="Running"' })) {
      if (replayed >= limit) break;
      const history = await client.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory();
      const outcome = await replayHistory({ history, workflowId: wf.workflowId }, bundle, dataConverter);
      replayed += 1;
      if (!outcome.ok) {
        failed += 1;
        console.log(
          `${outcome.nonDeterministic ? 'NON-DETERMINISTIC' : 'replay failed'}: ${wf.workflowId} run ${wf.runId} (${wf.type}): ${outcome.error.message}`,
        );
      }
    }
  } finally {
    await connection.close();
  }
  console.log(`${replayed} running workflows on ${config.temporal.address} replayed: ${replayed - failed} deterministic, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
