/**
 * The stand-alone worker (`src/worker/index.ts`) as a separate OS process, for fault tests that kill it.
 * It runs in its own process group so a kill reaches everything it started.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/temporal/binaries';

export interface WorkerProcessEnv {
  temporalAddress: string;
  taskQueue: string;
  databaseUrl: string;
}

export class WorkerProcess {
  private output = '';
  private readonly exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    const collect = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts `node --import tsx src/worker/index.ts` and resolves once it logs "worker started". */
  static async start(env: WorkerProcessEnv, timeoutMs = 60_000): Promise<WorkerProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'src', 'worker', 'index.ts')], {
      cwd: PROJECT_ROOT,
      detached: true, // its own process group: kill(-pid) reaches all of it
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        TEMPORAL_MODE: 'external',
        TEMPORAL_ADDRESS: env.temporalAddress,
        TEMPORAL_TASK_QUEUE: env.taskQueue,
        DATABASE_URL: env.databaseUrl,
        SDK_METRICS_ADDRESS: '', // no fixed metrics port (tests run side by side)
      },
    });
    const worker = new WorkerProcess(child);
    const deadline = Date.now() + timeoutMs;
    while (!worker.output.includes('"msg":"worker started"')) {
      if (!worker.running) throw new Error(`the worker process exited before it started:\n${worker.output}`);
      if (Date.now() > deadline) {
        await worker.kill();
        throw new Error(`the worker process did not start in ${timeoutMs} ms:\n${worker.output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return worker;
  }

  /** Kills the whole process group (default SIGKILL: no drain, no goodbye) and waits for the exit. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (!this.running) return;
    try {
      process.kill(-this.pid, signal);
    } catch {
      // already gone
    }
    await this.exited;
  }

  /** The last of what it printed (for failure messages). */
  log(): string {
    return this.output;
  }
}
