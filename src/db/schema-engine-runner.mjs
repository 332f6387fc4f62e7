/* global URL, WebAssembly */
// Runs ONE Prisma schema-engine command with the official WebAssembly engine
// (@prisma/schema-engine-wasm) and @prisma/adapter-pg, then exits.
//
// Why a separate process: the wasm-bindgen glue is an ES module with module-level state (one wasm
// instance per process, poisoned after a Rust panic), Jest's CommonJS runtime cannot load it, and
// the engine's pools, advisory lock and timers must not outlive the command. src/db/migrate.ts
// forks this file and talks to it over the IPC channel:
//   parent -> child  { command: 'apply' | 'status' | 'resolve' | 'create', databaseUrl, migrationsDir, ... }
//   child  -> parent { type: 'log', line }*  then  { type: 'result', result } | { type: 'error', error }
// It is plain JavaScript on purpose: it starts in ~100 ms with plain `node`, no tsx needed.
//
// The wasm is loaded the way the prisma CLI build loads its own wasm modules: compile the .wasm
// next to the glue, instantiate it with the glue module as its import object, hand the exports to
// the glue (__wbg_set_wasm) and call the start hook (__wbindgen_start).

import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';

const require = createRequire(import.meta.url);
// The very copy of @prisma/driver-adapter-utils that @prisma/adapter-pg uses (it is not a direct
// dependency of this project, so resolve it from there rather than from the project root).
const { bindMigrationAwareSqlAdapterFactory } = createRequire(require.resolve('@prisma/adapter-pg'))('@prisma/driver-adapter-utils');

/* ------------------------------------------------------------------------------------------ */
/* IPC helpers                                                                                  */
/* ------------------------------------------------------------------------------------------ */

function send(message) {
  return new Promise((resolve) => {
    if (!process.send) {
      // Run by hand (node schema-engine-runner.mjs '<json>'): print instead.
      process.stdout.write(`${JSON.stringify(message)}\n`);
      resolve();
      return;
    }
    process.send(message, () => resolve());
  });
}

function log(line) {
  void send({ type: 'log', line });
}

/* ------------------------------------------------------------------------------------------ */
/* Wasm engine loading                                                                          */
/* ------------------------------------------------------------------------------------------ */

class PanicRegistry {
  message = '';
  get() {
    return this.message;
  }
  set_message(value) {
    this.message = `RuntimeError: ${value}`;
  }
}

async function loadSchemaEngine() {
  // The glue reports Rust panics through this global before throwing `unreachable`.
  globalThis.PRISMA_WASM_PANIC_REGISTRY = new PanicRegistry();
  const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const glue = await import('@prisma/schema-engine-wasm/schema_engine_bg');
  const bytes = await fs.readFile(path.join(path.dirname(gluePath), 'schema_engine_bg.wasm'));
  const module = await WebAssembly.compile(bytes);
  const instance = await WebAssembly.instantiate(module, { './schema_engine_bg.js': glue });
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return glue;
}

/* ------------------------------------------------------------------------------------------ */
/* Connections                                                                                  */
/* ------------------------------------------------------------------------------------------ */

/**
 * The engine reads pg_catalog columns of type "char" (OID 18, e.g. pg_class.relkind). The pg
 * driver adapter maps result columns by type OID and rejects 18 as an unsupported native type, so
 * report those columns as text (25); pg returns their values as strings already.
 */
function charColumnsAsText(result) {
  const results = Array.isArray(result) ? result : [result];
  for (const r of results) {
    for (const field of r?.fields ?? []) {
      if (field.dataTypeID === 18) field.dataTypeID = 25;
    }
  }
  return result;
}

class CharAsTextClient extends pg.Client {
  query(config, values, callback) {
    if (typeof callback === 'function') {
      return super.query(config, values, (err, res) => callback(err, res && charColumnsAsText(res)));
    }
    if (typeof values === 'function') {
      return super.query(config, (err, res) => values(err, res && charColumnsAsText(res)));
    }
    const ret = super.query(config, values);
    return ret && typeof ret.then === 'function' ? ret.then(charColumnsAsText) : ret;
  }
}

/** Splits `?schema=` (a Prisma convention pg does not know) off the URL. */
function parseDatabaseUrl(databaseUrl) {
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get('schema') || undefined;
  url.searchParams.delete('schema');
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  return { url, schema, database };
}

function withDatabase(url, database) {
  const copy = new URL(url.toString());
  copy.pathname = `/${encodeURIComponent(database)}`;
  return copy;
}

function quoteIdent(name) {
  return `"${String(name).replace(/"/g, '""')}"`;
}

function poolConfig(url, schema) {
  return {
    connectionString: url.toString(),
    Client: CharAsTextClient,
    max: 1,
    connectionTimeoutMillis: 10_000,
    ...(schema ? { options: `-c search_path=${quoteIdent(schema)}` } : {}),
    application_name: 'wioa-schema-engine',
  };
}

/**
 * A migration-aware adapter factory like PrismaPg's own, except for the shadow database: PrismaPg
 * builds it from `{...config, database}`, which loses to a `connectionString`, and drops it before
 * closing its pool (so the DROP fails). Here the shadow database gets its own URL and is dropped
 * WITH (FORCE) after its pool is closed.
 */
function createAdapterFactory({ url, schema }) {
  const adapters = [];
  const shadowDatabases = new Set();

  async function adminQuery(sql) {
    const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 10_000 });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }

  async function dropShadow(name) {
    if (!shadowDatabases.has(name)) return;
    shadowDatabases.delete(name);
    await adminQuery(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  }

  function track(adapter, onDispose) {
    // PrismaPg's executeScript splits the script on every ';' (also inside strings, comments and
    // $$ function bodies) and runs the pieces one by one on whatever pooled connection is free, so
    // a failing migration leaves its first statements committed. The native engine sends the whole
    // script as one simple-protocol query on one connection, which PostgreSQL runs as a single
    // implicit transaction. Do the same.
    adapter.executeScript = async (script) => {
      const client = await adapter.underlyingDriver().connect();
      try {
        await client.query(script);
      } catch (error) {
        adapter.onError(error); // throws the adapter's DriverAdapterError, as the original does
      } finally {
        client.release();
      }
    };
    const dispose = adapter.dispose.bind(adapter);
    let disposed = false;
    adapter.dispose = async () => {
      if (disposed) return;
      disposed = true;
      try {
        await dispose();
      } finally {
        if (onDispose) await onDispose();
      }
    };
    adapters.push(adapter);
    return adapter;
  }

  const factory = {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    async connect() {
      const adapter = await new PrismaPg(poolConfig(url, schema), { schema }).connect();
      return track(adapter);
    },
    async connectToShadowDb() {
      const name = `prisma_migrate_shadow_db_${randomUUID().replace(/-/g, '')}`;
      await adminQuery(`CREATE DATABASE ${quoteIdent(name)}`);
      shadowDatabases.add(name);
      const adapter = await new PrismaPg(poolConfig(withDatabase(url, name), schema), { schema }).connect();
      if (schema) {
        await adapter.executeScript(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
      }
      return track(adapter, () => dropShadow(name));
    },
  };

  async function disposeAll() {
    for (const adapter of adapters.splice(0)) {
      await adapter.dispose().catch((err) => log(`warning: closing a connection pool failed: ${err.message}`));
    }
    for (const name of [...shadowDatabases]) {
      await dropShadow(name).catch((err) => log(`warning: could not drop shadow database ${name}: ${err.message}`));
    }
  }

  return { factory, adminQuery, disposeAll };
}

/* ------------------------------------------------------------------------------------------ */
/* Migrations directory (same layout and reading rules as the prisma CLI)                       */
/* ------------------------------------------------------------------------------------------ */

const LOCKFILE = 'migration_lock.toml';

async function listMigrations(migrationsDir, shadowDbInitScript = '') {
  const baseDir = path.resolve(migrationsDir);
  const lockContent = await fs.readFile(path.join(baseDir, LOCKFILE), 'utf8').catch(() => null);
  const lockfile = { path: LOCKFILE, content: lockContent };
  const entries = await fs.readdir(baseDir, { withFileTypes: true }).catch(() => []);
  const migrationDirectories = [];
  for (const entry of entries.filter((e) => e.isDirectory())) {
    const content = await fs
      .readFile(path.join(baseDir, entry.name, 'migration.sql'), 'utf8')
      .then((value) => ({ tag: 'ok', value }))
      .catch((err) => ({ tag: 'error', value: err.message }));
    migrationDirectories.push({ path: entry.name, migrationFile: { path: 'migration.sql', content } });
  }
  migrationDirectories.sort((a, b) => a.path.localeCompare(b.path));
  return { baseDir, lockfile, migrationDirectories, shadowDbInitScript };
}

async function writeMigration({ baseDir, generatedMigrationName, extension, script, connectorType, lockfile }) {
  const dir = path.join(baseDir, generatedMigrationName);
  if (existsSync(dir)) throw new Error(`The migration directory already exists at ${dir}`);
  await fs.mkdir(dir, { recursive: true, mode: 0o777 });
  await fs.writeFile(path.join(dir, `migration.${extension}`), script, { encoding: 'utf8' });
  const lock = `# Please do not edit this file manually
# It should be added in your version-control system (e.g., Git)
provider = "${connectorType}"
`;
  await fs.writeFile(path.join(baseDir, lockfile.path), lock, { encoding: 'utf8' });
  return dir;
}

/* ------------------------------------------------------------------------------------------ */
/* Commands                                                                                     */
/* ------------------------------------------------------------------------------------------ */

const NO_FILTER = { externalTables: [], externalEnums: [] };

async function run(request) {
  const { url, schema } = parseDatabaseUrl(request.databaseUrl);
  const connections = createAdapterFactory({ url, schema });
  if (schema) await connections.adminQuery(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);

  const schemaFiles = request.schemaPath ? [{ path: path.resolve(request.schemaPath), content: await fs.readFile(request.schemaPath, 'utf8') }] : undefined;

  const { SchemaEngine } = await loadSchemaEngine();
  const engineLog = (line) => {
    if (request.verbose) log(`schema-engine: ${String(line).trimEnd()}`);
  };
  const engine = await SchemaEngine.new(
    { datamodels: schemaFiles ? schemaFiles.map((f) => [f.path, f.content]) : undefined },
    engineLog,
    bindMigrationAwareSqlAdapterFactory(connections.factory),
  );

  try {
    const migrationsList = () => listMigrations(request.migrationsDir);
    switch (request.command) {
      case 'apply': {
        const out = await engine.applyMigrations({ migrationsList: await migrationsList(), filters: NO_FILTER });
        return { appliedMigrationNames: out.appliedMigrationNames };
      }
      case 'status': {
        const list = await migrationsList();
        const out = await engine.diagnoseMigrationHistory({
          migrationsList: list,
          optInToShadowDatabase: false,
          filters: NO_FILTER,
        });
        return { ...out, localMigrationNames: list.migrationDirectories.map((d) => d.path) };
      }
      case 'resolve': {
        // Like `prisma migrate resolve --rolled-back <name>` / `--applied <name>`.
        if (request.rolledBack) {
          await engine.markMigrationRolledBack({ migrationName: request.rolledBack });
          return { migrationName: request.rolledBack, marked: 'rolled-back' };
        }
        if (request.applied) {
          await engine.markMigrationApplied({ migrationsList: await migrationsList(), migrationName: request.applied });
          return { migrationName: request.applied, marked: 'applied' };
        }
        throw new Error('resolve needs rolledBack or applied');
      }
      case 'create': {
        if (!schemaFiles) throw new Error('create needs schemaPath');
        const schemaContainer = { files: schemaFiles };
        // Same call order as `prisma migrate dev --create-only`.
        const diagnostic = await engine.devDiagnostic({ migrationsList: await migrationsList(), filters: NO_FILTER });
        if (diagnostic.action.tag === 'reset') {
          throw new Error(
            `The development database needs a reset before a migration can be created:\n${diagnostic.action.reason}\n` +
              'Point DATABASE_URL at a fresh database (or drop this development database) and try again.',
          );
        }
        const applied = await engine.applyMigrations({ migrationsList: await migrationsList(), filters: NO_FILTER });
        for (const name of applied.appliedMigrationNames) log(`Applied pending migration ${name}`);
        const dataLoss = await engine.evaluateDataLoss({
          migrationsList: await migrationsList(),
          schema: schemaContainer,
          filters: NO_FILTER,
        });
        for (const w of dataLoss.warnings) log(`warning: ${w.message}`);
        for (const u of dataLoss.unexecutableSteps) log(`warning (unexecutable on the current data): ${u.message}`);
        const list = await migrationsList();
        const out = await engine.createMigration({
          draft: Boolean(request.allowEmpty),
          migrationName: request.name,
          migrationsList: list,
          schema: schemaContainer,
          filters: NO_FILTER,
        });
        if (out.migrationScript === null) {
          return { migrationName: null, migrationDir: null, appliedMigrationNames: applied.appliedMigrationNames };
        }
        const migrationDir = await writeMigration({
          baseDir: list.baseDir,
          generatedMigrationName: out.generatedMigrationName,
          extension: out.extension,
          script: out.migrationScript,
          connectorType: out.connectorType,
          lockfile: list.lockfile,
        });
        return {
          migrationName: out.generatedMigrationName,
          migrationDir,
          checksum: createHash('sha256').update(out.migrationScript).digest('hex'),
          appliedMigrationNames: applied.appliedMigrationNames,
          warnings: dataLoss.warnings.map((w) => w.message),
        };
      }
      default:
        throw new Error(`unknown command ${JSON.stringify(request.command)}`);
    }
  } finally {
    engine.free();
    await connections.disposeAll();
  }
}

/** Engine errors arrive as plain objects or Errors; keep what helps a human. */
function describeError(err) {
  const panic = globalThis.PRISMA_WASM_PANIC_REGISTRY?.get?.();
  if (err instanceof WebAssembly.RuntimeError && panic) {
    return { name: 'SchemaEnginePanic', message: panic };
  }
  if (err instanceof Error) {
    return { name: err.name, message: err.message, code: err.code };
  }
  if (err && typeof err === 'object') {
    const message = err.message ?? err.error ?? JSON.stringify(err);
    return { name: 'SchemaEngineError', message: String(message), code: err.error_code ?? err.code };
  }
  return { name: 'SchemaEngineError', message: String(err) };
}

async function main(request) {
  let exitCode = 0;
  try {
    const result = await run(request);
    await send({ type: 'result', result });
  } catch (err) {
    exitCode = 1;
    await send({ type: 'error', error: describeError(err) });
  }
  // Timers the wasm or pg may have left must not keep this process alive.
  process.exit(exitCode);
}

if (process.send) {
  process.once('message', (request) => void main(request));
  // The parent died: do not linger (an open migration transaction rolls back on disconnect).
  process.once('disconnect', () => process.exit(1));
} else if (process.argv[2]) {
  void main(JSON.parse(process.argv[2]));
} else {
  process.stderr.write("usage: forked by src/db/migrate.ts, or node schema-engine-runner.mjs '<request json>'\n");
  process.exit(2);
}
