/**
 * Idempotency-Key handling of the API's writes (HTTP, per request): the key is validated and scoped to the
 * caller, becomes the Workflow Update id, and the first answer is stored in PostgreSQL so a retry gets it
 * again. Used by every write route (route.ts documents the header with IDEMPOTENCY_KEY_PATTERN).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { type Db, sqlExecute } from '../../db/client';
import { ProblemError } from '../problem';
import type { RouteResult } from '../route';
import { canonicalJson } from '../../canonical-json';

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
 * An Idempotency-Key: visible ASCII, spaces only inside (HTTP strips surrounding whitespace anyway).
 * The OpenAPI document states the same pattern (route.ts).
 */
export const IDEMPOTENCY_KEY_PATTERN = '^[!-~]([ -~]*[!-~])?$';
const IDEMPOTENCY_KEY_RE = new RegExp(IDEMPOTENCY_KEY_PATTERN);

/** `statusCode` of a key whose first request is still running (a reservation, not an answer). */
const PENDING = 0;

export interface IdempotencyOptions {
  /** How long a concurrent request with the same key waits for the first one's answer (ms). */
  inFlightWaitMs?: number;
  /** A reservation older than this is taken over (its request died without answering) (ms). */
  staleAfterMs?: number;
  /**
   * An answer could not be stored (database unreachable). The key stays reserved; a retry takes it over
   * after `staleAfterMs` and Temporal dedupes the repeated Update by its id.
   */
  onWriteError?: (err: unknown, key: string) => void;
  /**
   * §11 R-ABUSE-1: how long a key is honoured (IDEMPOTENCY_TTL_DAYS; default 30 days). An older key is
   * a new key: its stored answer is dropped when it comes again, and `purgeExpired` (daily) deletes it.
   */
  ttlMs?: number;
}

/** Default lifetime of an Idempotency-Key (IDEMPOTENCY_TTL_DAYS). */
const DEFAULT_IDEMPOTENCY_TTL_DAYS = 30;

/**
 * The API's Idempotency-Key handling: the key becomes the Workflow Update id (so Temporal dedupes
 * the effect) and the first successful answer is stored, so a retried request returns the same
 * answer; the same key with another method, path or body is a 409.
 *
 * Concurrent requests with the same key race for a reservation row: the winner runs the request,
 * the others wait for its stored answer (or get a 409 when their body differs). Effects that Temporal
 * does not dedupe (creating a participant) therefore happen once per key even under a burst of retries.
 */
export class IdempotencyStore {
  private readonly inFlightWaitMs: number;
  private readonly staleAfterMs: number;
  private readonly onWriteError: (err: unknown, key: string) => void;
  private readonly ttlMs: number;
  private readonly writing = new Set<Promise<void>>();

  constructor(
    private readonly db: Db,
    opts: IdempotencyOptions = {},
  ) {
    this.inFlightWaitMs = opts.inFlightWaitMs ?? 30_000;
    this.staleAfterMs = opts.staleAfterMs ?? 2 * this.inFlightWaitMs;
    this.onWriteError = opts.onWriteError ?? (() => undefined);
    this.ttlMs = opts.ttlMs ?? DEFAULT_IDEMPOTENCY_TTL_DAYS * 86_400_000;
  }

  /** R-ABUSE-1: deletes the keys older than the TTL (run daily); returns how many. */
  async purgeExpired(now = Date.now()): Promise<number> {
    return sqlExecute(this.db, 'DELETE FROM idempotency_keys WHERE created_at < $1', [new Date(now - this.ttlMs)]);
  }

  requestKey(req: Request, staffId: string): IdempotentRequest {
    const header = req.get('idempotency-key');
    if (header !== undefined && (!IDEMPOTENCY_KEY_RE.test(header) || header.length > 200)) {
      throw new ProblemError(400, 'INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1 to 200 visible ASCII characters (inner spaces allowed)');
    }
    return { key: `${staffId}:${header?.trim() ?? randomUUID()}`, clientSupplied: header !== undefined };
  }

  /** Runs `fn` once per key: a replay (or a concurrent duplicate) returns the stored answer. */
  async run(req: Request, idem: IdempotentRequest, fn: () => Promise<RouteResult>): Promise<RouteResult> {
    if (!idem.clientSupplied) return fn();
    const request = {
      method: req.method,
      path: req.originalUrl.split('?')[0] ?? req.originalUrl,
      bodyHash: createHash('sha256')
        .update(canonicalJson(req.body ?? null))
        .digest('hex'),
    };
    const stored = await this.reserve(idem.key, request);
    if (stored) return stored;
    let result: RouteResult;
    try {
      result = await fn();
    } catch (err) {
      // No answer to keep: free the key so a retry runs again (Temporal still dedupes by update id).
      await this.db.idempotencyKey.deleteMany({ where: { key: idem.key, statusCode: PENDING } }).catch(() => undefined);
      throw err;
    }
    // The answer is stored while it is being sent: the effect is already durable in Temporal, and a
    // retry that arrives first waits for it like any concurrent duplicate. Saves a database round
    // trip on every command (bench:api). `drain()` (API shutdown) waits for answers still being written.
    // Raw SQL on the two statements every keyed command runs (this and the reservation), on the pg
    // pool itself: Prisma's model queries, and its raw calls, cost the API process more CPU than the
    // rest of a command (bench:api, issue 18).
    const write = sqlExecute(this.db, `UPDATE idempotency_keys SET status_code = $2, response_body = $3::jsonb WHERE key = $1 AND status_code = ${PENDING}`, [
      idem.key,
      result.status,
      JSON.stringify(result.body ?? null),
    ])
      .then(
        () => undefined,
        (err: unknown) => this.onWriteError(err, idem.key),
      )
      .finally(() => this.writing.delete(write));
    this.writing.add(write);
    return result;
  }

  /** Resolves once every answer being stored is written (call before closing the database pool). */
  async drain(): Promise<void> {
    while (this.writing.size > 0) await Promise.all([...this.writing]);
  }

  /**
   * Reserves the key for this request (returns undefined: go ahead), or returns the answer stored by
   * an earlier request with the same key, waiting while that request is still running.
   */
  private async reserve(key: string, request: { method: string; path: string; bodyHash: string }): Promise<RouteResult | undefined> {
    const deadline = Date.now() + this.inFlightWaitMs;
    for (let wait = 20; ; wait = Math.min(wait * 2, 250)) {
      const reserved = await sqlExecute(
        this.db,
        `INSERT INTO idempotency_keys (key, method, path, body_hash, status_code, response_body) VALUES ($1, $2, $3, $4, ${PENDING}, '{}') ON CONFLICT (key) DO NOTHING`,
        [key, request.method, request.path, request.bodyHash],
      );
      if (reserved === 1) return undefined;
      const stored = await this.db.idempotencyKey.findUnique({ where: { key } });
      if (!stored) continue; // the holder failed and freed it: try again
      if (stored.statusCode !== PENDING && Date.now() - stored.createdAt.getTime() > this.ttlMs) {
        // R-ABUSE-1: an expired key is a new key (the daily purge had not reached it yet).
        await this.db.idempotencyKey.deleteMany({ where: { key, createdAt: stored.createdAt } });
        continue;
      }
      if (stored.method !== request.method || stored.path !== request.path || stored.bodyHash !== request.bodyHash) {
        throw new ProblemError(409, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request');
      }
      if (stored.statusCode !== PENDING) return { status: stored.statusCode, body: stored.responseBody };
      if (Date.now() - stored.createdAt.getTime() > this.staleAfterMs) {
        // Its request died without answering (e.g. the API process was killed): take the key over.
        const taken = await this.db.idempotencyKey.updateMany({
          where: { key, statusCode: PENDING, createdAt: stored.createdAt },
          data: { createdAt: new Date() },
        });
        if (taken.count === 1) return undefined;
        continue;
      }
      if (Date.now() > deadline) {
        throw new ProblemError(409, 'IDEMPOTENCY_KEY_IN_USE', 'A request with this Idempotency-Key is still being processed; retry later');
      }
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
