// Captures fresh workflow histories from real scenario runs into test/fixtures/histories/, for the
// replay tests. Each scenario drives the real stack (worker + API + PostgreSQL) over HTTP on a Temporal
// server: the dev server, or the time-skipping server when the scenario needs months to pass.
//   npm run capture:histories                 # all scenarios
//   npm run capture:histories -- planned-break  # only those whose name contains the filter
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { devServerEnv, timeSkippingEnv } from '../test/helpers/temporal';
import { startStack, type Stack } from '../test/helpers/stack';
import { FIXTURES_DIR } from '../src/replay/histories';
import { SCENARIOS } from '../test/helpers/scenarios';

async function main(): Promise<void> {
  const filter = process.argv[2];
  const selected = SCENARIOS.filter((s) => !filter || s.name.includes(filter));
  mkdirSync(FIXTURES_DIR, { recursive: true });
  for (const scenario of selected) {
    const env: TestWorkflowEnvironment = scenario.server === 'dev' ? await devServerEnv() : await timeSkippingEnv(scenario.startAt);
    let stack: Stack | undefined;
    try {
      stack = await startStack(env, { name: 'capture', mode: scenario.server });
      for (const { name, workflowId, runId } of [await scenario.run(stack)].flat()) {
        const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
        const file = join(FIXTURES_DIR, `${name ?? scenario.name}.json`);
        writeFileSync(file, JSON.stringify(JSON.parse(historyToJSON(history)), null, 1) + '\n');
        console.log(`captured ${name ?? scenario.name}: ${history.events?.length ?? 0} events → ${file}`);
      }
    } finally {
      await stack?.stop();
      await env.teardown();
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
