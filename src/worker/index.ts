// Stand-alone worker process: `npm run start:worker`. Shuts down cleanly on SIGINT/SIGTERM
// (the Temporal runtime drains in-flight tasks, then we close the database pool).
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { installWorkerRuntime } from '../temporal/runtime';
import { createDb } from '../db/client';
import { createActivities } from '../activities';
import { notificationJobConfig } from '../activities/notifications';
import { connectWorker } from '../temporal/connection';
import { createWorker } from './create-worker';
import { createDataConverter } from '../temporal/codec';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, 'worker');
  const metricsUrl = installWorkerRuntime(logger, config.sdkMetricsAddress);
  const db = createDb(config.databaseUrl);
  const connection = await connectWorker(config.temporal);
  const worker = await createWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activities: createActivities({ db, logger, notifications: notificationJobConfig(config) }),
    dataConverter: createDataConverter(config.payloadKeys),
    maxCachedWorkflows: config.worker.maxCachedWorkflows,
  });
  logger.info({ taskQueue: config.temporal.taskQueue, address: config.temporal.address, metricsUrl }, 'worker started');
  try {
    await worker.run(); // resolves after SIGINT/SIGTERM once in-flight work is drained
  } finally {
    await connection.close();
    await db.$disconnect();
    logger.info('worker stopped');
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
