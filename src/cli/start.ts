// `npm start`: everything for the chosen TEMPORAL_MODE in one process — the Temporal server (dev:
// CLI dev server with Web UI; sandbox: time-skipping test server), database creation and migrations,
// the worker and the API. Ctrl-C / SIGTERM stops it all in order.
import { type AddressInfo, createServer } from 'node:net';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { type Config, ConfigError, loadConfig } from '../config';
import { createLogger } from '../logger';
import { installWorkerRuntime } from '../temporal/runtime';
import { createDb } from '../db/client';
import { redact } from '../db/url';
import { applyMigrations, ensureDatabase } from '../db/migrate';
import { chooseDatabase, startEmbeddedPostgres } from '../db/embedded';
import { createActivities } from '../activities';
import { notificationJobConfig } from '../activities/notifications';
import { ensureDailyNotifications } from '../temporal/notification-schedule';
import { createWorker } from '../worker/create-worker';
import { listen } from '../api/server';
import { CONSOLE_DIST_DIR, consoleConfig } from '../api/routes/console';
import { PROJECT_ROOT } from '../project-root';
import { connectClient, connectWorker } from '../temporal/connection';
import { resolveTemporalCli, timeSkippingServerExecutable } from '../temporal/binaries';
import { startDevServer, uiCodecEndpoint } from '../temporal/dev-server';
import { createDataConverter } from '../temporal/codec';
import { type SandboxClock, createTimeSkippingEnv, sandboxClockFrom } from '../temporal/sandbox';

type Stop = () => Promise<void>;

/** How staff sign in to the console, for the start-up lines. */
function consoleSignIn(config: Config): string {
  const c = consoleConfig(config);
  if (c.oidc) return `sign in through ${c.oidc.issuer}`;
  if (c.devIdentities.length > 0) return `sign in as ${c.devIdentities.join(', ')}`;
  return 'set OIDC_ISSUER, OIDC_AUDIENCE and OIDC_CLIENT_ID for staff sign-in';
}

interface TemporalSetup {
  client: Client;
  workerConnection: NativeConnection;
  sandbox?: SandboxClock;
  uiUrl?: string;
  stops: Stop[];
}

/** A free TCP port on `host` (PORT=0: the API's port must be known before the dev server's UI starts). */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function startTemporal(config: Config, logger: ReturnType<typeof createLogger>, apiPort: number): Promise<TemporalSetup> {
  const t = config.temporal;
  const dataConverter = createDataConverter(config.payloadKeys);
  switch (t.mode) {
    case 'dev': {
      const [host, portText] = t.address.split(':');
      const server = await startDevServer({
        cliPath: resolveTemporalCli(),
        dataDir: config.dataDir,
        host: host || '127.0.0.1',
        port: Number(portText ?? 7233),
        uiPort: t.uiPort,
        namespace: t.namespace,
        uiCodecEndpoint: uiCodecEndpoint(config.host, apiPort),
        logger,
      });
      const client = await connectClient(t, dataConverter);
      const workerConnection = await connectWorker(t);
      return {
        client,
        workerConnection,
        uiUrl: server.uiUrl,
        stops: [() => client.connection.close(), () => workerConnection.close(), server.stop],
      };
    }
    case 'external': {
      const client = await connectClient(t, dataConverter);
      const workerConnection = await connectWorker(t);
      return { client, workerConnection, stops: [() => client.connection.close(), () => workerConnection.close()] };
    }
    case 'sandbox': {
      const env = await createTimeSkippingEnv(timeSkippingServerExecutable(config.sandboxStartTime), dataConverter);
      return { client: env.client, workerConnection: env.nativeConnection, sandbox: sandboxClockFrom(env), stops: [() => env.teardown()] };
    }
  }
}

async function main(): Promise<void> {
  let config: Config = loadConfig();
  const logger = createLogger(config.logLevel, 'wioa');
  // We handle signals ourselves to stop API → worker → Temporal → database in order.
  const sdkMetricsUrl = installWorkerRuntime(logger, config.sdkMetricsAddress, { shutdownSignals: [] });
  if (config.payloadKeysAreDevDefault) logger.warn('PAYLOAD_ENCRYPTION_KEYS is not set: using the development-only payload key');
  if (!config.payloadKeys) logger.warn('PAYLOAD_ENCRYPTION=false: workflow histories hold case data in clear');
  if (config.piiKeyIsDevDefault) logger.warn('PII_ENCRYPTION_KEY is not set: using the development-only key');

  const stops: Stop[] = [];
  let stopping = false;
  const shutdown = async (reason: string, code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'shutting down');
    for (const stop of stops.reverse()) {
      try {
        await stop();
      } catch (err) {
        logger.warn({ err }, 'error during shutdown');
      }
    }
    logger.info('stopped');
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown('SIGINT', 0));
  process.once('SIGTERM', () => void shutdown('SIGTERM', 0));

  try {
    // R-UI-1: `npm install` builds the staff console; a checkout without the bundle builds it here. The
    // API serves without it (the console's pages then say how to build it).
    if (!existsSync(join(CONSOLE_DIST_DIR, 'index.html')) && existsSync(join(PROJECT_ROOT, 'web', 'index.html'))) {
      logger.info('building the staff console (web/dist is missing)');
      try {
        execFileSync(process.execPath, [join(PROJECT_ROOT, 'scripts', 'build-console.mjs')], {
          cwd: PROJECT_ROOT,
          stdio: ['ignore', 'inherit', 'inherit'],
          timeout: 300_000,
        });
      } catch (err) {
        logger.warn({ err }, 'the staff console could not be built: run `npm run build:console`');
      }
    }
    // R-EMB-1: DATABASE_URL if set; else the libpq default address if it answers; else an embedded server.
    const choice = await chooseDatabase(process.env);
    let databaseLine: string;
    if (choice.kind === 'embedded') {
      const embedded = await startEmbeddedPostgres({
        dataDir: config.dataDir,
        port: config.embeddedPostgresPort,
        log: (line) => logger.info({ component: 'embedded-postgres' }, line),
      });
      stops.push(() => embedded.stop());
      config = { ...config, databaseUrl: embedded.url };
      logger.info({ dataDir: embedded.dataDir, port: embedded.port, version: embedded.version }, 'embedded PostgreSQL started');
      databaseLine = `  PostgreSQL  embedded PostgreSQL ${embedded.version} (nothing answered at ${choice.probed.host}:${choice.probed.port}), data in ${embedded.dataDir}, ${embedded.url}`;
    } else {
      config = { ...config, databaseUrl: choice.url };
      databaseLine = `  PostgreSQL  ${redact(choice.url)}`;
    }
    await ensureDatabase(config.databaseUrl);
    await applyMigrations(config.databaseUrl, { log: (m) => logger.info(m) });
    const db = createDb(config.databaseUrl);
    stops.push(() => db.$disconnect());

    const apiPort = config.port === 0 ? await freePort(config.host) : config.port;
    const temporal = await startTemporal(config, logger, apiPort);
    stops.push(...temporal.stops);

    const worker = await createWorker({
      connection: temporal.workerConnection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      activities: createActivities({ db, logger: logger.child({ component: 'activities' }), notifications: notificationJobConfig(config) }),
      dataConverter: createDataConverter(config.payloadKeys),
      maxCachedWorkflows: config.worker.maxCachedWorkflows,
    });
    const running = worker.run();
    running.catch((err: unknown) => {
      logger.error({ err }, 'worker failed');
      void shutdown('worker failed', 1);
    });
    stops.push(async () => {
      worker.shutdown();
      await running.catch(() => undefined);
    });
    // R-SUB-2: the daily notifications job (a Schedule; in sandbox mode its clock workflow), idempotently.
    await ensureDailyNotifications(temporal.client, {
      mode: config.temporal.mode,
      taskQueue: config.temporal.taskQueue,
      agencyTimeZone: config.agencyTimeZone,
      logger,
    });

    const api = await listen({ config, logger, temporal: temporal.client, db, sandbox: temporal.sandbox, sdkMetricsUrl }, apiPort, config.host);
    stops.push(api.close);

    const lines = [
      '',
      `  WIOA case lifecycle service is running (TEMPORAL_MODE=${config.temporal.mode})`,
      `  Console     ${api.url}/   (staff console: ${consoleSignIn(config)})`,
      `  API         ${api.url}/api/v1   (try: curl -H 'Authorization: Bearer dev-staff' ${api.url}/api/v1/applications/<id>)`,
      `  API docs    ${api.url}/docs   (OpenAPI: ${api.url}/openapi.json)`,
      `  Health      ${api.url}/health   Metrics ${api.url}/metrics`,
      config.codec.tokens.length
        ? `  Codec       ${api.url}/codec   (temporal … --codec-endpoint ${api.url}/codec --codec-auth 'Bearer <CODEC_TOKENS entry>')`
        : undefined,
      temporal.uiUrl ? `  Temporal UI ${temporal.uiUrl}/namespaces/${config.temporal.namespace}/workflows` : undefined,
      temporal.uiUrl
        ? config.codec.loopbackUiOrigins.length
          ? `              decodes through ${api.url}/codec (local UI, no token needed: CODEC_ALLOW_LOOPBACK_UI_WITHOUT_TOKEN)`
          : `              codec ${api.url}/codec needs a token the UI cannot send here (API not on loopback or CODEC_ALLOW_LOOPBACK_UI_WITHOUT_TOKEN=false): use the CLI`
        : undefined,
      databaseLine,
      temporal.sandbox ? `  Sandbox     time-skipping server: POST ${api.url}/api/v1/sandbox/clock/advance {"days": 91}` : undefined,
      '  Press Ctrl-C to stop.',
      '',
    ].filter((l): l is string => l !== undefined);
    process.stdout.write(lines.join('\n') + '\n');
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    logger.fatal({ err }, 'start-up failed');
    process.stderr.write(`\nStart-up failed: ${message}\n`);
    await shutdown('start-up failed', 1);
  }
}

main().catch((err: unknown) => {
  const message = err instanceof ConfigError ? err.message : err instanceof Error ? err.stack : String(err);
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
