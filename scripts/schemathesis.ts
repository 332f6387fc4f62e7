// schemathesis against the real service (issue 12): starts its own sandbox stack (time-skipping
// Temporal server at FUZZ_START, worker, API, a fresh PostgreSQL database, dropped afterwards), runs
// schemathesis with every check and phase (stateful included) and `Authorization: Bearer dev-staff`,
// bounded in time, and exits with schemathesis's exit code (non-zero on any failure).
//   npm run fuzz:schemathesis                                   # 20 examples per operation, 60 s
//   npm run fuzz:schemathesis -- --max-examples 60 --max-time 300 --seed 7
// Other arguments are handed to `schemathesis run`. Reports (JUnit, NDJSON) go to data/schemathesis.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { timeSkippingEnv } from '../test/helpers/temporal';
import { startStack, type Stack } from '../test/helpers/stack';
import { FUZZ_STACK_ENV, FUZZ_START } from '../test/fuzz/wioa-target';
import { runSchemathesis } from '../test/fuzz/schemathesis';

function takeNumber(argv: string[], name: string): number | undefined {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const value = Number(argv[i + 1]);
  if (!Number.isFinite(value)) throw new Error(`--${name} needs a number`);
  argv.splice(i, 2);
  return value;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const maxExamples = takeNumber(argv, 'max-examples');
  const maxTime = takeNumber(argv, 'max-time');
  const seed = takeNumber(argv, 'seed');
  console.log(`schemathesis: starting a sandbox stack (clock at ${FUZZ_START})…`);
  const env: TestWorkflowEnvironment = await timeSkippingEnv(FUZZ_START);
  let stack: Stack | undefined;
  try {
    stack = await startStack(env, { name: 'schemathesis', mode: 'sandbox', env: FUZZ_STACK_ENV });
    const result = await runSchemathesis({
      baseUrl: stack.api.url,
      ...(maxExamples !== undefined ? { maxExamples } : {}),
      ...(maxTime !== undefined ? { maxTime } : {}),
      ...(seed !== undefined ? { seed } : {}),
      extraArgs: argv,
    });
    console.log(`\nschemathesis exited ${result.exitCode}; reports in ${result.reportDir}`);
    return result.exitCode;
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
