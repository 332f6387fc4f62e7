// The floor's side of a benchmark run (bench:ratio; bench:floor runs the same processes): the floor
// worker (./worker.ts) and the bare proxy (./proxy.ts) as processes of their own, the floor workflows
// (./workflow.ts), and one operation of the floor's mix, through the Temporal client or the proxy.
import { randomUUID } from 'node:crypto';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { type ProductEnv, type ProductProcess, type ServerTimes, freePort, pool, serverTimes, startLoggingProcess } from '../common';
import { floorCommand, floorView, floorWorkflow } from './workflow';

/** What the floor workflow and its worker do besides Temporal's part (bench:floor's variants). */
export interface FloorVariant {
  /** The product's payload codec (AES-256-GCM) in the worker, the proxy and the client. */
  codec: boolean;
  /** One PostgreSQL statement per projection. */
  db: boolean;
  /** The projection as a local activity. */
  local: boolean;
  /** Rows in the view: about 200 bytes of JSON each (40: ~7 KB, the product view's mean over a bench:api run). */
  rows: number;
}

export const floorVariants = (rows: number) =>
  ({
    bare: { codec: false, db: false, local: false, rows: 0 },
    product: { codec: true, db: true, local: false, rows },
    local: { codec: true, db: true, local: true, rows },
  }) satisfies Record<string, FloorVariant>;

const onOff = (b: boolean): string => (b ? 'on' : 'off');

/** The floor worker on `e.taskQueue`; resolves once it polls. */
export function startFloorWorker(e: ProductEnv, v: FloorVariant): Promise<ProductProcess> {
  return startLoggingProcess(
    'scripts/bench/floor/worker.ts',
    { ...e, extraEnv: { FLOOR_CODEC: onOff(v.codec), FLOOR_DB: onOff(v.db), ...e.extraEnv } },
    'floor worker started',
    'floor worker',
  );
}

/** The bare node:http proxy in front of the floor workflows; resolves once it listens. */
export async function startFloorProxy(e: ProductEnv, v: FloorVariant): Promise<ProductProcess & { url: string }> {
  const port = await freePort();
  const p = await startLoggingProcess(
    'scripts/bench/floor/proxy.ts',
    { ...e, extraEnv: { PORT: String(port), FLOOR_CODEC: onOff(v.codec), ...e.extraEnv } },
    'floor proxy listening',
    'floor proxy',
  );
  return { ...p, url: `http://127.0.0.1:${port}` };
}

/** `n` floor workflows on `taskQueue` (the client must have the variant's codec). */
export function startFloorWorkflows(
  client: Client,
  taskQueue: string,
  v: FloorVariant,
  n: number,
  prefix: string,
): Promise<WorkflowHandle<typeof floorWorkflow>[]> {
  return pool(
    Array.from({ length: n }, (_, i) => i),
    8,
    (i) =>
      client.workflow.start(floorWorkflow, {
        taskQueue,
        workflowId: `floor-${prefix}-${i}-${randomUUID()}`,
        args: [{ id: `${prefix}${i}`, rows: v.rows, local: v.local }],
      }),
  );
}

export type FloorPath = 'client' | 'proxy';

/** The floor's mix, as the product's (70 % commands, 30 % reads): an Update with a note when `r` < 0.7, else the query. */
export async function floorOp(
  path: FloorPath,
  proxyUrl: string,
  h: WorkflowHandle<typeof floorWorkflow>,
  r: number,
  n: number,
): Promise<ServerTimes | undefined> {
  const update = r < 0.7;
  if (path === 'proxy') {
    const res = await fetch(
      `${proxyUrl}/${update ? 'update' : 'query'}/${encodeURIComponent(h.workflowId)}`,
      update ? { method: 'POST', body: JSON.stringify({ note: `Workshop ${n}.` }) } : {},
    );
    const text = await res.text();
    if (res.status !== 200) throw new Error(`proxy: ${res.status} ${text}`);
    return serverTimes(res);
  }
  if (update) {
    await h.executeUpdate(floorCommand, { args: [{ note: `Workshop ${n}.` }], updateId: `S-BENCH:${randomUUID()}` });
  } else {
    await h.query(floorView);
  }
  return undefined;
}
