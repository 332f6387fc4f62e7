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

export function createPrismaClient(
  databaseUrl: string = resolveDatabaseUrl(),
  options: CreatePrismaClientOptions = {},
): PrismaClient {
  const { connectionString, schema } = parseDatabaseUrl(databaseUrl);
  const adapter = new PrismaPg(
    {
      connectionString,
      ...searchPathOption(schema),
      ...(options.maxConnections !== undefined ? { max: options.maxConnections } : {}),
      application_name: 'wioa-case-lifecycle',
    },
    {
      ...(schema ? { schema } : {}),
      onPoolError: options.onPoolError ?? (() => undefined),
    },
  );
  return new PrismaClient({ adapter, ...(options.log ? { log: options.log } : {}) });
}

/** The database handle the rest of the service passes around. */
export type Db = PrismaClient;

/** Alias of createPrismaClient (the name the API, worker and start command use). */
export const createDb = (databaseUrl: string = resolveDatabaseUrl(), options: CreatePrismaClientOptions = {}): Db =>
  createPrismaClient(databaseUrl, options);
