/** The lint rules that keep workflow code deterministic actually fire (and ordinary code passes). */
// ESLint runs as a child process (its config loader uses dynamic import, which Jest's VM lacks).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..');

async function ruleIds(code: string, file: string): Promise<string[]> {
  const run = spawnSync(process.execPath, [join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--format', 'json', '--stdin', '--stdin-filename', file], {
    cwd: root,
    input: code,
    encoding: 'utf8',
  });
  const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string | null; message: string }[] }[];
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('ESLint: workflow and domain code stay deterministic', () => {
  it.each([
    ["import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n", 'no-restricted-imports'],
    ["import { randomUUID } from 'crypto';\nexport const f = randomUUID;\n", 'no-restricted-imports'],
    ['export const r = Math.random();\n', 'no-restricted-properties'],
    ['export const p = process.env.X;\n', 'no-restricted-globals'],
    ["import { Client } from '@temporalio/client';\nexport const c = Client;\n", 'no-restricted-imports'],
  ])('rejects %j in src/workflows', async (code, rule) => {
    expect(await ruleIds(code, 'src/workflows/application/lint-probe.ts')).toContain(rule);
    expect(await ruleIds(code, 'src/domain/lint-probe.ts')).toContain(rule);
  });

  it('allows the same Node built-in outside workflow code', async () => {
    const ids = await ruleIds("import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n", 'src/api/lint-probe.ts');
    expect(ids).not.toContain('no-restricted-imports');
  });

  it('allows type-only imports of activities in workflow code', async () => {
    const ids = await ruleIds("import type { Activities } from '../../activities';\nexport type A = Activities;\n", 'src/workflows/application/lint-probe.ts');
    expect(ids).toEqual([]);
  });
});
