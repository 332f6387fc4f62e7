/**
 * Database migrations without the native Prisma schema engine (see src/db/migrate.ts).
 *
 *   tsx scripts/db-migrate.ts deploy                 create the database if missing, apply pending migrations
 *   tsx scripts/db-migrate.ts create --name <name>   write prisma/migrations/<ts>_<name>/ (like migrate dev --create-only)
 *                               [--empty]            ... even when the schema did not change
 *   tsx scripts/db-migrate.ts status                 compare prisma/migrations with the database
 *   tsx scripts/db-migrate.ts resolve --rolled-back <name> | --applied <name>
 *                                                    recover from a failed migration (like prisma migrate resolve)
 *   tsx scripts/db-migrate.ts generate               `prisma generate` that works offline
 *
 * DATABASE_URL defaults to postgresql://postgres@127.0.0.1:5432/wioa. `--verbose` prints the
 * engine's own log lines. Exits non-zero with a message on failure.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { PROJECT_ROOT, createMigration, ensureDatabase, migrateDatabase, migrationStatus, resolveDatabaseUrl, resolveMigration } from '../src/db/migrate';
import { redact } from '../src/db/url';

const USAGE =
  'usage: tsx scripts/db-migrate.ts <deploy | create --name <name> [--empty] | status | ' +
  'resolve --rolled-back <name> | resolve --applied <name> | generate> [--verbose]';

interface Args {
  command: string | undefined;
  name: string | undefined;
  rolledBack: string | undefined;
  applied: string | undefined;
  empty: boolean;
  verbose: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    command: undefined,
    name: undefined,
    rolledBack: undefined,
    applied: undefined,
    empty: false,
    verbose: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--name' || arg === '-n') {
      args.name = argv[++i];
      if (args.name === undefined) throw new Error('--name needs a value');
    } else if (arg.startsWith('--name=')) args.name = arg.slice('--name='.length);
    else if (arg === '--rolled-back' || arg === '--applied') {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a migration name`);
      if (arg === '--rolled-back') args.rolledBack = value;
      else args.applied = value;
    } else if (arg === '--empty') args.empty = true;
    else if (arg === '--create-only')
      continue; // always create-only; accepted for muscle memory
    else if (arg === '--verbose' || arg === '-v') args.verbose = true;
    else if (arg === '--help' || arg === '-h') args.command = 'help';
    else if (!arg.startsWith('-') && args.command === undefined) args.command = arg;
    else throw new Error(`unknown argument ${arg}`);
  }
  return args;
}

const log = (line: string): void => console.log(line);

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const databaseUrl = resolveDatabaseUrl();
  const engineOptions = { log, verbose: args.verbose };

  switch (args.command) {
    case 'deploy': {
      console.log(`Migrating ${redact(databaseUrl)}`);
      const result = await migrateDatabase(databaseUrl, engineOptions);
      console.log(
        `Done in ${result.durationMs} ms (${result.appliedMigrationNames.length} migration(s) applied${result.created ? ', database created' : ''}).`,
      );
      return 0;
    }
    case 'create': {
      if (!args.name) throw new Error(`create needs --name <name>\n${USAGE}`);
      const result = await createMigration(args.name, { ...engineOptions, databaseUrl, allowEmpty: args.empty });
      if (!result.migrationDir) {
        console.log('The schema has no changes compared with the migration history; no migration created (use --empty for a blank one).');
      } else {
        console.log(`Created ${path.relative(process.cwd(), result.migrationDir)}/migration.sql (not applied; run npm run db:migrate).`);
      }
      return 0;
    }
    case 'status': {
      await ensureDatabase(databaseUrl);
      const status = await migrationStatus(databaseUrl, engineOptions);
      console.log(`${status.localMigrationNames.length} migration(s) in prisma/migrations; database ${redact(databaseUrl)}`);
      let upToDate = status.history === null;
      if (status.history?.diagnostic === 'databaseIsBehind') {
        console.log(`Not yet applied: ${status.history.unappliedMigrationNames.join(', ')}`);
      } else if (status.history?.diagnostic === 'migrationsDirectoryIsBehind') {
        console.log(`Applied in the database but missing locally: ${status.history.unpersistedMigrationNames.join(', ')}`);
      } else if (status.history?.diagnostic === 'historiesDiverge') {
        console.log(
          `Histories diverge after ${status.history.lastCommonMigrationName ?? '(the start)'}: ` +
            `local-only ${status.history.unappliedMigrationNames.join(', ') || '-'}; ` +
            `database-only ${status.history.unpersistedMigrationNames.join(', ') || '-'}`,
        );
      }
      if (status.failedMigrationNames.length) {
        upToDate = false;
        console.log(`Failed migrations: ${status.failedMigrationNames.join(', ')}`);
      }
      if (status.editedMigrationNames.length) {
        upToDate = false;
        console.log(`Edited after being applied (checksum mismatch): ${status.editedMigrationNames.join(', ')}`);
      }
      console.log(upToDate ? 'Database schema is up to date.' : 'Database schema is NOT up to date.');
      return upToDate ? 0 : 1;
    }
    case 'resolve': {
      if (Boolean(args.rolledBack) === Boolean(args.applied)) {
        throw new Error(`resolve needs exactly one of --rolled-back <name> or --applied <name>\n${USAGE}`);
      }
      const target = args.rolledBack ? { rolledBack: args.rolledBack } : { applied: args.applied as string };
      await resolveMigration(databaseUrl, target, engineOptions);
      console.log(`Marked ${args.rolledBack ?? args.applied} as ${args.rolledBack ? 'rolled back' : 'applied'}.`);
      return 0;
    }
    case 'generate': {
      // prisma.config.ts already sets PRISMA_SCHEMA_ENGINE_BINARY for `generate`; this is the
      // same thing for callers that bypass the config file.
      const prismaCli = require.resolve('prisma/build/index.js', { paths: [PROJECT_ROOT] });
      const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath };
      const res = spawnSync(process.execPath, [prismaCli, 'generate'], { cwd: PROJECT_ROOT, env, stdio: 'inherit' });
      return res.status ?? 1;
    }
    case 'help':
      console.log(USAGE);
      return 0;
    default:
      throw new Error(args.command ? `unknown command ${args.command}\n${USAGE}` : USAGE);
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const error = err instanceof Error ? err : new Error(String(err));
    console.error(`db-migrate: ${error.name === 'Error' ? '' : `${error.name}: `}${error.message}`);
    process.exit(1);
  },
);
