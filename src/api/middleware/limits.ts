/**
 * §11 R-ABUSE-1: what keeps one caller or one request from taking the service down: a rate limit per
 * caller, a bound on how deeply a JSON body may nest (checked on the raw bytes, before parsing), and the
 * standard security headers.
 */
import express, { type RequestHandler } from 'express';
import helmet from 'helmet';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { ProblemError } from '../problem';

/** R-ABUSE-1: JSON nested deeper than this is refused (400 INVALID_BODY). */
const MAX_JSON_DEPTH = 64;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The deepest nesting of `[`/`{` outside strings in a JSON text (one pass over the bytes, no recursion). */
function jsonDepthExceeds(buf: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
      if (depth > max) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return false;
}

/** The error body-parser reports for a body refused before it is parsed. */
class TooDeepError extends Error {
  readonly status = 400;
  readonly type = 'entity.too.deep';
}

/** `express.json` with the nesting bound (the body is checked before JSON.parse sees it). */
export function jsonBody(limit: string): RequestHandler {
  return express.json({
    limit,
    verify: (_req, _res, buf) => {
      if (jsonDepthExceeds(buf, MAX_JSON_DEPTH)) throw new TooDeepError(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
    },
  });
}

/**
 * R-ABUSE-1: `perMinute` requests per caller and minute: the authenticated staff id, else the client
 * address (`/health` is exempt). The count is kept in this process: with several API replicas behind a
 * load balancer each counts on its own (docs/deployment.md). 0 = no limit.
 */
export function callerRateLimit(perMinute: number): RequestHandler {
  if (perMinute === 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skip: (req) => req.path === '/health',
    keyGenerator: (req) => (req.caller ? `staff:${req.caller.staffId}` : `ip:${ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown')}`),
    handler: (_req, _res, next) => {
      next(new ProblemError(429, 'RATE_LIMITED', `More than ${perMinute} requests in a minute: retry after the time Retry-After names`));
    },
  });
}

/**
 * The standard security headers (helmet) on every answer. The API docs page (/docs) loads Swagger UI's
 * own scripts and styles from this origin and uses inline styles, which the policy allows. The staff
 * console (R-UI-1) runs under the same policy: scripts from this origin only (no inline script, no
 * eval), and it talks to this origin and, when staff sign in through OIDC, to the issuer (`oidcOrigin`:
 * discovery, token and refresh requests, and the silent renewal iframe when the issuer gives no refresh token).
 */
export function securityHeaders(opts: { oidcOrigin?: string } = {}): RequestHandler {
  const issuer = opts.oidcOrigin ? [opts.oidcOrigin] : [];
  return helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", ...issuer],
        frameSrc: ["'self'", ...issuer],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
    // Swagger UI and the codec's browser callers (the Temporal UI) are cross-origin readers of JSON only.
    crossOriginResourcePolicy: { policy: 'same-site' },
  });
}
