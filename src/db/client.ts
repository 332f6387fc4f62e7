/**
 * Prisma Client 7 over @prisma/adapter-pg (no native query engine).
 *
 *   const prisma = createPrismaClient(process.env.DATABASE_URL);
 *   ...
 *   await prisma.$disconnect(); // closes the pg pool
 *
 * A `?schema=x` URL parameter makes the client use that PostgreSQL schema instead of `public`.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import { PassThrough, type Readable } from 'node:stream';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';

import { PrismaClient } from '../generated/prisma/client';
import { parseDatabaseUrl, resolveDatabaseUrl, searchPathOption } from './url';

export { Prisma, PrismaClient } from '../generated/prisma/client';
export type * from '../generated/prisma/client';

export interface CreatePrismaClientOptions {
  /** Max pool connections (pg default 10). */
  maxConnections?: number;
  /** Prisma log levels, e.g. ['warn', 'error'] or ['query'] when debugging. */
  log?: Array<'info' | 'query' | 'warn' | 'error'>;
  /** Called for errors of idle pooled connections (default: ignored; the pool replaces them). */
  onPoolError?: (err: Error) => void;
}

export function createPrismaClient(databaseUrl: string = resolveDatabaseUrl(), options: CreatePrismaClientOptions = {}): PrismaClient {
  const { connectionString, schema } = parseDatabaseUrl(databaseUrl);
  // The pool is ours (Prisma ends it on $disconnect), so the few hot statements can skip the ORM: sqlRows / sqlExecute.
  const pool = new pg.Pool({
    connectionString,
    ...searchPathOption(schema),
    ...(options.maxConnections !== undefined ? { max: options.maxConnections } : {}),
    application_name: 'wioa-case-lifecycle',
  });
  // Idle connections that drop are replaced, not fatal: reported once, from the pool's own listener
  // (given to the adapter as well, it would report each error twice once Prisma has connected).
  pool.on('error', options.onPoolError ?? (() => undefined));
  const adapter = new PrismaPg(pool, { ...(schema ? { schema } : {}), disposeExternalPool: true });
  const client = new PrismaClient({ adapter, ...(options.log ? { log: options.log } : {}) });
  // Prisma ends the pool on $disconnect only if it has connected (it connects on its first query): a
  // client that only ever ran sqlRows/sqlExecute would keep the pool open. Connecting first makes
  // $disconnect end it either way; a later Prisma query reconnects with a pool of its own.
  const connect = client.$connect.bind(client);
  const disconnect = client.$disconnect.bind(client);
  client.$disconnect = async () => {
    await connect();
    await disconnect();
  };
  pools.set(client, pool);
  return client;
}

const pools = new WeakMap<PrismaClient, pg.Pool>();

/** The client's pg pool while it is open (after $disconnect Prisma has ended it). */
function openPool(db: PrismaClient): pg.Pool | undefined {
  const pool = pools.get(db);
  return pool && !pool.ended ? pool : undefined;
}

/**
 * One SQL statement with positional parameters ($1 …) straight on the client's pg pool, for the hot
 * paths that need no ORM (the projection's one statement, the idempotency key's two): Prisma's raw
 * calls cost several times the statement itself in CPU (bench:api, issue 18). Falls back to Prisma's
 * raw query on a client it did not create here.
 */
export async function sqlRows<T extends Record<string, unknown>>(db: PrismaClient, text: string, params: unknown[]): Promise<T[]> {
  const pool = openPool(db);
  if (!pool) return db.$queryRawUnsafe<T[]>(text, ...params);
  return (await pool.query<T>(text, params)).rows;
}

/**
 * As sqlRows, with PostgreSQL's JIT compiler off for the statement (a transaction with `SET LOCAL`).
 * For one-off analytical statements over many rows (the §10 reports): their estimated cost makes
 * PostgreSQL compile them, which took 0.85 s of a 1.05 s report at 100,000 periods (bench:reports).
 */
export async function sqlRowsNoJit<T extends Record<string, unknown>>(db: PrismaClient, text: string, params: unknown[]): Promise<T[]> {
  const pool = openPool(db);
  if (!pool) return db.$queryRawUnsafe<T[]>(text, ...params);
  const client = await pool.connect();
  try {
    await client.query('BEGIN READ ONLY');
    await client.query('SET LOCAL jit = off');
    const rows = (await client.query<T>(text, params)).rows;
    await client.query('COMMIT');
    return rows;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** As sqlRows, for a statement whose row count is the answer (INSERT, UPDATE, DELETE). */
export async function sqlExecute(db: PrismaClient, text: string, params: unknown[]): Promise<number> {
  const pool = openPool(db);
  if (!pool) return db.$executeRawUnsafe(text, ...params);
  return (await pool.query(text, params)).rowCount ?? 0;
}

/**
 * `COPY (…) TO STDOUT` on a connection of the client's pool, as a stream that starts with `prefix`
 * (e.g. a CSV header). The connection returns to the pool when the stream ends, fails or is destroyed
 * (a client that goes away mid-download). Memory stays flat: rows flow as PostgreSQL sends them.
 */
export function sqlCopyOut(db: PrismaClient, copySql: string, prefix = ''): Readable {
  const out = new PassThrough();
  const pool = openPool(db);
  if (!pool) {
    out.destroy(new Error('sqlCopyOut needs a client made by createPrismaClient'));
    return out;
  }
  if (prefix) out.write(prefix);
  void pool.connect().then(
    (client) => {
      let released = false;
      const release = (err?: Error) => {
        if (released) return;
        released = true;
        client.release(err);
      };
      // JIT off for the session's statement (see sqlRowsNoJit); reset before the connection is reused.
      void client.query('SET jit = off').catch(() => undefined);
      const copy = client.query(copyTo(copySql));
      copy.on('error', (err: Error) => {
        release(err);
        out.destroy(err);
      });
      copy.on('end', () => {
        client.query('RESET jit').then(
          () => release(),
          (err: Error) => release(err),
        );
      });
      out.on('close', () => {
        if (!released) {
          copy.destroy();
          release(new Error('the reader went away'));
        }
      });
      copy.pipe(out);
    },
    (err: Error) => out.destroy(err),
  );
  return out;
}

/** One statement of {@link sqlTransaction}: rows and row count. */
export type SqlQuery = (text: string, params: unknown[]) => Promise<{ rows: Record<string, unknown>[]; rowCount: number }>;

/**
 * `fn` inside one transaction on one connection of the client's pool: COMMIT when it resolves, ROLLBACK
 * when it throws (the import's per-case transaction, held open while the case's workflow starts). Falls
 * back to a Prisma interactive transaction on a client it did not create here.
 */
export async function sqlTransaction<T>(db: PrismaClient, fn: (query: SqlQuery) => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const pool = openPool(db);
  if (!pool) {
    return db.$transaction(
      (tx) =>
        fn(async (text, params) => {
          const rows = await tx.$queryRawUnsafe<Record<string, unknown>[]>(text, ...params);
          return { rows, rowCount: rows.length };
        }),
      { timeout: timeoutMs },
    );
  }
  const client = await pool.connect();
  let broken: unknown;
  try {
    await client.query('BEGIN');
    const result = await fn(async (text, params) => {
      const r = await client.query(text, params);
      return { rows: r.rows as Record<string, unknown>[], rowCount: r.rowCount ?? 0 };
    });
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch((rollbackErr: unknown) => (broken = rollbackErr));
    throw err;
  } finally {
    client.release(broken instanceof Error ? broken : undefined);
  }
}

/** The database handle the rest of the service passes around. */
export type Db = PrismaClient;

/** Alias of createPrismaClient (the name the API, worker and start command use). */
export const createDb = (databaseUrl: string = resolveDatabaseUrl(), options: CreatePrismaClientOptions = {}): Db => createPrismaClient(databaseUrl, options);

/**
 * `fn` with one connection of the client's pool to itself (a COPY FROM STDIN inside a transaction that
 * `fn` opens and closes); the connection returns to the pool afterwards, discarded when `fn` throws.
 */
export async function withPoolClient<T>(db: PrismaClient, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const pool = openPool(db);
  if (!pool) throw new Error('withPoolClient needs a client made by createPrismaClient');
  const client = await pool.connect();
  let failed: unknown;
  try {
    return await fn(client);
  } catch (err) {
    failed = err;
    throw err;
  } finally {
    client.release(failed instanceof Error ? failed : undefined);
  }
}
