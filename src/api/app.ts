import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import { randomUUID } from 'node:crypto';
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Db } from '../db/client';
import { identify, requireCaller } from './auth';
import { oidcAuthenticator } from './oidc';
import { callerRateLimit, jsonBody, securityHeaders } from './middleware/limits';
import { StaffDirectory } from './services/staff-directory';
import { AccessLog } from './services/access-log';
import { accessLogRoutes } from './routes/access-log';
import { setAccessRecorder } from './route';
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
import { commandRoutes } from './routes/commands';
import { reportRoutes } from './routes/reports';
import { TimelinessReportService } from './services/timeliness-report';
import { FederalReports } from './services/federal-reports';
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
import { timedClient } from '../temporal/call-timing';
import { serverTiming } from './middleware/server-timing';
import { GroupService } from './services/group-service';
import { groupRoutes } from './routes/groups';
import { importRoutes } from './routes/imports';
import { wageRecordRoutes } from './routes/wage-records';
import { WageRecords } from './services/wage-records';
import { CaseImport } from './services/case-import';
import { NotificationService } from './services/notification-service';
import { notificationRoutes } from './routes/notifications';
import { consoleOidcOrigin, consoleRoutes, consoleStatic } from './routes/console';
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
  // SERVER_TIMING: the requests' Temporal calls are timed (on a client of the same connection) and reported.
  if (config.serverTiming) app.use(serverTiming());
  const temporal = config.serverTiming ? timedClient(deps.temporal) : deps.temporal;
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
      // §11 R-AUDIT-1: the line carries the caller's staff id (evaluated again when the answer is logged).
      customProps: (req) => {
        const workflowId = workflowIdOf(req.url);
        const staffId = req.caller?.staffId;
        return { ...(workflowId ? { workflowId } : {}), ...(staffId ? { staffId } : {}) };
      },
      autoLogging: {
        ignore: (req) => req.url === '/health' || req.url === '/metrics' || (req.url ?? '').startsWith('/docs/assets'),
      },
    }),
  );
  // §11 R-ABUSE-1: security headers on every answer; the caller is known before anything else of the
  // request is read (no body is parsed for an unauthenticated request), then counted against its limit.
  const oidcOrigin = consoleOidcOrigin(config);
  app.use(securityHeaders(oidcOrigin ? { oidcOrigin } : {}));
  const directory = new StaffDirectory(deps.db, config.apiTokens, (err) => logger.error({ err }, 'could not write the staff directory'));
  app.use(
    '/api/v1',
    identify({
      tokens: config.apiTokens,
      ...(config.oidc ? { oidc: oidcAuthenticator(config.oidc, { onFailure: (reason) => logger.warn({ reason }, 'OIDC access token refused') }) } : {}),
      seen: (caller) => (caller.via === 'oidc' ? directory.seen(caller) : undefined),
    }),
  );
  app.use(callerRateLimit(config.rateLimitPerMinute));
  app.use('/api/v1', requireCaller());
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
  app.use(jsonBody('256kb'));

  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: "A static token of API_TOKENS, or (with OIDC_ISSUER) an OIDC access token of the agency's identity provider (R-AUTH-1)",
  });

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
  const groups = new GroupService(deps.db, (ids) => directory.knownIds(ids)); // R-GRP-1 UNKNOWN_STAFF, R-AUTH-2
  const accessLog = new AccessLog(deps.db, (err) => logger.error({ err }, 'could not write the access log'));
  // §11 R-AUDIT-1: one entry per successful read of a case, PIRL export and accepted command.
  setAccessRecorder(app, async (req, action, route, subject, wait) => {
    const caller = req.caller;
    if (!caller) return;
    let { participantId, office } = subject;
    if (subject.applicationId && (participantId === null || office === null)) {
      const ref = await applications.caseRef(subject.applicationId).catch(() => undefined);
      participantId ??= ref?.participantId ?? null;
      office ??= ref?.office ?? null;
    }
    const entry = {
      staffId: caller.staffId,
      role: caller.role,
      action,
      route,
      applicationId: subject.applicationId,
      participantId,
      office,
      requestId: String(req.id),
    };
    if (!wait) {
      accessLog.recordInBackground(entry);
      return;
    }
    // A read that cannot be recorded is not answered.
    await accessLog.record(entry).catch((err: unknown) => {
      logger.error({ err }, 'could not write the access log: the read is refused');
      throw new ProblemError(503, 'DATABASE_UNAVAILABLE', 'The access log could not be written; retry later');
    });
  });
  const applications = new ApplicationGateway({
    client: temporal,
    db: deps.db,
    taskQueue: config.temporal.taskQueue,
    agencyTimeZone: config.agencyTimeZone,
    searchAttributes: config.temporal.mode !== 'sandbox',
    alertThresholds: config.alertThresholds,
    checkpointAfterDays: config.checkpointAfterDays,
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
    groupScope: (groupId, offices) => groups.scope(groupId, offices), // R-GRP-3
  });
  const notifications = new NotificationService({
    db: deps.db,
    job: new NotificationJob(deps.db, logger.child({ component: 'notifications' }), notificationJobConfig(config)),
    agencyTimeZone: config.agencyTimeZone,
    now: clock,
  });
  const ssn = new SsnProtector(config.piiKey);
  const participants = new ParticipantService(deps.db, ssn);
  // Duplicates wait for the first request's answer a little longer than that request may take.
  const idempotency = new IdempotencyStore(deps.db, {
    inFlightWaitMs: config.commandTimeoutMs + 5_000,
    ttlMs: config.idempotencyTtlDays * 86_400_000,
    onWriteError: (err, key) =>
      logger.error({ err, idempotencyKeyHash: idFromKey(key) }, 'could not store the answer of an idempotent request; a retry will re-run it'),
  });

  app.use(healthRouter({ ...deps, ...(watchdog ? { watchdog } : {}) }));
  app.use(docsRouter());
  app.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument);
  });

  // §11 R-ABUSE-1: keys older than IDEMPOTENCY_TTL_DAYS are purged daily (and once shortly after start).
  const purge = (): void => {
    idempotency.purgeExpired().then(
      (n) => n > 0 && logger.info({ purged: n }, 'expired idempotency keys purged'),
      (err: unknown) => logger.warn({ err }, 'could not purge expired idempotency keys'),
    );
  };
  const purgeTimers = [setTimeout(purge, 60_000), setInterval(purge, 86_400_000)];
  purgeTimers.forEach((t) => t.unref());

  // Routes declare their full paths (one spelling for Express and OpenAPI); identify/requireCaller guard /api/v1.
  const api = express.Router();
  participantRoutes(api, registry, participants, idempotency);
  activityCodeRoutes(api, registry, config.activityCatalog);
  const approvers = new BackdateApprovers((staffId) => directory.isSupervisor(staffId));
  const commands = { router: api, registry, applications, idempotency, approvers, catalog: config.activityCatalog };
  applicationRoutes({ ...commands, readModel });
  commandRoutes(commands);
  reportRoutes(api, registry, new TimelinessReportService(deps.db), new FederalReports(deps.db));
  planRoutes({
    ...commands,
    reads: new PlanReads({ db: deps.db, applications, agencyName: config.agencyName, agencyTimeZone: config.agencyTimeZone, now: clock }),
  });
  groupRoutes(api, registry, groups, idempotency);
  // R-IMP-1: legacy cases in, each a workflow started with its state (src/api/services/case-import.ts).
  importRoutes(
    api,
    registry,
    new CaseImport({
      client: temporal,
      db: deps.db,
      ssn,
      catalog: config.activityCatalog,
      taskQueue: config.temporal.taskQueue,
      agencyTimeZone: config.agencyTimeZone,
      searchAttributes: config.temporal.mode !== 'sandbox',
      alertThresholds: config.alertThresholds,
      checkpointAfterDays: config.checkpointAfterDays,
      followUpGraceDays: config.followUpGraceDays,
      now: clock,
      concurrency: config.importConcurrency,
      isSupervisor: (staffId) => directory.isSupervisor(staffId), // the staff directory, as for backdating approvers
      caseManagerCheck: (office, programs, staffId) => groups.assertCaseManager(office, programs, staffId), // R-GRP-2
    }),
  );
  notificationRoutes(api, registry, notifications);
  wageRecordRoutes(api, registry, new WageRecords(deps.db, ssn)); // §14 wage records
  accessLogRoutes(api, registry, accessLog, config.agencyTimeZone);
  if (sandbox) sandboxRoutes(api, registry, sandbox);
  // R-UI-1/R-UI-2: the staff console's configuration and the caller it shows in its header.
  consoleRoutes({ app, api, registry, config, participants, applications });
  app.use(api);
  // R-UI-1: the console's bundle at `/` and its deep links; the API's paths are never shadowed.
  app.use(consoleStatic());

  app.use(methodNotAllowed(registry));
  app.use((req, _res, next) => {
    next(new ProblemError(404, 'ROUTE_NOT_FOUND', `No route ${req.method} ${req.path}`));
  });
  app.use(errorMiddleware(logger, metrics));

  const openApiDocument = addLinks(
    new OpenApiGeneratorV31(registry.definitions).generateDocument({
      openapi: '3.1.0',
      info: {
        title: 'WIOA case lifecycle API',
        version: '1.0.0',
        description:
          'One durable Temporal workflow per WIOA application: exit clock, planned breaks, exclusionary exit and quarterly follow-ups. Errors are application/problem+json with a machine `code`.',
      },
      servers: [{ url: '/' }],
    }),
  );
  const drain = async (): Promise<void> => {
    purgeTimers.forEach((t) => clearTimeout(t));
    await Promise.all([idempotency.drain(), accessLog.drain()]);
  };
  return { app, metrics, openApiDocument, drain, ...(watchdog ? { watchdog } : {}) };
}
