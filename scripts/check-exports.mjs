// `npm run lint:exports`: fails on an exported value that nothing imports (ts-unused-exports over the
// TypeScript project: src, test, scripts). Types may stay exported (they document signatures). Not
// reported, because something outside the import graph uses their exports by name:
const NOT_REPORTED = [
  'src/generated', // Prisma's generated client
  'src/client', // the console's generated API types (web/ is its own project)
  'src/domain/index.ts', // the domain's public surface, a barrel
  'src/workflows/application/commands/index.ts', // the commands' barrel
  // Loaded by path: workflow bundles (workflowsPath), the failure converter (failureConverterPath).
  'src/workflows/index.ts',
  'src/temporal/failure-converter.ts',
  'scripts/bench/floor/workflow.ts',
  'test/domain/fixtures/domain-workflow.ts',
  'test/replay/broken/index.ts',
  'test/workflows/wedge/workflows.ts',
  // Loaded by Jest and Prisma through their configuration.
  'test/global-setup.ts',
  'test/global-teardown.ts',
  'prisma.config.ts',
];
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const bin = createRequire(import.meta.url).resolve('ts-unused-exports/bin/ts-unused-exports');
const args = [bin, 'tsconfig.json', '--allowUnusedTypes', '--exitWithCount', `--excludePathsFromReport=${NOT_REPORTED.join(';')}`];
const run = spawnSync(process.execPath, args, { stdio: 'inherit' });
if (run.status !== 0) console.error('Unused exports: drop the `export` (or the code), or list a file loaded by name above.');
process.exit(run.status ?? 1);
