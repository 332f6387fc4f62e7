/**
 * Prometheus metrics of the API process (`GET /metrics`): request latency by route, problems by code
 * (update rejections among them), codec-server use and Node process metrics. In `npm start` the same
 * endpoint appends the worker's Temporal SDK metrics (served by the SDK core on SDK_METRICS_ADDRESS).
 */
import type { Request, RequestHandler } from 'express';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface ApiMetrics {
  registry: Registry;
  /** Express middleware timing every request. */
  observeRequests: RequestHandler;
  /** Counts a problem response (4xx/5xx) by code; update rejections are the ones from the workflow. */
  countProblem(req: Request, status: number, code: string, fromWorkflow: boolean): void;
  codecRequests: Counter<'operation' | 'outcome'>;
  /** The `/metrics` handler. */
  handler(sdkMetricsUrl?: string): RequestHandler;
}

/** `/api/v1/applications/:id` rather than the concrete URL, so label values stay few. */
const routeOf = (req: Request): string => (req.route as { path?: string } | undefined)?.path ?? 'unmatched';

export function createApiMetrics(): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'wioa_api_' });
  const duration = new Histogram({
    name: 'wioa_http_request_duration_seconds',
    help: 'API request latency by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const problems = new Counter({
    name: 'wioa_http_problems_total',
    help: 'problem+json responses by route and error code',
    labelNames: ['route', 'status', 'code'] as const,
    registers: [registry],
  });
  const rejections = new Counter({
    name: 'wioa_update_rejections_total',
    help: 'Workflow updates rejected by the workflow (validator or handler) by route and error code',
    labelNames: ['route', 'code'] as const,
    registers: [registry],
  });
  const codecRequests = new Counter({
    name: 'wioa_codec_requests_total',
    help: 'Codec server requests by operation and outcome',
    labelNames: ['operation', 'outcome'] as const,
    registers: [registry],
  });

  return {
    registry,
    codecRequests,
    observeRequests: (req, res, next) => {
      const end = duration.startTimer();
      res.once('finish', () => end({ method: req.method, route: routeOf(req), status: String(res.statusCode) }));
      next();
    },
    countProblem: (req, status, code, fromWorkflow) => {
      problems.inc({ route: routeOf(req), status: String(status), code });
      if (fromWorkflow) rejections.inc({ route: routeOf(req), code });
    },
    handler: (sdkMetricsUrl) => async (_req, res) => {
      let text = await registry.metrics();
      if (sdkMetricsUrl) {
        try {
          const sdk = await fetch(sdkMetricsUrl, { signal: AbortSignal.timeout(2000) });
          if (sdk.ok) text += `\n# Temporal SDK (worker) metrics from ${sdkMetricsUrl}\n${await sdk.text()}`;
        } catch {
          text += `\n# Temporal SDK metrics unavailable at ${sdkMetricsUrl}\n`;
        }
      }
      res.type(registry.contentType).send(text);
    },
  };
}
