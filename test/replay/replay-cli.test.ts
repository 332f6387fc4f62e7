/** `npm run replay -- <file>`: says clearly whether a history is deterministic, with an exit code. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

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
