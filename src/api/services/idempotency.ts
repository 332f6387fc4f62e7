import { createHash, randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../db/client';
import { ProblemError } from '../problem';
import type { RouteResult } from '../route';

/** Canonical JSON (sorted keys) so the same body always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export interface IdempotentRequest {
  /** Scoped key: the caller's staff id + the Idempotency-Key header (or a generated one). */
  key: string;
  /** True when the client sent an Idempotency-Key (a retry can come). */
  clientSupplied: boolean;
}

/** A short stable id derived from an idempotency key (e.g. for the application id of a create). */
export const idFromKey = (key: string): string => {
  const h = createHash('sha256').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/**
 * The API's Idempotency-Key handling: the key becomes the Workflow Update id (so Temporal dedupes
 * the effect) and the first successful answer is stored, so a retried request returns the same
 * answer; the same key with another method, path or body is a 409.
 */
export class IdempotencyStore {
  constructor(private readonly db: Db) {}

  requestKey(req: Request, staffId: string): IdempotentRequest {
    const header = req.get('idempotency-key');
    if (header !== undefined && (header.trim() === '' || header.length > 200)) {
      throw new ProblemError(400, 'INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1 to 200 characters');
    }
    return { key: `${staffId}:${header?.trim() ?? randomUUID()}`, clientSupplied: header !== undefined };
  }

  /** Runs `fn` once per key: a replay returns the stored answer. */
  async run(req: Request, idem: IdempotentRequest, fn: () => Promise<RouteResult>): Promise<RouteResult> {
    const bodyHash = createHash('sha256').update(canonical(req.body ?? null)).digest('hex');
    const path = req.originalUrl.split('?')[0] ?? req.originalUrl;
    if (idem.clientSupplied) {
      const stored = await this.db.idempotencyKey.findUnique({ where: { key: idem.key } });
      if (stored) {
        if (stored.method !== req.method || stored.path !== path || stored.bodyHash !== bodyHash) {
          throw new ProblemError(409, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request');
        }
        return { status: stored.statusCode, body: stored.responseBody };
      }
    }
    const result = await fn();
    if (idem.clientSupplied) {
      try {
        await this.db.idempotencyKey.create({
          data: {
            key: idem.key,
            method: req.method,
            path,
            bodyHash,
            statusCode: result.status,
            responseBody: result.body as Prisma.InputJsonValue,
          },
        });
      } catch (err) {
        // A concurrent retry stored it first: same key → same effect (Temporal deduped it).
        if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')) throw err;
      }
    }
    return result;
  }
}
