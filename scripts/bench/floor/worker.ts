// bench:floor's worker process: the floor workflow (./workflow.ts) with the product's runtime, logger
// and (unless FLOOR_CODEC=off) its payload codec; the activity runs one PostgreSQL statement with the
// view as its argument (FLOOR_DB=off: no statement). Prints "floor worker started" when it polls.
import { NativeConnection, Worker } from '@temporalio/worker';
import { Pool } from 'pg';
import { createLogger } from '../../../src/logger';
import { installWorkerRuntime } from '../../../src/temporal/runtime';
import { createDataConverter, parsePayloadKeys } from '../../../src/temporal/codec';
import { DEV_PAYLOAD_KEYS } from '../../../src/config';
import type { FloorActivities, FloorView } from './workflow';

async function main(): Promise<void> {
  const logger = createLogger(process.env.LOG_LEVEL ?? 'info', 'floor-worker');
  installWorkerRuntime(logger, undefined);
  const pool = process.env.FLOOR_DB === 'off' ? null : new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  const activities: FloorActivities = {
    async floorProject(view: FloorView): Promise<boolean> {
      if (!pool) return true;
      const r = await pool.query<{ ok: boolean }>('SELECT ($1::jsonb ->> \'version\')::int > 0 AS ok', [JSON.stringify(view)]);
      return r.rows[0]?.ok === true;
    },
  };
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const worker = await Worker.create({
    connection,
    namespace: 'default',
    taskQueue: process.env.TEMPORAL_TASK_QUEUE!,
    workflowsPath: require.resolve('./workflow'),
    activities,
    dataConverter: createDataConverter(process.env.FLOOR_CODEC === 'off' ? undefined : parsePayloadKeys(DEV_PAYLOAD_KEYS)),
  });
  logger.info('floor worker started');
  try {
    await worker.run();
  } finally {
    await connection.close();
    await pool?.end();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
