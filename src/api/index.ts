// Stand-alone API process: `npm run start:api` (against an external Temporal and a migrated database).
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { createDb } from '../db/client';
import { connectClient } from '../temporal/connection';
import { createDataConverter } from '../temporal/codec';
import { listen } from './server';
import { ensureDailyNotifications } from '../temporal/notification-schedule';

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.temporal.mode === 'sandbox') {
    throw new Error('TEMPORAL_MODE=sandbox runs in one process: use `npm start`');
  }
  const logger = createLogger(config.logLevel, 'api');
  const db = createDb(config.databaseUrl);
  const temporal = await connectClient(config.temporal, createDataConverter(config.payloadKeys));
  // R-SUB-2: the daily notifications Schedule exists whichever process starts first (idempotent).
  await ensureDailyNotifications(temporal, { mode: config.temporal.mode, taskQueue: config.temporal.taskQueue, agencyTimeZone: config.agencyTimeZone, logger });
  const api = await listen({ config, logger, temporal, db }, config.port, config.host);
  logger.info({ url: api.url }, 'API listening');
  const stop = async (signal: string): Promise<void> => {
    logger.info({ signal }, 'shutting down');
    await api.close();
    await temporal.connection.close();
    await db.$disconnect();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
