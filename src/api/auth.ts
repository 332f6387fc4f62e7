/**
 * Who calls the API (§11 R-AUTH-1, R-AUTH-2): `Authorization: Bearer <token>` is a static token of
 * API_TOKENS or, with OIDC_ISSUER set, an OIDC access token (./oidc.ts). The caller is known before
 * anything else of the request is read: `identify` runs before the rate limit and before the body is
 * parsed, and only records the outcome; `requireCaller` then answers 401 for a request without one.
 */
import type { RequestHandler, Response } from 'express';
import { createHash } from 'node:crypto';
import type { ApiToken, OfficeScope, Role } from '../config';
import { ProblemError } from './problem';
import type { Actor } from '../workflows/application/contract';
import { looksLikeJwt } from './codec-auth';
import { InvalidTokenError, type OidcAuthenticator } from './oidc';

/** The authenticated caller: the actor the workflows record, plus the offices it may see (R-AUTH-2). */
export interface Caller extends Actor {
  offices: OfficeScope;
  via: 'token' | 'oidc';
}

declare module 'express-serve-static-core' {
  interface Request {
    /** The caller as the workflows record it (staff id and role only). */
    actor?: Actor;
    /** The caller with its office scope. */
    caller?: Caller;
    /** Why the request has no caller (answered by `requireCaller`). */
    authProblem?: ProblemError;
  }
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('base64');

export interface IdentifyOptions {
  tokens: ApiToken[];
  /** R-AUTH-1: OIDC access tokens (absent: static tokens only). */
  oidc?: OidcAuthenticator;
  /** R-AUTH-2: the staff directory hears of every OIDC caller (first and last seen). */
  seen?: (caller: Caller) => void | Promise<void>;
  /** Why a token was refused (logged; never answered). */
  onRefused?: (reason: string) => void;
}

/** Sets `req.caller` (and `req.actor`), or `req.authProblem`; never reads the body and never fails. */
export function identify(o: IdentifyOptions): RequestHandler {
  // Looked up by the token's hash: one map lookup, and nothing that compares the secret byte by byte.
  const byHash = new Map(o.tokens.map((t) => [sha256(t.token), t]));
  return (req, _res, next) => {
    const header = req.get('authorization');
    const match = header === undefined ? null : /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    if (!match?.[1]) {
      req.authProblem = new ProblemError(401, 'UNAUTHENTICATED', 'Send Authorization: Bearer <token>');
      next();
      return;
    }
    const presented = match[1];
    const found = byHash.get(sha256(presented));
    if (found) {
      req.caller = { staffId: found.staffId, role: found.role, offices: found.offices, via: 'token' };
      req.actor = { staffId: found.staffId, role: found.role };
      next();
      return;
    }
    if (!o.oidc || !looksLikeJwt(presented)) {
      o.onRefused?.('not a static token' + (o.oidc ? ' nor a JWT' : ''));
      req.authProblem = new InvalidTokenError('unknown token');
      next();
      return;
    }
    void (async () => {
      try {
        const id = await o.oidc!(presented);
        const caller: Caller = { staffId: id.staffId, role: id.role, offices: id.offices, via: 'oidc' };
        // The directory hears of the caller first (R-AUTH-2: known from the first call); a failed write
        // is the directory's to report, not a reason to refuse a valid token.
        await Promise.resolve(o.seen?.(caller)).catch(() => undefined);
        req.caller = caller;
        req.actor = { staffId: id.staffId, role: id.role };
      } catch (err) {
        req.authProblem = err instanceof ProblemError ? err : new InvalidTokenError(String(err));
      }
      next();
    })();
  };
}

/** `WWW-Authenticate` of a 401 (RFC 6750): `error="invalid_token"` when a token was presented. */
function setAuthenticateHeader(res: Response, problem: ProblemError, tokenPresented: boolean): void {
  if (problem.status === 401) res.setHeader('WWW-Authenticate', tokenPresented ? 'Bearer realm="wioa", error="invalid_token"' : 'Bearer realm="wioa"');
}

/** Answers 401 (or 403 NO_ROLE) for a request `identify` found no caller for. */
export function requireCaller(): RequestHandler {
  return (req, res, next) => {
    if (req.caller) {
      next();
      return;
    }
    const problem = req.authProblem ?? new ProblemError(401, 'UNAUTHENTICATED', 'Send Authorization: Bearer <token>');
    setAuthenticateHeader(res, problem, req.get('authorization') !== undefined);
    next(problem);
  };
}

/** Allows only the given roles; viewers are read-only. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    const role = req.caller?.role;
    if (!role || !roles.includes(role)) {
      next(new ProblemError(403, 'FORBIDDEN', `This action needs one of the roles: ${roles.join(', ')}`));
      return;
    }
    next();
  };
}

export const WRITE_ROLES: Role[] = ['staff', 'supervisor'];
export const READ_ROLES: Role[] = ['staff', 'supervisor', 'viewer'];

/** The caller as workflows record it: staff id and role, nothing else (offices never reach a history). */
export function actorOf(req: { caller?: Caller }): Actor {
  const c = callerOf(req);
  return { staffId: c.staffId, role: c.role };
}

/** The caller with its office scope. */
export function callerOf(req: { caller?: Caller }): Caller {
  if (!req.caller) throw new ProblemError(401, 'UNAUTHENTICATED', 'Not authenticated');
  return req.caller;
}

/** R-AUTH-2: whether the scope includes `office`. */
export const inScope = (offices: OfficeScope, office: string): boolean => offices === '*' || offices.includes(office);
