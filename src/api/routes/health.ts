import express, { type Router } from 'express';
import type { AppDeps } from '../app';

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

/** GET /health: no auth; 200 when Temporal and the database answer, 503 otherwise. */
export function healthRouter(deps: Pick<AppDeps, 'temporal' | 'db' | 'config'>): Router {
  const router = express.Router();
  router.get('/health', async (_req, res) => {
    const [temporal, database] = await Promise.all([
      check(() => deps.temporal.workflowService.getSystemInfo({})),
      check(() => deps.db.$queryRaw`SELECT 1`),
    ]);
    const ok = temporal.status === 'up' && database.status === 'up';
    res.status(ok ? 200 : 503).json({
      status: ok ? 'ok' : 'degraded',
      temporal: { ...temporal, mode: deps.config.temporal.mode, namespace: deps.config.temporal.namespace },
      database,
    });
  });
  return router;
}
