// Captures fresh workflow histories from real scenario runs into test/fixtures/histories/, for the
// replay tests. Each scenario drives the real stack (worker + API + PostgreSQL) over HTTP on a Temporal
// server: the dev server, or the time-skipping server when the scenario needs months to pass. A case
// that continued as new (history bounds, checkpoints) is captured run by run.
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
        const fixture = name ?? scenario.name;
        const write = (file: string, history: Awaited<ReturnType<typeof fetchRun>>): void => {
          writeFileSync(join(FIXTURES_DIR, file), JSON.stringify(JSON.parse(historyToJSON(history)), null, 1) + '\n');
          console.log(`captured ${file}: ${history.events?.length ?? 0} events`);
        };
        const fetchRun = (id?: string) => env.client.workflow.getHandle(workflowId, id).fetchHistory();
        if (runId) {
          write(`${fixture}.json`, await fetchRun(runId));
          continue;
        }
        // The latest run, and every earlier run of the chain (each continue-as-new, a checkpoint among
        // them): `<fixture>.run-1.json` … for the earlier ones, in order, `<fixture>.json` for the last.
        const runs = [await fetchRun()];
        for (let previous = runs[0]!.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId; previous;) {
          const history = await fetchRun(previous);
          runs.unshift(history);
          previous = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
        }
        runs.forEach((history, i) => write(i === runs.length - 1 ? `${fixture}.json` : `${fixture}.run-${i + 1}.json`, history));
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
