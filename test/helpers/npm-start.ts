import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

export interface StartPorts {
  api: number;
  grpc: number;
  ui: number;
  sdkMetrics: number;
}

export interface NpmStart {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr; it keeps collecting). */
  output(): string;
}

/**
 * The README's `npm start` (dev mode) as its own process on the given ports, data folder and
 * database; resolves once it prints that it is ready, fails with its output if it exits or takes
 * more than 90 s.
 */
export async function startNpmStart(o: {
  ports: StartPorts;
  /** undefined: DATA_DIR is not set (the checkout's own `data/`). */
  dataDir: string | undefined;
  /** The checkout to start from (default: this one). */
  root?: string;
  /** undefined: DATABASE_URL is not set (R-EMB-1: the libpq default address, else the embedded server). */
  databaseUrl: string | undefined;
  /** More environment (e.g. PGHOST/PGPORT, EMBEDDED_POSTGRES_PORT). */
  env?: Record<string, string>;
}): Promise<NpmStart> {
  const { DATABASE_URL: _inherited, DATA_DIR: _inheritedData, ...inherited } = process.env;
  let output = '';
  const checkout = o.root ?? root;
  const child = spawn(process.execPath, [join(checkout, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'src/cli/start.ts'], {
    cwd: checkout,
    env: {
      ...inherited,
      NODE_ENV: 'development',
      PORT: String(o.ports.api),
      TEMPORAL_ADDRESS: `127.0.0.1:${o.ports.grpc}`,
      TEMPORAL_UI_PORT: String(o.ports.ui),
      ...(o.dataDir !== undefined ? { DATA_DIR: o.dataDir } : {}),
      ...(o.databaseUrl !== undefined ? { DATABASE_URL: o.databaseUrl } : {}),
      LOG_LEVEL: 'info',
      SDK_METRICS_ADDRESS: `127.0.0.1:${o.ports.sdkMetrics}`,
      ...o.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const deadline = Date.now() + 90_000;
  while (!output.includes('Press Ctrl-C to stop')) {
    if (child.exitCode !== null) throw new Error(`start command exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`start command not ready in 90 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, output: () => output };
}
