/**
 * `npm run replay -- <file>`: says clearly whether a history is deterministic, with an exit code; and
 * `--open`, the check before a deploy (docs/versioning.md): every running workflow of a server replayed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { devServerEnv } from '../helpers/temporal';
import { startStack, type Stack } from '../helpers/stack';
import { createApplication } from '../helpers/scenarios';

const root = join(__dirname, '..', '..');
const replay = (...args: string[]) =>
  spawnSync(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/replay.ts', ...args], { cwd: root, encoding: 'utf8' });

describe('npm run replay', () => {
  it('replays a committed history file and reports it deterministic (exit 0)', () => {
    const run = replay('test/fixtures/histories/follow-up-year.json');
    expect(run.stdout).toContain('deterministic: the current workflow code replays this history');
    expect(run.status).toBe(0);
  });

  it('prints usage and exits 2 without an argument', () => {
    const run = replay();
    expect(run.stderr).toContain('usage: npm run replay');
    expect(run.status).toBe(2);
  });
});

describe('npm run replay -- --open', () => {
  let env: TestWorkflowEnvironment;
  let stack: Stack;
  beforeAll(async () => {
    env = await devServerEnv();
    stack = await startStack(env, { name: 'replay_open', mode: 'dev' });
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
    await env?.teardown();
  });

  it('replays the current run of every running workflow on the server and says how many were deterministic', async () => {
    const ids = [await createApplication(stack), await createApplication(stack)];
    const address = env.connection.options.address;
    const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/replay.ts', '--open'], {
        cwd: root,
        env: { ...process.env, TEMPORAL_MODE: 'external', TEMPORAL_ADDRESS: address, LOG_LEVEL: 'silent' },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.once('exit', (status) => resolve({ status, stdout, stderr }));
    });
    expect([run.status, run.stderr]).toEqual([0, '']);
    const summary = /(\d+) running workflows on .* replayed: (\d+) deterministic, 0 failed/.exec(run.stdout);
    expect(summary).not.toBeNull();
    expect(Number(summary![1])).toBeGreaterThanOrEqual(ids.length);
    expect(summary![1]).toBe(summary![2]);
  }, 120_000);

  it('refuses a limit that is not a whole number (exit 1, the reason said)', () => {
    const run = replay('--open', '--limit', 'many');
    expect(run.stderr).toContain('--limit takes a whole number');
    expect(run.status).toBe(1);
  });
});
