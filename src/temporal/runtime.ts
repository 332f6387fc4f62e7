import { Runtime } from '@temporalio/worker';
import { type Logger, temporalLoggerFrom } from '../logger';

/**
 * Installs the Temporal SDK runtime of a worker process: SDK logs (the Rust core's too, forwarded) through
 * pino as JSON with workflow ids, and the SDK's Prometheus
 * metrics (workflow/activity task latency, polls, schedule-to-start, sticky cache…) on `metricsAddress`.
 * If that address is taken, the process still runs, without SDK metrics, and says so.
 * Returns the metrics URL, or undefined when SDK metrics are off.
 */
export function installWorkerRuntime(
  logger: Logger,
  metricsAddress: string | undefined,
  opts: { shutdownSignals?: NodeJS.Signals[] } = {},
): string | undefined {
  const base = { logger: temporalLoggerFrom(logger.child({ component: 'temporal-sdk' })), ...opts };
  const logging = { filter: { core: 'WARN', other: 'ERROR' } as const, forward: {} };
  if (metricsAddress) {
    try {
      Runtime.install({ ...base, telemetryOptions: { logging, metrics: { prometheus: { bindAddress: metricsAddress } } } });
      return `http://${metricsAddress}/metrics`;
    } catch (err) {
      logger.warn({ err, metricsAddress }, 'Temporal SDK metrics are off: cannot listen on SDK_METRICS_ADDRESS');
    }
  }
  Runtime.install({ ...base, telemetryOptions: { logging } });
  return undefined;
}
