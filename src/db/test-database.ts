/**
 * Throw-away PostgreSQL databases for tests: one per test file (or per describe block).
 *
 *   let db: TestDatabase;
 *   beforeAll(async () => { db = await createTestDatabase('api'); });
 *   afterAll(async () => { await db.drop(); });
 *
 * The server comes from TEST_DATABASE_URL, else DATABASE_URL, else the local default; only the
 * database name is replaced (`wioa_test_<prefix>_<random>`). drop() uses DROP ... WITH (FORCE), so
 * leftover connections (an un-disconnected PrismaClient, a worker) do not block it.
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';

import { applyMigrations, dropDatabase, ensureDatabase, type LogFn } from './migrate';
import { DEFAULT_DATABASE_URL, parseDatabaseUrl, withDatabase } from './url';

export interface TestDatabase {
  /** Connection URL of the new, fully migrated database. */
  url: string;
  /** Its name. */
  name: string;
  /** Migrations applied when it was created. */
  appliedMigrationNames: string[];
  /** Drops the database WITH (FORCE). Idempotent. */
  drop(): Promise<void>;
}

export const TEST_DATABASE_PREFIX = 'wioa_test_';

export function testServerUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.TEST_DATABASE_URL?.trim() || env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
}

/** A unique database name; `prefix` is reduced to [a-z0-9_] and shortened to fit 63 bytes. */
export function testDatabaseName(prefix: string): string {
  const clean =
    prefix
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 32) || 'db';
  return `${TEST_DATABASE_PREFIX}${clean}_${randomBytes(5).toString('hex')}`;
}

export interface CreateTestDatabaseOptions {
  /** Server URL to use instead of testServerUrl(). */
  serverUrl?: string;
  /** Skip migrations (an empty database). */
  migrate?: boolean;
  log?: LogFn;
}

export async function createTestDatabase(prefix: string, options: CreateTestDatabaseOptions = {}): Promise<TestDatabase> {
  const serverUrl = options.serverUrl ?? testServerUrl();
  parseDatabaseUrl(serverUrl); // validate early
  const name = testDatabaseName(prefix);
  const url = withDatabase(serverUrl, name);
  // The test run's own ledger (test/hygiene.ts): its teardown checks exactly the databases this run made.
  if (process.env.WIOA_TEST_DATABASE_LEDGER) appendFileSync(process.env.WIOA_TEST_DATABASE_LEDGER, `${name}\n`);
  await ensureDatabase(url, { log: options.log });
  let dropped = false;
  const drop = async (): Promise<void> => {
    if (dropped) return;
    dropped = true;
    await dropDatabase(url);
  };
  try {
    const { appliedMigrationNames } = options.migrate === false ? { appliedMigrationNames: [] } : await applyMigrations(url, { log: options.log });
    return { url, name, appliedMigrationNames, drop };
  } catch (err) {
    await drop().catch(() => undefined);
    throw err;
  }
}
