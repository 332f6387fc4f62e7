import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, DefaultLogger, type WorkflowBundle } from '@temporalio/worker';
import { resolveTemporalCli, timeSkippingServerExecutable } from '../../src/temporal/binaries';
import { ALL_SEARCH_ATTRIBUTES } from '../../src/workflows/application/contract';
import { bundleWorkflows } from '../../src/worker/create-worker';

let runtimeInstalled = false;
/** Keeps SDK logs quiet in tests (warnings and errors only). Call before creating an environment. */
export function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
  } catch {
    // already installed by another module in this file's process
  }
}

/**
 * Time-skipping test server from the project's own tools (never downloads), optionally starting at a
 * given instant (so the SPEC's dated vectors run with the workflow's own "today").
 */
export function timeSkippingEnv(startAt?: string): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: timeSkippingServerExecutable(startAt ? new Date(startAt) : undefined) } },
  });
}

/** A real Temporal dev server (CLI) with the custom search attributes registered. */
export function devServerEnv(opts: { ui?: boolean; uiPort?: number } = {}): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: resolveTemporalCli() },
      searchAttributes: ALL_SEARCH_ATTRIBUTES,
      ui: opts.ui ?? false,
      ...(opts.uiPort ? { uiPort: opts.uiPort } : {}),
      extraArgs: ['--log-level', 'error'],
    },
  });
}

let bundle: Promise<WorkflowBundle> | undefined;
/** One workflow bundle per test file (bundling takes a few seconds). */
export function workflowBundle(): Promise<WorkflowBundle> {
  bundle ??= bundleWorkflows();
  return bundle;
}

/** A task queue of its own for each test file / test. */
export const uniqueTaskQueue = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
