// bench:floor's worker process: the floor workflow (./workflow.ts) with the product's runtime, logger
// and (unless FLOOR_CODEC=off) its payload codec; the activity runs one PostgreSQL statement with the
// view as its argument (FLOOR_DB=off: no statement). Prints "floor worker started" when it polls.
import { NativeConnection, Worker } from '@temporalio/worker';
import { Pool } from 'pg';
import { createLogger } from '../../../src/logger';
import { installWorkerRuntime } from '../../../src/temporal/runtime';
import { createDataConverter, parsePayloadKeys } from '../../../src/temporal/codec';
import { DEV_PAYLOAD_KEYS } from '../../../src/config';
import type { FloorActivities, FloorSinks, FloorView } from './workflow';
import type { InjectedSinks } from '@temporalio/worker';

async function main(): Promise<void> {
  const logger = createLogger(process.env.LOG_LEVEL ?? 'info', 'floor-worker');
  installWorkerRuntime(logger, undefined);
  const pool = process.env.FLOOR_DB === 'off' ? null : new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  const activities: FloorActivities = {
    async floorProject(view: FloorView): Promise<boolean> {
      if (!pool) return true;
      const r = await pool.query<{ ok: boolean }>("SELECT ($1::jsonb ->> 'version')::int > 0 AS ok", [JSON.stringify(view)]);
      return r.rows[0]?.ok === true;
    },
    async floorExit({ id, lagMs, view }): Promise<void> {
      if (!pool) return;
      await pool.query('INSERT INTO floor_exits (id, lag_ms, view) VALUES ($1, $2, $3::jsonb) ON CONFLICT (id) DO NOTHING', [id, lagMs, JSON.stringify(view)]);
    },
  };
  // bench:storm-floor reads these lines: children whose first task has run, cumulative.
  let childrenRan = 0;
  let reported = 0;
  const report = setInterval(() => {
    if (childrenRan === reported) return;
    reported = childrenRan;
    logger.info({ childrenRan }, 'floor children ran');
  }, 1000);
  report.unref();
  const sinks: InjectedSinks<FloorSinks> = { floorStorm: { childRan: { fn: () => void (childrenRan += 1), callDuringReplay: false } } };
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const worker = await Worker.create({
    connection,
    namespace: 'default',
    taskQueue: process.env.TEMPORAL_TASK_QUEUE!,
    workflowsPath: require.resolve('./workflow'),
    activities,
    sinks,
    // The product's sticky cache is WORKER_MAX_CACHED_WORKFLOWS (500 by default); FLOOR_CACHE sets this one's.
    ...(process.env.FLOOR_CACHE ? { maxCachedWorkflows: Number(process.env.FLOOR_CACHE) } : {}),
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
