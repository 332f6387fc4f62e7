import { defineConfig } from 'prisma/config';

// `prisma generate` / `validate` / `format` never run the schema engine, but the Prisma 7 CLI
// still downloads the native engine first, which fails offline. Pointing
// PRISMA_SCHEMA_ENGINE_BINARY at any existing executable (here: this Node binary) skips that
// download. Only for those commands, and only when the caller has not chosen an engine himself:
// `prisma migrate ...` still gets the real native engine (migrations here run on the wasm engine:
// `npm run db:migrate`, see src/db/migrate.ts).
const ENGINELESS_COMMANDS = new Set(['generate', 'validate', 'format']);
const cliArgs = process.argv.slice(2);
const enginelessCommand = cliArgs.some((arg) => ENGINELESS_COMMANDS.has(arg)) && !cliArgs.some((arg) => arg === 'migrate' || arg === 'db');
if (enginelessCommand && !process.env.PRISMA_SCHEMA_ENGINE_BINARY) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
}

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: {
    // Same default as src/db/url.ts (DEFAULT_DATABASE_URL).
    url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/wioa',
  },
});
