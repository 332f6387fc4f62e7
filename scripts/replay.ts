// Replays a workflow history against the current workflow code and says whether it is deterministic.
//   npm run replay -- test/fixtures/histories/planned-break.json     # a file (as downloaded from the Temporal UI)
//   npm run replay -- wioa-application-<id> [runId]                    # fetched from TEMPORAL_ADDRESS
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
    console.error('usage: npm run replay -- <history.json | workflowId> [runId]');
    return 2;
  }
  const config = loadConfig();
  const dataConverter = createDataConverter(config.payloadKeys);
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

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
