// Schema-driven fuzzing campaign against the REST API (issue 7): starts its own sandbox stack
// (time-skipping Temporal server, worker, API, a fresh PostgreSQL database), seeds real resources,
// sends fast-check-generated valid and invalid requests for every operation of /openapi.json, checks
// that nothing answers 5xx or leaves a workflow stuck, and prints a summary.
//   npm run fuzz                          # 500 plans, random seed
//   npm run fuzz -- --runs 2000 --seed 42 # reproducible
//   npm run fuzz -- --clock-limit 2024-06-25T00:00:00Z  # keep the sandbox clock before an instant
// Exit code 1 when any violation was found (each printed with a curl reproduction); the histories
// of stuck workflows are written to --dump (default data/fuzz) for `npm run replay -- <file>`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { timeSkippingEnv } from '../test/helpers/temporal';
import { startStack, type Stack } from '../test/helpers/stack';
import { FUZZ_STACK_ENV, FUZZ_START, runCampaign } from '../test/fuzz/wioa-target';

function args(argv: string[]): { runs: number; seed: number; dump: string; clockLimit?: string } {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    const inline = argv.find((a) => a.startsWith(`--${name}=`));
    return inline ? inline.slice(name.length + 3) : i >= 0 ? argv[i + 1] : undefined;
  };
  const runs = Number(value('runs') ?? 500);
  const seed = Number(value('seed') ?? Math.floor(Math.random() * 2 ** 31));
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');
  if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');
  const clockLimit = value('clock-limit');
  if (clockLimit !== undefined && Number.isNaN(Date.parse(clockLimit))) throw new Error('--clock-limit must be an ISO instant');
  return { runs, seed, dump: value('dump') ?? join('data', 'fuzz'), ...(clockLimit ? { clockLimit } : {}) };
}

async function main(): Promise<number> {
  const { runs, seed, dump, clockLimit } = args(process.argv.slice(2));
  console.log(`fuzz: seed ${seed}, ${runs} plans; starting a sandbox stack (clock at ${FUZZ_START})…`);
  const env: TestWorkflowEnvironment = await timeSkippingEnv(FUZZ_START);
  let stack: Stack | undefined;
  try {
    stack = await startStack(env, { name: 'fuzz', mode: 'sandbox', env: FUZZ_STACK_ENV });
    const step = Math.max(25, Math.round(runs / 20));
    const started = Date.now();
    const result = await runCampaign(stack, {
      seed,
      runs,
      ...(clockLimit ? { clockLimit } : {}),
      onProgress: (done) => {
        if (done % step === 0) console.log(`  ${done}/${runs} plans (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      },
    });
    console.log(`\n${result.summary}`);
    console.log(`\napplications touched: ${result.world.applications.length}, participants: ${result.world.participants.length}`);
    console.log(`reproduce: npm run fuzz -- --runs ${runs} --seed ${seed}`);
    // The histories of stuck workflows, for `npm run replay -- <file>` and the Temporal UI.
    const stuck = new Set(result.fuzzer.violations.filter((v) => v.kind === 'stuck-workflow').map((v) => v.message.split(':')[0] as string));
    if (stuck.size > 0) mkdirSync(dump, { recursive: true });
    for (const workflowId of stuck) {
      const file = join(dump, `${workflowId}.json`);
      writeFileSync(file, `${historyToJSON(await env.client.workflow.getHandle(workflowId).fetchHistory())}\n`);
      console.log(`history of ${workflowId} → ${file}`);
    }
    return result.fuzzer.violations.length === 0 ? 0 : 1;
  } finally {
    await stack?.stop();
    await env.teardown();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);
