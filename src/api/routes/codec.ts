/**
 * Codec server for operators: the Temporal Web UI (`--ui-codec-endpoint` / TEMPORAL_CODEC_ENDPOINT) and
 * the CLI (`--codec-endpoint … --codec-auth 'Bearer …'`) POST payloads to `/codec/decode` (and
 * `/codec/encode`) to read encrypted histories (R-OPS-1). Who may call it:
 * - a static bearer token from CODEC_TOKENS (operators' CLI): decode and encode;
 * - an OIDC access token the UI passes ("pass access token"), verified against the IdP's JWKS
 *   (src/api/codec-auth.ts): decode with a CODEC_OIDC_DECODE_GROUPS group, encode with an ENCODE one;
 * - outside production, with the API on loopback: the local Temporal UI's origin without a token
 *   (`npm start` wires the dev server's UI to this route; CODEC_ALLOW_LOOPBACK_UI_WITHOUT_TOKEN).
 * Browsers only from CODEC_CORS_ORIGINS; only this service's namespace. Every call and every refusal is
 * logged with a token fingerprint and the payload count, never the token or the content.
 */
import express, { type Request, type RequestHandler, type Router } from 'express';
import { jsonBody } from '../middleware/limits';
import cors from 'cors';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Payload, PayloadCodec } from '@temporalio/common';
import type { Logger } from '../../logger';
import type { CodecOidcConfig } from '../../config';
import { ProblemError } from '../problem';
import type { ApiMetrics } from '../metrics';
import { type CodecGrant, fingerprint, looksLikeJwt, oidcVerifier } from '../codec-auth';

const WirePayloads = z.object({
  payloads: z
    .array(
      z.object({
        metadata: z.record(z.string(), z.base64()).optional(),
        data: z.base64().optional(),
      }),
    )
    .max(10_000)
    .nullish()
    .transform((p) => p ?? []), // the CLI sends {} when a call has no payloads
});
type WirePayload = z.infer<typeof WirePayloads>['payloads'][number];

const fromWire = (p: WirePayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});
const toWire = (p: Payload): WirePayload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')])),
  data: Buffer.from(p.data ?? []).toString('base64'),
});

export interface CodecServerOptions {
  /** The service's payload codecs (empty when PAYLOAD_ENCRYPTION=false: payloads pass through). */
  codecs: PayloadCodec[];
  /** Static bearer tokens (CLI): decode and encode. */
  tokens: string[];
  corsOrigins: string[];
  /** Access-Control-Allow-Credentials (a UI that includes cross-origin credentials). Default false. */
  corsCredentials?: boolean;
  /** Origins of the local Temporal UI whose calls from loopback need no token (never in production). */
  loopbackUiOrigins?: string[];
  oidc?: CodecOidcConfig;
  namespace: string;
  logger: Logger;
  metrics: ApiMetrics;
}

const LOOPBACK_PEERS = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function codecRouter(o: CodecServerOptions): Router {
  const router = express.Router();
  const tokens = o.tokens.map((t) => Buffer.from(t));
  const verifyOidc = o.oidc ? oidcVerifier(o.oidc) : undefined;
  const loopbackUi = new Set(o.loopbackUiOrigins ?? []);
  const enabled = tokens.length > 0 || verifyOidc !== undefined || loopbackUi.size > 0;
  const presentedToken = (req: Request): string | undefined => /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '')?.[1];

  /** Refusals are logged here (status, code, token fingerprint, origin), then answered as problem+json. */
  const refuse = (req: Request, operation: string, err: ProblemError): ProblemError => {
    const token = presentedToken(req);
    o.logger.warn(
      { operation, status: err.status, code: err.code, token: token ? fingerprint(token) : null, origin: req.get('origin') ?? null, requestId: req.id },
      'codec request refused',
    );
    return err;
  };

  async function authorize(req: Request): Promise<CodecGrant> {
    const token = presentedToken(req);
    if (!token) {
      const origin = req.get('origin');
      if (origin && loopbackUi.has(origin) && LOOPBACK_PEERS.has(req.socket.remoteAddress ?? '')) {
        return { via: 'loopback-ui', operations: new Set(['decode', 'encode']) };
      }
      throw new ProblemError(
        401,
        'UNAUTHENTICATED',
        verifyOidc
          ? 'Send Authorization: Bearer <codec token or OIDC access token> (Temporal UI: enable "pass access token" with SSO)'
          : 'Send Authorization: Bearer <codec token>',
      );
    }
    const candidate = Buffer.from(token);
    if (tokens.some((t) => t.length === candidate.length && timingSafeEqual(t, candidate))) {
      return { via: 'static-token', operations: new Set(['decode', 'encode']), token: fingerprint(token) };
    }
    if (verifyOidc && looksLikeJwt(token)) return verifyOidc(token);
    throw new ProblemError(403, 'FORBIDDEN', 'This token may not use the codec server');
  }

  router.use(
    '/codec',
    (req, _res, next) => {
      const origin = req.get('origin');
      if (origin && !o.corsOrigins.includes(origin)) {
        next(refuse(req, req.method, new ProblemError(403, 'CODEC_ORIGIN_NOT_ALLOWED', `Origin ${origin} is not in CODEC_CORS_ORIGINS`)));
        return;
      }
      next();
    },
    cors({
      origin: o.corsOrigins,
      methods: ['POST'],
      allowedHeaders: ['content-type', 'x-namespace', 'authorization'],
      credentials: o.corsCredentials ?? false,
      maxAge: 600,
    }),
  );
  // §11 R-ABUSE-1: the caller is authorized before the body is read (an unauthorized 8 MB body is never parsed).
  const authorizeFirst: RequestHandler = async (req, res, next) => {
    const operation = req.params.operation as string;
    try {
      if (operation !== 'decode' && operation !== 'encode') {
        throw new ProblemError(404, 'ROUTE_NOT_FOUND', 'The codec server has /codec/decode and /codec/encode');
      }
      if (!enabled) {
        throw new ProblemError(404, 'CODEC_SERVER_DISABLED', 'The codec server is off: set CODEC_TOKENS or CODEC_OIDC_* to enable it');
      }
      const grant = await authorize(req);
      if (!grant.operations.has(operation)) {
        throw new ProblemError(403, 'CODEC_ENCODE_FORBIDDEN', `This token may decode but not ${operation}: it needs a CODEC_OIDC_ENCODE_GROUPS group`);
      }
      res.locals.codecGrant = grant;
      next();
    } catch (err) {
      o.metrics.codecRequests.inc({ operation, outcome: 'error' });
      next(err instanceof ProblemError && (err.status === 401 || err.status === 403) ? refuse(req, operation, err) : err);
    }
  };
  router.post('/codec/:operation', authorizeFirst, jsonBody('8mb'), async (req, res, next) => {
    const operation = req.params.operation as 'decode' | 'encode';
    const grant = res.locals.codecGrant as CodecGrant;
    try {
      const namespace = req.get('x-namespace');
      if (namespace && namespace !== o.namespace) {
        throw new ProblemError(403, 'CODEC_NAMESPACE_NOT_SERVED', `This codec server serves namespace ${o.namespace} only`);
      }
      const parsed = WirePayloads.parse(req.body);
      let payloads = parsed.payloads.map(fromWire);
      if (operation === 'decode') {
        for (const codec of [...o.codecs].reverse()) payloads = await codec.decode(payloads);
      } else {
        for (const codec of o.codecs) payloads = await codec.encode(payloads);
      }
      o.metrics.codecRequests.inc({ operation, outcome: 'ok' });
      o.logger.info({ operation, payloads: payloads.length, namespace, via: grant.via, token: grant.token ?? null, requestId: req.id }, 'codec request');
      res.json({ payloads: payloads.map(toWire) });
    } catch (err) {
      o.metrics.codecRequests.inc({ operation, outcome: 'error' });
      if (err instanceof Error && err.name === 'ValueError') {
        next(new ProblemError(422, 'PAYLOAD_UNDECODABLE', err.message));
        return;
      }
      next(err instanceof ProblemError && (err.status === 401 || err.status === 403) ? refuse(req, operation, err) : err);
    }
  });
  return router;
}
