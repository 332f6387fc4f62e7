import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import type { DestinationStream } from 'pino';
import { loadConfig, type Config } from '../../src/config';
import { createLogger } from '../../src/logger';
import { createDb, type Db } from '../../src/db/client';
import { createActivities } from '../../src/activities';
import { notificationJobConfig } from '../../src/activities/notifications';
import { createWorker } from '../../src/worker/create-worker';
import { listen, type RunningApi } from '../../src/api/server';
import { sandboxClockFrom } from '../../src/temporal/sandbox';
import { createDataConverter } from '../../src/temporal/codec';
import { createTestDatabase } from '../../src/db/test-database';
import { uniqueTaskQueue, workflowBundle } from './temporal';
import { apiClient } from './http';

export interface Stack {
  config: Config;
  db: Db;
  api: RunningApi;
  http: ReturnType<typeof apiClient>;
  /** Undefined when started with `worker: false` (the test runs its own worker). */
  worker: Worker | undefined;
  env: TestWorkflowEnvironment;
  stop(): Promise<void>;
}

export interface StackOptions {
  name: string;
  mode: 'dev' | 'sandbox';
  env?: Record<string, string>;
  /** false: no in-process worker (fault tests run the worker as a separate process). Default true. */
  worker?: boolean;
  /** Where the API's and activities' JSON logs go (default stdout); tests that scan logs capture them. */
  logDestination?: DestinationStream;
  /** The API's Temporal client (default: the environment's client and its data converter). */
  client?: Client;
  /** The API's port (default: any free one); a test that tells a Temporal UI where the codec is picks it first. */
  port?: number;
}

/**
 * The real service on a test Temporal environment: its own PostgreSQL database (created, migrated,
 * dropped), its own task queue, a worker and the API on a free port.
 */
export async function startStack(env: TestWorkflowEnvironment, opts: StackOptions): Promise<Stack> {
  const database = await createTestDatabase(opts.name);
  try {
    return await startOn(env, opts, database);
  } catch (err) {
    await database.drop();
    throw err;
  }
}

async function startOn(env: TestWorkflowEnvironment, opts: StackOptions, database: { url: string; drop(): Promise<void> }): Promise<Stack> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: database.url,
    TEMPORAL_MODE: opts.mode,
    TEMPORAL_TASK_QUEUE: uniqueTaskQueue(opts.name),
    PORT: '0',
    // §11 R-ABUSE-1: tests and fuzzers send hundreds of requests a minute as one staff member; the tests
    // of the limit set it themselves.
    RATE_LIMIT_PER_MINUTE: '0',
    ...opts.env,
  });
  const logger = createLogger(config.logLevel, opts.name, opts.logDestination);
  const db = createDb(config.databaseUrl);
  const worker =
    opts.worker === false
      ? undefined
      : await createWorker({
          connection: env.nativeConnection,
          namespace: env.namespace ?? 'default',
          taskQueue: config.temporal.taskQueue,
          activities: createActivities({ db, logger, notifications: notificationJobConfig(config) }),
          workflowBundle: await workflowBundle(),
          dataConverter: createDataConverter(config.payloadKeys),
        });
  const running = worker?.run();
  const api = await listen(
    { config, logger, temporal: opts.client ?? env.client, db, ...(opts.mode === 'sandbox' ? { sandbox: sandboxClockFrom(env) } : {}) },
    opts.port ?? 0,
    '127.0.0.1',
  );
  return {
    config,
    db,
    api,
    http: apiClient(api.url),
    worker,
    env,
    stop: async () => {
      try {
        await api.close();
        if (worker?.getState() === 'RUNNING') worker.shutdown();
        await running;
        await db.$disconnect();
      } finally {
        await database.drop(); // never leave a test database behind
      }
    },
  };
}
