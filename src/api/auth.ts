import type { RequestHandler } from 'express';
import { timingSafeEqual } from 'node:crypto';
import type { ApiToken, Role } from '../config';
import { ProblemError } from './problem';
import type { Actor } from '../workflows/application/contract';

declare module 'express-serve-static-core' {
  interface Request {
    actor?: Actor;
  }
}

function sameToken(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** `Authorization: Bearer <token>` → `req.actor` (SPEC §5). */
export function authenticate(tokens: ApiToken[]): RequestHandler {
  return (req, _res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) {
      next(new ProblemError(401, 'UNAUTHENTICATED', 'Send Authorization: Bearer <token>'));
      return;
    }
    const presented = match[1];
    const found = tokens.find((t) => sameToken(t.token, presented));
    if (!found) {
      next(new ProblemError(401, 'UNAUTHENTICATED', 'The bearer token is not valid'));
      return;
    }
    req.actor = { staffId: found.staffId, role: found.role };
    next();
  };
}

/** Allows only the given roles; viewers are read-only. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    const role = req.actor?.role;
    if (!role || !roles.includes(role)) {
      next(new ProblemError(403, 'FORBIDDEN', `This action needs one of the roles: ${roles.join(', ')}`));
      return;
    }
    next();
  };
}

export const WRITE_ROLES: Role[] = ['staff', 'supervisor'];
export const READ_ROLES: Role[] = ['staff', 'supervisor', 'viewer'];

export function actorOf(req: { actor?: Actor }): Actor {
  if (!req.actor) throw new ProblemError(401, 'UNAUTHENTICATED', 'Not authenticated');
  return req.actor;
}
