import { type NativeConnection, Worker, type WorkflowBundle, bundleWorkflowCode } from '@temporalio/worker';
import type { DataConverter } from '@temporalio/common';
import type { Activities } from '../activities';
import { FAILURE_CONVERTER_PATH } from '../temporal/codec';

const WORKFLOWS_PATH = require.resolve('../workflows');

/** Bundles the workflow code once (tests share one bundle per file; the worker entrypoint bundles at start). */
export function bundleWorkflows(): Promise<WorkflowBundle> {
  return bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, failureConverterPath: FAILURE_CONVERTER_PATH, logger: quietBundlerLogger });
}

const noop = (): void => undefined;
const quietBundlerLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: console.error };

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: Activities;
  workflowBundle?: WorkflowBundle;
  /** The payload codec and failure converter (`createDataConverter(config.payloadKeys)`); must match the clients'. */
  dataConverter: DataConverter;
  /** The sticky cache's size (config `WORKER_MAX_CACHED_WORKFLOWS`); unset = the SDK's heap-sized default. */
  maxCachedWorkflows?: number;
}

/** The application worker: every workflow and activity of the product on one task queue. */
export function createWorker(opts: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    activities: opts.activities,
    dataConverter: opts.dataConverter,
    ...(opts.maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows: opts.maxCachedWorkflows }),
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
  });
}
