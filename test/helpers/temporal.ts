import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, DefaultLogger, type WorkflowBundle } from '@temporalio/worker';
import { resolveTemporalCli, timeSkippingServerExecutable } from '../../src/temporal/binaries';
import { createTimeSkippingEnv } from '../../src/temporal/sandbox';
import { ALL_SEARCH_ATTRIBUTES } from '../../src/workflows/application/contract';
import { bundleWorkflows } from '../../src/worker/create-worker';
import type { DataConverter } from '@temporalio/common';
import { createDataConverter, parsePayloadKeys } from '../../src/temporal/codec';
import { DEV_PAYLOAD_KEYS } from '../../src/config';

/**
 * The data converter tests use unless they say otherwise: the service's codec with the development key
 * (what `loadConfig` gives a test stack by default), so every test exercises encrypted payloads.
 */
export function testDataConverter(opts: { encrypt?: boolean } = {}): DataConverter {
  return createDataConverter(opts.encrypt === false ? undefined : parsePayloadKeys(DEV_PAYLOAD_KEYS));
}

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
export function timeSkippingEnv(startAt?: string, dataConverter = testDataConverter()): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  return createTimeSkippingEnv(timeSkippingServerExecutable(startAt ? new Date(startAt) : undefined), dataConverter);
}

/** A real Temporal dev server (CLI) with the custom search attributes registered. */
export function devServerEnv(
  opts: { ui?: boolean; uiPort?: number; dataConverter?: DataConverter; extraArgs?: string[] } = {},
): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  return TestWorkflowEnvironment.createLocal({
    client: { dataConverter: opts.dataConverter ?? testDataConverter() },
    server: {
      executable: { type: 'existing-path', path: resolveTemporalCli() },
      searchAttributes: ALL_SEARCH_ATTRIBUTES,
      ui: opts.ui ?? false,
      ...(opts.uiPort ? { uiPort: opts.uiPort } : {}),
      extraArgs: ['--log-level', 'error', ...(opts.extraArgs ?? [])],
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
