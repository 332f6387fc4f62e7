import type { TestWorkflowEnvironment } from '@temporalio/testing';

/** The time-skipping test server's clock, exposed by the sandbox routes (SPEC §5). */
export interface SandboxClock {
  now(): Promise<Date>;
  /** Moves time forward by `ms`, firing every timer due on the way. */
  advance(ms: number): Promise<void>;
}

export function sandboxClockFrom(env: TestWorkflowEnvironment): SandboxClock {
  return {
    now: async () => new Date(await env.currentTimeMs()),
    advance: (ms) => env.sleep(ms),
  };
}
