/**
 * Database creation and Prisma migrations without the native schema engine.
 *
 * Migrations run on Prisma's official WebAssembly schema engine (@prisma/schema-engine-wasm) with
 * @prisma/adapter-pg, in a short-lived child process (src/db/schema-engine-runner.mjs): the
 * wasm-bindgen glue is an ES module with per-process state that Jest's CommonJS runtime cannot
 * load, a Rust panic poisons the wasm instance, and the engine's pools and timers must not outlive
 * the call. Every call therefore gets a fresh process, so these functions can be called any number
 * of times in-process (tests call them in beforeAll), concurrently too.
 *
 * The engine writes ordinary `_prisma_migrations` rows (checksum = sha256 of migration.sql), so a
 * database migrated here is also fine for `prisma migrate deploy` where the native engine exists.
 */
import { fork } from 'node:child_process';
import path from 'node:path';

import { Client, type ClientConfig } from 'pg';

import { PROJECT_ROOT } from '../project-root';
import { parseDatabaseUrl, quoteIdent, redact, resolveDatabaseUrl, withDatabase } from './url';

export { resolveDatabaseUrl } from './url';

/** Repository root (defined in src/project-root.ts; re-exported for scripts/db-migrate.ts). */
export { PROJECT_ROOT };
export const DEFAULT_MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'prisma', 'migrations');
const DEFAULT_SCHEMA_PATH = path.join(PROJECT_ROOT, 'prisma', 'schema.prisma');
const RUNNER_PATH = path.join(__dirname, 'schema-engine-runner.mjs');

export type LogFn = (line: string) => void;

/** PostgreSQL cannot be reached or refused the connection. Match by `error.name`. */
class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
  constructor(
    message: string,
    readonly host: string,
    readonly port: number,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/** The schema engine reported a failure (failed migration, drift, ...). Match by `error.name`. */
class MigrationError extends Error {
  override readonly name = 'MigrationError';
  /** The engine's full message, including its Rust span trace. */
  engineMessage?: string;
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/* ------------------------------------------------------------------------------------------ */
/* Connecting                                                                                   */
/* ------------------------------------------------------------------------------------------ */

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'EPIPE',
  '57P03', // cannot_connect_now: the server is starting up or shutting down
]);

function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Turns a pg connection error into a message that says where and what to do. */
function connectionError(databaseUrl: string, err: unknown): Error {
  const { host, port, database, user } = parseDatabaseUrl(databaseUrl);
  const code = errorCode(err);
  const where = `${host}:${port}`;
  const target = redact(databaseUrl);
  const msg = errorMessage(err);
  if ((code && UNREACHABLE_CODES.has(code)) || /timeout|terminated unexpectedly/i.test(msg)) {
    return new DatabaseUnavailableError(
      `PostgreSQL is not reachable at ${where} (${code ?? msg}). ` +
        `Start PostgreSQL there (e.g. \`sudo service postgresql start\`, or \`docker compose up -d\` with the project's compose file), ` +
        `or set DATABASE_URL to a reachable server. Current DATABASE_URL: ${target}`,
      host,
      port,
      code,
    );
  }
  if (code === '28P01' || code === '28000') {
    return new DatabaseUnavailableError(
      `PostgreSQL at ${where} refused user "${user}" (${msg}). Fix the user/password in DATABASE_URL (${target}).`,
      host,
      port,
      code,
    );
  }
  if (code === '3D000') {
    return new DatabaseUnavailableError(
      `Database "${database}" does not exist on ${where}. Run \`npm run db:migrate\` (it creates it) or call ensureDatabase() first.`,
      host,
      port,
      code,
    );
  }
  return err instanceof Error ? err : new Error(msg);
}

function clientConfig(connectionString: string): ClientConfig {
  return { connectionString, connectionTimeoutMillis: 10_000, application_name: 'wioa-db-setup' };
}

async function withClient<T>(databaseUrl: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const { connectionString } = parseDatabaseUrl(databaseUrl);
  const client = new Client(clientConfig(connectionString));
  // An 'error' event without a listener would crash the process (e.g. server restarts mid-call).
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => undefined);
    throw connectionError(databaseUrl, err);
  }
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Maintenance databases tried, in order, to run CREATE/DROP DATABASE from. */
const MAINTENANCE_DATABASES = ['postgres', 'template1'];

async function withMaintenanceClient<T>(databaseUrl: string, fn: (client: Client) => Promise<T>): Promise<T> {
  let lastError: unknown;
  for (const db of MAINTENANCE_DATABASES) {
    try {
      return await withClient(withDatabase(databaseUrl, db), fn);
    } catch (err) {
      // Only fall through when that maintenance database itself is missing.
      if (errorCode(err) !== '3D000') throw err;
      lastError = err;
    }
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}

export interface EnsureDatabaseResult {
  database: string;
  /** true if this call created it. */
  created: boolean;
}

/**
 * Makes sure the database named in `databaseUrl` exists: connects to it, and if PostgreSQL says it
 * does not exist, connects to the `postgres` maintenance database on the same server (same
 * credentials) and runs CREATE DATABASE. Safe to race with other callers. With `?schema=x` the
 * schema is created too. Throws DatabaseUnavailableError with a how-to-fix message when the server
 * cannot be reached or refuses the credentials.
 */
export async function ensureDatabase(databaseUrl: string, options: { log?: LogFn } = {}): Promise<EnsureDatabaseResult> {
  const { database, schema } = parseDatabaseUrl(databaseUrl);
  let created = false;
  try {
    await withClient(databaseUrl, async () => undefined);
  } catch (err) {
    if (errorCode(err) !== '3D000') throw err;
    created = await withMaintenanceClient(databaseUrl, async (client) => {
      try {
        await client.query(`CREATE DATABASE ${quoteIdent(database)}`);
        return true;
      } catch (createErr) {
        // 42P04 duplicate_database; 23505 when two CREATE DATABASE race on pg_database's index.
        const code = errorCode(createErr);
        if (code === '42P04' || code === '23505') return false;
        if (code === '42501') {
          const { host, port, user } = parseDatabaseUrl(databaseUrl);
          throw new DatabaseUnavailableError(
            `Database "${database}" does not exist on ${host}:${port} and user "${user}" may not create it ` +
              `(${errorMessage(createErr)}). Create it once (CREATE DATABASE ${quoteIdent(database)}) or use a user with CREATEDB.`,
            host,
            port,
            code,
          );
        }
        throw createErr;
      }
    });
    if (created) options.log?.(`Created database "${database}"`);
  }
  if (schema) {
    await withClient(databaseUrl, (client) => client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`));
  }
  return { database, created };
}

/** DROP DATABASE ... WITH (FORCE) (PostgreSQL 13+). Only for databases you created yourself. */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  const { database } = parseDatabaseUrl(databaseUrl);
  if (MAINTENANCE_DATABASES.includes(database)) throw new Error(`Refusing to drop maintenance database "${database}"`);
  await withMaintenanceClient(databaseUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`));
}

/** Fails fast with a clear message when the database is unreachable or missing. */
async function checkConnection(databaseUrl: string): Promise<void> {
  await withClient(databaseUrl, (client) => client.query('SELECT 1'));
}

/* ------------------------------------------------------------------------------------------ */
/* Schema engine (child process)                                                                */
/* ------------------------------------------------------------------------------------------ */

type RunnerRequest =
  | { command: 'apply'; databaseUrl: string; migrationsDir: string; verbose: boolean }
  | { command: 'status'; databaseUrl: string; migrationsDir: string; verbose: boolean }
  | {
      command: 'resolve';
      databaseUrl: string;
      migrationsDir: string;
      verbose: boolean;
      rolledBack?: string;
      applied?: string;
    }
  | {
      command: 'create';
      databaseUrl: string;
      migrationsDir: string;
      schemaPath: string;
      name: string;
      allowEmpty: boolean;
      verbose: boolean;
    };

type RunnerMessage =
  { type: 'log'; line: string } | { type: 'result'; result: unknown } | { type: 'error'; error: { name?: string; message: string; code?: string } };

interface EngineOptions {
  log?: LogFn;
  /** Forward the engine's own (JSON) tracing lines to `log`. */
  verbose?: boolean;
  /** Kill the engine process after this long. Default 5 minutes. */
  timeoutMs?: number;
}

/** Engine errors end with a Rust span trace ("   0: sql_schema_connector::..."); keep the human part. */
function withoutSpanTrace(message: string): string {
  const lines = message.split('\n');
  const traceStart = lines.findIndex((line) => /^\s+0: \S+::/.test(line));
  return (traceStart > 0 ? lines.slice(0, traceStart) : lines).join('\n').trim();
}

function runSchemaEngine<T>(request: RunnerRequest, options: EngineOptions): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  return new Promise<T>((resolve, reject) => {
    const child = fork(RUNNER_PATH, [], {
      // Plain node: no tsx/jest loaders are needed for the .mjs runner.
      execArgv: [],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    let settled = false;
    let stderr = '';
    let outcome: RunnerMessage | undefined;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(() => reject(new MigrationError(`Schema engine (${request.command}) timed out after ${timeoutMs} ms`)));
    }, timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) options.log?.(line);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-8_000);
    });
    child.on('message', (message: RunnerMessage) => {
      if (message.type === 'log') options.log?.(message.line);
      else outcome = message;
    });
    child.on('error', (err) => finish(() => reject(err)));
    // 'close' (not 'exit'): by then stdout/stderr and the IPC channel are drained.
    child.on('close', (code, signal) => {
      finish(() => {
        if (outcome?.type === 'result') resolve(outcome.result as T);
        else if (outcome?.type === 'error') {
          const error = new MigrationError(withoutSpanTrace(outcome.error.message), outcome.error.code);
          error.engineMessage = outcome.error.message;
          reject(error);
        } else {
          reject(
            new MigrationError(
              `Schema engine process (${request.command}) exited with ${signal ?? `code ${code}`} without a result.` + (stderr ? `\n${stderr.trim()}` : ''),
            ),
          );
        }
      });
    });
    child.send(request);
  });
}

export interface ApplyMigrationsOptions extends EngineOptions {
  /** Default: prisma/migrations of this repository. */
  migrationsDir?: string;
}

export interface ApplyMigrationsResult {
  /** Migrations applied by this call (empty when the database was up to date). */
  appliedMigrationNames: string[];
  durationMs: number;
}

/**
 * Applies every pending migration of prisma/migrations (like `prisma migrate deploy`). Idempotent.
 * The database must exist (see ensureDatabase / migrateDatabase).
 */
export async function applyMigrations(databaseUrl: string, options: ApplyMigrationsOptions = {}): Promise<ApplyMigrationsResult> {
  const started = Date.now();
  await checkConnection(databaseUrl);
  const { appliedMigrationNames } = await runSchemaEngine<{ appliedMigrationNames: string[] }>(
    {
      command: 'apply',
      databaseUrl,
      migrationsDir: options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR,
      verbose: options.verbose ?? false,
    },
    options,
  );
  const durationMs = Date.now() - started;
  if (appliedMigrationNames.length === 0) options.log?.('Database schema is up to date; no migration applied.');
  for (const name of appliedMigrationNames) options.log?.(`Applied migration ${name}`);
  return { appliedMigrationNames, durationMs };
}

/** ensureDatabase + applyMigrations: what the start command runs. */
export async function migrateDatabase(databaseUrl: string, options: ApplyMigrationsOptions = {}): Promise<ApplyMigrationsResult & EnsureDatabaseResult> {
  const ensured = await ensureDatabase(databaseUrl, options);
  const applied = await applyMigrations(databaseUrl, options);
  return { ...ensured, ...applied };
}

export type HistoryDiagnostic =
  | { diagnostic: 'databaseIsBehind'; unappliedMigrationNames: string[] }
  | { diagnostic: 'migrationsDirectoryIsBehind'; unpersistedMigrationNames: string[] }
  | {
      diagnostic: 'historiesDiverge';
      lastCommonMigrationName: string | null;
      unpersistedMigrationNames: string[];
      unappliedMigrationNames: string[];
    };

export interface MigrationStatus {
  /** Migration folders found in prisma/migrations. */
  localMigrationNames: string[];
  hasMigrationsTable: boolean;
  /** null when the database and the folder agree. */
  history: HistoryDiagnostic | null;
  failedMigrationNames: string[];
  /** Applied migrations whose file changed since (checksum mismatch). */
  editedMigrationNames: string[];
}

/** Compares prisma/migrations with the database's `_prisma_migrations` (like `prisma migrate status`). */
export async function migrationStatus(databaseUrl: string, options: ApplyMigrationsOptions = {}): Promise<MigrationStatus> {
  await checkConnection(databaseUrl);
  return runSchemaEngine<MigrationStatus>(
    {
      command: 'status',
      databaseUrl,
      migrationsDir: options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR,
      verbose: options.verbose ?? false,
    },
    options,
  );
}

/**
 * Recovery after a failed migration, like `prisma migrate resolve`: mark it rolled back (after
 * fixing the database by hand; the next deploy re-runs the fixed file) or applied (you applied it
 * by hand).
 */
export async function resolveMigration(
  databaseUrl: string,
  target: { rolledBack: string } | { applied: string },
  options: ApplyMigrationsOptions = {},
): Promise<void> {
  await checkConnection(databaseUrl);
  await runSchemaEngine<unknown>(
    {
      command: 'resolve',
      databaseUrl,
      migrationsDir: options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR,
      verbose: options.verbose ?? false,
      ...target,
    },
    options,
  );
}

export interface CreateMigrationOptions extends ApplyMigrationsOptions {
  /** Development database (created if missing; pending migrations get applied to it). Default: DATABASE_URL. */
  databaseUrl?: string;
  /** Default: prisma/schema.prisma of this repository. */
  schemaPath?: string;
  /** Write a migration even when the schema did not change (an empty one to fill in by hand). */
  allowEmpty?: boolean;
}

export interface CreateMigrationResult {
  /** e.g. `20250101120000_init`; null when the schema has no changes (and allowEmpty is off). */
  migrationName: string | null;
  migrationDir: string | null;
  /** sha256 of the migration.sql written. */
  checksum?: string;
  /** Data-loss warnings for the new migration. */
  warnings?: string[];
  /** Pending migrations that were applied to the development database first. */
  appliedMigrationNames: string[];
}

/** Same naming rule as the prisma CLI (slugify with '_' separators, at most 200 characters). */
export function migrationSlug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 200);
}

/**
 * Development: writes prisma/migrations/<timestamp>_<name>/migration.sql (+ migration_lock.toml)
 * for the difference between the migration history and prisma/schema.prisma, exactly like
 * `prisma migrate dev --create-only --name <name>`: pending migrations are applied to the
 * development database, the diff is computed on a temporary shadow database (dropped afterwards),
 * and the new migration is NOT applied.
 */
export async function createMigration(name: string, options: CreateMigrationOptions = {}): Promise<CreateMigrationResult> {
  const migrationName = migrationSlug(name);
  if (!migrationName) throw new Error('A migration name is required (e.g. --name add_alert_index)');
  const databaseUrl = options.databaseUrl ?? resolveDatabaseUrl();
  await ensureDatabase(databaseUrl, options);
  return runSchemaEngine<CreateMigrationResult>(
    {
      command: 'create',
      databaseUrl,
      migrationsDir: options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR,
      schemaPath: options.schemaPath ?? DEFAULT_SCHEMA_PATH,
      name: migrationName,
      allowEmpty: options.allowEmpty ?? false,
      verbose: options.verbose ?? false,
    },
    options,
  );
}
