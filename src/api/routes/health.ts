import express, { type Router } from 'express';
import type { AppDeps } from '../app';
import type { TaskWatchdog } from '../../temporal/task-watchdog';

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<T>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

type Check = { status: 'up' } | { status: 'down'; error: string };

async function check(fn: () => Promise<unknown>): Promise<Check> {
  try {
    await withTimeout(fn(), 3000);
    return { status: 'up' };
  } catch (err) {
    return { status: 'down', error: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * GET /health: no auth; 200 when Temporal and the database answer, 503 otherwise. In sandbox mode also
 * 503 `degraded` while a workflow has a workflow task Temporal has not completed within the bound
 * (`temporal.stuckWorkflows`: ids, how long; the watchdog logs each one once).
 */
export function healthRouter(deps: Pick<AppDeps, 'temporal' | 'db' | 'config'> & { watchdog?: TaskWatchdog }): Router {
  const router = express.Router();
  router.get('/health', async (_req, res) => {
    const [temporal, database] = await Promise.all([check(() => deps.temporal.workflowService.getSystemInfo({})), check(() => deps.db.$queryRaw`SELECT 1`)]);
    const stuckWorkflows = deps.watchdog?.stuck() ?? [];
    const ok = temporal.status === 'up' && database.status === 'up' && stuckWorkflows.length === 0;
    res.status(ok ? 200 : 503).json({
      status: ok ? 'ok' : 'degraded',
      temporal: {
        ...temporal,
        mode: deps.config.temporal.mode,
        namespace: deps.config.temporal.namespace,
        ...(deps.watchdog ? { stuckWorkflows, stuckTaskBoundMs: deps.config.stuckTask.boundMs } : {}),
      },
      database,
    });
  });
  return router;
}
