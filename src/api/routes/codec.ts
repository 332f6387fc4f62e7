/**
 * Codec server for operators: the Temporal Web UI ("Codec Server" setting / TEMPORAL_CODEC_ENDPOINT) and
 * the CLI (`--codec-endpoint … --codec-auth 'Bearer …'`) POST payloads to `/codec/decode` (and
 * `/codec/encode`) to read encrypted histories. Only a bearer token from CODEC_TOKENS is accepted; browsers
 * only from CODEC_CORS_ORIGINS (the UI's origin); only this service's namespace. Each call is logged with
 * the payload count, never the content.
 */
import express, { type Router } from 'express';
import cors from 'cors';
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Payload, PayloadCodec } from '@temporalio/common';
import type { Logger } from '../../logger';
import { ProblemError } from '../problem';
import type { ApiMetrics } from '../metrics';

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
  tokens: string[];
  corsOrigins: string[];
  namespace: string;
  logger: Logger;
  metrics: ApiMetrics;
}

/** A short fingerprint naming which token was used, for the audit log (never the token itself). */
const fingerprint = (token: string): string => createHash('sha256').update(token).digest('hex').slice(0, 8);

export function codecRouter(o: CodecServerOptions): Router {
  const router = express.Router();
  const tokens = o.tokens.map((t) => Buffer.from(t));
  router.use(
    '/codec',
    (req, _res, next) => {
      const origin = req.get('origin');
      if (origin && !o.corsOrigins.includes(origin)) {
        next(new ProblemError(403, 'CODEC_ORIGIN_NOT_ALLOWED', `Origin ${origin} is not in CODEC_CORS_ORIGINS`));
        return;
      }
      next();
    },
    cors({
      origin: o.corsOrigins,
      methods: ['POST'],
      allowedHeaders: ['content-type', 'x-namespace', 'authorization'],
      credentials: true,
      maxAge: 600,
    }),
  );
  router.post('/codec/:operation', express.json({ limit: '8mb' }), async (req, res, next) => {
    const operation = req.params.operation;
    try {
      if (operation !== 'decode' && operation !== 'encode') {
        throw new ProblemError(404, 'ROUTE_NOT_FOUND', 'The codec server has /codec/decode and /codec/encode');
      }
      if (tokens.length === 0) {
        throw new ProblemError(404, 'CODEC_SERVER_DISABLED', 'The codec server is off: set CODEC_TOKENS to enable it');
      }
      const presented = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '')?.[1];
      if (!presented) throw new ProblemError(401, 'UNAUTHENTICATED', 'Send Authorization: Bearer <codec token>');
      const candidate = Buffer.from(presented);
      if (!tokens.some((t) => t.length === candidate.length && timingSafeEqual(t, candidate))) {
        throw new ProblemError(403, 'FORBIDDEN', 'This token may not use the codec server');
      }
      const namespace = req.get('x-namespace');
      if (namespace && namespace !== o.namespace) {
        throw new ProblemError(403, 'FORBIDDEN', `This codec server serves namespace ${o.namespace} only`);
      }
      const parsed = WirePayloads.parse(req.body);
      let payloads = parsed.payloads.map(fromWire);
      if (operation === 'decode') {
        for (const codec of [...o.codecs].reverse()) payloads = await codec.decode(payloads);
      } else {
        for (const codec of o.codecs) payloads = await codec.encode(payloads);
      }
      o.metrics.codecRequests.inc({ operation, outcome: 'ok' });
      o.logger.info({ operation, payloads: payloads.length, namespace, token: fingerprint(presented), requestId: req.id }, 'codec request');
      res.json({ payloads: payloads.map(toWire) });
    } catch (err) {
      o.metrics.codecRequests.inc({ operation, outcome: 'error' });
      if (err instanceof Error && err.name === 'ValueError') {
        next(new ProblemError(422, 'PAYLOAD_UNDECODABLE', err.message));
        return;
      }
      next(err);
    }
  });
  return router;
}
