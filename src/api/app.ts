import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import { randomUUID } from 'node:crypto';
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Db } from '../db/client';
import { authenticate } from './auth';
import { errorMiddleware } from './error-middleware';
import { ProblemError } from './problem';
import { methodNotAllowed } from './route';
import { addLinks } from './links';
import { docsRouter } from './docs';
import { ApplicationGateway } from './services/application-gateway';
import { ApplicationReadModel } from './services/application-read-model';
import { ParticipantService } from './services/participant-service';
import { SsnProtector } from './services/pii';
import { IdempotencyStore, idFromKey } from './middleware/idempotency';
import { applicationRoutes } from './routes/applications';
import { planRoutes } from './routes/plans';
import { PlanReads } from './services/plan-reads';
import { changeRequestRoutes } from './routes/change-requests';
import { reportRoutes } from './routes/reports';
import { TimelinessReportService } from './services/timeliness-report';
import { outcomeRoutes } from './routes/outcomes';
import { participantRoutes } from './routes/participants';
import { healthRouter } from './routes/health';
import { activityCodeRoutes, sandboxRoutes } from './routes/reference';
import { BackdateApprovers } from './services/backdate-approvers';
import type { SandboxClock } from '../temporal/sandbox';
import { createDataConverter } from '../temporal/codec';
import { applicationWorkflowId } from '../workflows/application/contract';
import { codecRouter } from './routes/codec';
import { type ApiMetrics, createApiMetrics } from './metrics';
import { TaskWatchdog } from '../temporal/task-watchdog';
import { GroupService } from './services/group-service';
import { groupRoutes } from './routes/groups';
import { importRoutes } from './routes/imports';
import { CaseImport } from './services/case-import';
import { NotificationService } from './services/notification-service';
import { notificationRoutes } from './routes/notifications';
import { NotificationJob, notificationJobConfig } from '../activities/notifications';

/** The workflow a request is about, for the request log (`/api/v1/applications/<id>/…`). */
const APPLICATION_URL = /^\/api\/v1\/applications\/([0-9a-fA-F-]{36})(?:[/?]|$)/;
const workflowIdOf = (url: string | undefined): string | undefined => {
  const id = APPLICATION_URL.exec(url ?? '')?.[1];
  return id ? applicationWorkflowId(id) : undefined;
};

export interface AppDeps {
  config: Config;
  logger: Logger;
  temporal: Client;
  db: Db;
  /** Present only in TEMPORAL_MODE=sandbox: the time-skipping server's clock. */
  sandbox?: SandboxClock;
  /** The worker's Temporal SDK Prometheus endpoint when it runs in this process (`npm start`). */
  sdkMetricsUrl?: string;
}

export interface BuiltApp {
  app: Express;
  metrics: ApiMetrics;
  openApiDocument: ReturnType<OpenApiGeneratorV31['generateDocument']>;
  /** Waits for work still in flight after responses were sent (stored idempotent answers). */
  drain(): Promise<void>;
  /** Sandbox mode: the stuck-workflow-task watchdog (started and stopped by `listen`). */
  watchdog?: TaskWatchdog;
}

/** Builds the Express app: routes parse and validate → services → one error middleware. */
export function createApp(deps: AppDeps): BuiltApp {
  const { config, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  const metrics = createApiMetrics();
  app.use(metrics.observeRequests);
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const id = (req.headers['x-request-id'] as string | undefined) ?? randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      // One short line per request: id, method, path, status, time and the case's workflow id. Headers
      // (tokens among them) are never logged, and the line costs little to build (bench:api, issue 18).
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customProps: (req) => {
        const workflowId = workflowIdOf(req.url);
        return workflowId ? { workflowId } : {};
      },
      autoLogging: {
        ignore: (req) => req.url === '/health' || req.url === '/metrics' || (req.url ?? '').startsWith('/docs/assets'),
      },
    }),
  );
  app.get('/metrics', metrics.handler(deps.sdkMetricsUrl));
  app.use(
    codecRouter({
      codecs: createDataConverter(config.payloadKeys).payloadCodecs ?? [],
      tokens: config.codec.tokens,
      corsOrigins: config.codec.corsOrigins,
      corsCredentials: config.codec.corsCredentials,
      loopbackUiOrigins: config.codec.loopbackUiOrigins,
      ...(config.codec.oidc ? { oidc: config.codec.oidc } : {}),
      namespace: config.temporal.namespace,
      logger: logger.child({ component: 'codec-server' }),
      metrics,
    }),
  );
  app.use(express.json({ limit: '256kb' }));

  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer' });

  const sandbox = deps.sandbox;
  const watchdog = sandbox
    ? new TaskWatchdog(deps.temporal, {
        boundMs: config.stuckTask.boundMs,
        intervalMs: config.stuckTask.sweepMs,
        namespace: config.temporal.namespace,
        logger: logger.child({ component: 'task-watchdog' }),
      })
    : undefined;
  const clock = sandbox ? async () => (await sandbox.now()).getTime() : async () => Date.now();
  const groups = new GroupService(deps.db, new Set(config.apiTokens.map((t) => t.staffId)));
  const applications = new ApplicationGateway({
    client: deps.temporal,
    db: deps.db,
    taskQueue: config.temporal.taskQueue,
    agencyTimeZone: config.agencyTimeZone,
    searchAttributes: config.temporal.mode !== 'sandbox',
    alertThresholds: config.alertThresholds,
    followUpGraceDays: config.followUpGraceDays,
    commandTimeoutMs: config.commandTimeoutMs,
    now: clock,
    ...(watchdog ? { isStuck: (workflowId: string) => watchdog.isStuck(workflowId) } : {}),
    caseManagerCheck: (office, programs, staffId) => groups.assertCaseManager(office, programs, staffId), // R-GRP-2
  });
  const readModel = new ApplicationReadModel({
    db: deps.db,
    agencyTimeZone: config.agencyTimeZone,
    now: clock,
    gateway: applications,
    groupScope: (groupId) => groups.scope(groupId), // R-GRP-3
  });
  const notifications = new NotificationService({
    db: deps.db,
    job: new NotificationJob(deps.db, logger.child({ component: 'notifications' }), notificationJobConfig(config)),
    agencyTimeZone: config.agencyTimeZone,
    now: clock,
  });
  const participants = new ParticipantService(deps.db, new SsnProtector(config.piiKey));
  // Duplicates wait for the first request's answer a little longer than that request may take.
  const idempotency = new IdempotencyStore(deps.db, {
    inFlightWaitMs: config.commandTimeoutMs + 5_000,
    onWriteError: (err, key) => logger.error({ err, idempotencyKeyHash: idFromKey(key) }, 'could not store the answer of an idempotent request; a retry will re-run it'),
  });

  app.use(healthRouter({ ...deps, ...(watchdog ? { watchdog } : {}) }));
  app.use(docsRouter());
  app.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument);
  });

  // Routes declare their full paths (one spelling for Express and OpenAPI); auth guards all of /api/v1.
  app.use('/api/v1', authenticate(config.apiTokens));
  const api = express.Router();
  participantRoutes(api, registry, participants, idempotency);
  activityCodeRoutes(api, registry, config.activityCatalog);
  const approvers = new BackdateApprovers(config.apiTokens);
  const commands = { router: api, registry, applications, idempotency, approvers, catalog: config.activityCatalog };
  applicationRoutes({ ...commands, readModel });
  changeRequestRoutes(commands);
  reportRoutes(api, registry, new TimelinessReportService(deps.db));
  outcomeRoutes(commands);
  planRoutes({
    ...commands,
    reads: new PlanReads({ db: deps.db, applications, agencyName: config.agencyName, agencyTimeZone: config.agencyTimeZone, now: clock }),
  });
  groupRoutes(api, registry, groups, idempotency);
  // R-IMP-1: legacy cases in, each a workflow started with its state (src/api/services/case-import.ts).
  const supervisors = new Set(config.apiTokens.filter((t) => t.role === 'supervisor').map((t) => t.staffId));
  importRoutes(
    api,
    registry,
    new CaseImport({
      client: deps.temporal,
      db: deps.db,
      ssn: new SsnProtector(config.piiKey),
      catalog: config.activityCatalog,
      taskQueue: config.temporal.taskQueue,
      agencyTimeZone: config.agencyTimeZone,
      searchAttributes: config.temporal.mode !== 'sandbox',
      alertThresholds: config.alertThresholds,
      followUpGraceDays: config.followUpGraceDays,
      now: clock,
      concurrency: config.importConcurrency,
      isSupervisor: (staffId) => supervisors.has(staffId),
      caseManagerCheck: (office, programs, staffId) => groups.assertCaseManager(office, programs, staffId), // R-GRP-2
    }),
  );
  notificationRoutes(api, registry, notifications);
  if (sandbox) sandboxRoutes(api, registry, sandbox);
  app.use(api);

  app.use(methodNotAllowed(registry));
  app.use((req, _res, next) => {
    next(new ProblemError(404, 'ROUTE_NOT_FOUND', `No route ${req.method} ${req.path}`));
  });
  app.use(errorMiddleware(logger, metrics));

  const openApiDocument = addLinks(new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'WIOA case lifecycle API',
      version: '1.0.0',
      description:
        'One durable Temporal workflow per WIOA application: exit clock, planned breaks, exclusionary exit and quarterly follow-ups. Errors are application/problem+json with a machine `code`.',
    },
    servers: [{ url: '/' }],
  }));
  return { app, metrics, openApiDocument, drain: () => idempotency.drain(), ...(watchdog ? { watchdog } : {}) };
}
