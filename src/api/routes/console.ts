/**
 * The staff console (SPEC §13): its public configuration, the signed-in caller as the API sees it, and
 * the static bundle built by Vite into web/dist, served at `/` of the API's own origin with a fallback
 * to index.html for the console's deep links (R-UI-1).
 */
import express, { type Express, type RequestHandler, type Router } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../project-root';
import type { Config } from '../../config';
import { DEV_API_TOKENS } from '../../config';
import { declareMethod, defineRoute } from '../route';
import { READ_ROLES } from '../auth';
import { z } from '../zod';
import type { ParticipantService } from '../services/participant-service';
import { notFound } from '../problem';
import type { ApplicationGateway } from '../services/application-gateway';
import { IdParams } from '../schemas';

/** Where `npm run build:console` (scripts/build-console.mjs) writes the console. */
export const CONSOLE_DIST_DIR = join(PROJECT_ROOT, 'web', 'dist');

/** Paths the API owns: never answered with the console's page, so unknown ones keep their 404 problem. */
const API_PREFIXES = ['/api', '/docs', '/openapi.json', '/health', '/metrics', '/codec', '/console'];

/** Where the console's silent renewal iframe lands (oidc-client-ts, when the issuer gives no refresh token). */
const SILENT_RENEW_PATH = '/auth/silent-callback';

const ConsoleConfigSchema = z
  .object({
    oidc: z
      .object({
        issuer: z.string(),
        clientId: z.string(),
        resource: z
          .string()
          .optional()
          .openapi({ description: 'An RFC 8707 resource indicator sent with the sign-in, when OIDC_AUDIENCE names an absolute URL' }),
      })
      .nullable(),
    production: z.boolean(),
    sandbox: z.boolean(),
    devIdentities: z.array(z.string()),
    agencyTimeZone: z.string().openapi({ description: "The agency's time zone: the console's 'today'" }),
  })
  .openapi('ConsoleConfig');

export type ConsoleConfig = z.infer<typeof ConsoleConfigSchema>;

/** What the console needs before anyone signs in (R-UI-2): public, it names no secret. */
export function consoleConfig(config: Config): ConsoleConfig {
  const production = config.nodeEnv === 'production';
  const oidc = config.oidc && config.consoleOidcClientId ? { issuer: config.oidc.issuer, clientId: config.consoleOidcClientId } : null;
  const resource = config.oidc?.audience.find((a) => /^https?:\/\//.test(a));
  // The development identities are the static tokens of the same names, which exist only when API_TOKENS is unset outside production.
  const devTokens = new Set(config.apiTokens.map((t) => t.token));
  const devIdentities = !production && !oidc ? DEV_API_TOKENS.map((t) => t.token).filter((t) => devTokens.has(t)) : [];
  return {
    oidc: oidc ? { ...oidc, ...(resource ? { resource } : {}) } : null,
    production,
    sandbox: config.temporal.mode === 'sandbox',
    devIdentities,
    agencyTimeZone: config.agencyTimeZone,
  };
}

/** The origin of the OIDC issuer the console talks to (its CSP's connect-src), or undefined. */
export function consoleOidcOrigin(config: Config): string | undefined {
  const oidc = consoleConfig(config).oidc;
  return oidc ? new URL(oidc.issuer).origin : undefined;
}

const ParticipantSummarySchema = z
  .object({
    id: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    pirlId: z.string(),
    ssnLast4: z.string().nullable().openapi({ description: 'R-PART-1: the last four digits only; the SSN is never returned' }),
    pseudoSsn: z.boolean(),
  })
  .openapi('ParticipantSummary');

export interface ConsoleRouteDeps {
  app: Express;
  api: Router;
  registry: OpenAPIRegistry;
  config: Config;
  participants: ParticipantService;
  applications: ApplicationGateway;
}

/**
 * `GET /console/config.json` (public), `GET /api/v1/me` (the caller) and
 * `GET /api/v1/applications/:id/participant` (the case page's header: name, PIRL id, SSN last four).
 */
export function consoleRoutes({ app, api, registry, config, participants, applications }: ConsoleRouteDeps): void {
  const body = consoleConfig(config);
  app.get('/console/config.json', (_req, res) => {
    res.set('Cache-Control', 'no-store').json(body);
  });
  declareMethod(registry, '/console/config.json', 'get');
  registry.registerPath({
    method: 'get',
    path: '/console/config.json',
    operationId: 'getConsoleConfig',
    summary: 'The staff console: how staff sign in (OIDC issuer and client id, or the development identities) and the mode (public)',
    tags: ['console'],
    security: [],
    responses: { 200: { description: 'The console configuration', content: { 'application/json': { schema: ConsoleConfigSchema } } } },
  });

  defineRoute(api, registry, {
    method: 'get',
    path: '/api/v1/me',
    summary: 'The signed-in caller: staff id, role and offices (R-UI-2: the console header)',
    tags: ['console'],
    roles: READ_ROLES,
    responses: {
      200: {
        description: 'The caller',
        schema: z
          .object({
            staffId: z.string(),
            role: z.enum(['staff', 'supervisor', 'viewer']),
            offices: z.array(z.string()).openapi({ description: "Office codes, or ['*'] for every office" }),
          })
          .openapi('Me'),
      },
    },
    errors: [],
    handler: async ({ caller }) => ({
      status: 200,
      body: { staffId: caller.staffId, role: caller.role, offices: caller.offices === '*' ? ['*'] : [...caller.offices] },
    }),
  });

  defineRoute(api, registry, {
    method: 'get',
    path: '/api/v1/applications/:id/participant',
    summary: "The application's participant: name, PIRL id and SSN last four (R-UI-4: the case page's header)",
    tags: ['applications'],
    roles: READ_ROLES,
    params: IdParams,
    responses: { 200: { description: 'The participant', schema: ParticipantSummarySchema } },
    errors: [404],
    handler: async ({ params, caller }) => {
      // R-AUTH-2 through the live view (as for the case itself: 404 outside the caller's offices), which
      // also names the participant of a case created a moment ago, before its row is projected.
      const view = await applications.get(params.id, caller);
      const participant = await participants.summary(view.participantId);
      if (!participant) throw notFound('application', params.id);
      return { status: 200, body: participant };
    },
  });
}

/** Whether a path is the API's own (never answered with the console's page). */
export const isApiPath = (path: string): boolean => API_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`));

/**
 * The built console: its hashed assets (cached for a year), and index.html for any other page a browser
 * navigates to (a deep link such as `/cases/<id>` reloads to the same page). Requests that do not ask for
 * HTML, and every path the API owns, fall through to the API's own answers (404 problem for unknown ones).
 */
export function consoleStatic(distDir = CONSOLE_DIST_DIR): RequestHandler[] {
  const index = join(distDir, 'index.html');
  const assets = express.static(distDir, {
    index: false,
    fallthrough: true,
    setHeaders: (res, path) => {
      res.setHeader('Cache-Control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const page: RequestHandler = (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApiPath(req.path) || !(req.headers.accept ?? '').includes('text/html')) {
      next();
      return;
    }
    if (!existsSync(index)) {
      res.status(503).type('text/plain').send('The staff console is not built: run `npm run build:console` (npm install and npm start build it).\n');
      return;
    }
    if (req.path === SILENT_RENEW_PATH) {
      // The silent renewal page runs in an iframe of the console itself: this page only may be framed, by this origin only.
      const csp = String(res.getHeader('Content-Security-Policy') ?? '');
      res.setHeader('Content-Security-Policy', csp.replace("frame-ancestors 'none'", "frame-ancestors 'self'"));
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  };
  return [(req, res, next) => (isApiPath(req.path) ? next() : assets(req, res, next)), page];
}
