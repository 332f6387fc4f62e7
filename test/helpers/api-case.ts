/**
 * What the API tests over HTTP in sandbox mode share: their own time-skipping environment and stack
 * per test file (set up in beforeAll, stopped in afterAll), and the response checks they all use.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { timeSkippingEnv } from './temporal';
import { startStack, type Stack, type StackOptions } from './stack';

type Response = { status: number; body: any };

/** The body of an answer with `status` (default 200); otherwise an error naming what came instead. */
export async function ok(res: Promise<Response>, status = 200): Promise<any> {
  const r = await res;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Expects an application/problem+json answer with `status` and the SPEC error `code`; returns its body. */
export async function problem(res: Promise<Response & { headers: Headers }>, status: number, code: string): Promise<any> {
  const r = await res;
  expect({ status: r.status, code: r.body?.code }).toEqual({ status, code });
  expect(r.headers.get('content-type')).toContain('application/problem+json');
  return r.body;
}

export interface SandboxApiCase {
  /** This file's time-skipping environment (set in beforeAll). */
  readonly env: TestWorkflowEnvironment;
  /** This file's stack: its own database, task queue, worker and API (set in beforeAll). */
  readonly stack: Stack;
  /** The stack's HTTP client (token dev-staff unless a call names another). */
  api(): Stack['http'];
  /** Moves the sandbox clock to the instant `until` through the API; returns the answer's body. */
  advanceTo(until: string): Promise<any>;
}

/**
 * Registers beforeAll/afterAll for one test file: a time-skipping environment starting at `startAt`
 * and a sandbox-mode stack on it. `env` may be a function when it depends on an earlier beforeAll.
 */
export function sandboxApiCase(
  startAt: string,
  opts: Omit<StackOptions, 'mode' | 'env'> & { env?: Record<string, string> | (() => Record<string, string>) },
): SandboxApiCase {
  let env: TestWorkflowEnvironment | undefined;
  let stack: Stack | undefined;
  beforeAll(async () => {
    env = await timeSkippingEnv(startAt);
    const { env: extra, ...rest } = opts;
    stack = await startStack(env, { ...rest, mode: 'sandbox', ...(extra ? { env: typeof extra === 'function' ? extra() : extra } : {}) });
  });
  afterAll(async () => {
    await stack?.stop();
    await env?.teardown();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not started yet (use it inside a test or a later hook)`);
    return value;
  };
  const api = () => started(stack, 'the stack').http;
  return {
    get env() {
      return started(env, 'the environment');
    },
    get stack() {
      return started(stack, 'the stack');
    },
    api,
    advanceTo: (until) => ok(api().post('/api/v1/sandbox/clock/advance', { until })),
  };
}
