import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { ConnectionOptions, ConnectionPlugin } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';

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

/**
 * Client keepalive the time-skipping server accepts. grpc-js pings every 30 s by default; the Java test
 * server (grpc-java) permits one ping per 5 minutes, answers more with GOAWAY "too_many_pings", and the
 * client's retry interceptor then re-sends the call in flight. For a clock advance
 * (`UnlockTimeSkippingWithSleep`, which lasts as long as the server takes to fire every timer on the way)
 * that re-send advances the clock a second time: bench:scale saw a 91-day advance land on day 167.
 */
export const testServerKeepalive: ConnectionPlugin = {
  name: 'wioa-test-server-keepalive',
  configureConnection: (options: ConnectionOptions): ConnectionOptions => ({
    ...options,
    channelArgs: {
      ...options.channelArgs,
      'grpc.keepalive_time_ms': 6 * 60_000,
      'grpc.keepalive_permit_without_calls': 0,
    },
  }),
};

/** The time-skipping test server (sandbox mode, tests and benchmarks) with a client it will not hang up on. */
export function createTimeSkippingEnv(executablePath: string, dataConverter: DataConverter): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: executablePath } },
    client: { dataConverter },
    plugins: [testServerKeepalive],
  });
}
