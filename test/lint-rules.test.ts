/** The lint rules that keep workflow code deterministic actually fire (and ordinary code passes). */
// ESLint runs in a child process (its config loader uses dynamic import, which Jest's VM lacks): one
// process for the whole file, fed one probe at a time (test/helpers/eslint-probe.mjs).
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import * as contract from '../src/workflows/application/contract';
import * as queues from '../src/temporal/task-queues';
import * as config from '../src/config';

const root = join(__dirname, '..');
let eslint: ChildProcessWithoutNullStreams;
let answers: AsyncIterator<string>;
let queue: Promise<unknown> = Promise.resolve();

beforeAll(() => {
  eslint = spawn(process.execPath, [join(root, 'test', 'helpers', 'eslint-probe.mjs')], { cwd: root });
  answers = createInterface({ input: eslint.stdout })[Symbol.asyncIterator]();
});
afterAll(() => {
  eslint.stdin.end();
});

/** The rule ids ESLint reports for `code` as if it were the file `file` (probes run one at a time). */
function ruleIds(code: string, file: string): Promise<string[]> {
  const asked = queue.then(async () => {
    eslint.stdin.write(JSON.stringify({ code, file }) + '\n');
    const next = await answers.next();
    if (next.done) throw new Error('ESLint ended before answering');
    const answer = JSON.parse(next.value) as { ids?: string[]; error?: string };
    if (answer.error !== undefined) throw new Error(`ESLint failed: ${answer.error}`);
    return answer.ids ?? [];
  });
  queue = asked.catch(() => undefined);
  return asked;
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

describe('ESLint: the domain layer imports nothing from the layers above it', () => {
  it.each([
    ["import type { ActivityView } from '../workflows/application/contract';\nexport type A = ActivityView;\n", 'src/domain/lint-probe.ts'],
    ["import { DEFAULT_TASK_QUEUE } from '../workflows/application/contract';\nexport const q = DEFAULT_TASK_QUEUE;\n", 'src/domain/lint-probe.ts'],
    ["export type { ActivityView } from '../workflows/application/contract';\n", 'src/domain/lint-probe.ts'],
    // Type-only imports of activities are fine in workflow code (above), not in the domain.
    ["import type { Activities } from '../activities';\nexport type A = Activities;\n", 'src/domain/lint-probe.ts'],
    ["import type { Role } from '../config';\nexport type R = Role;\n", 'src/domain/lint-probe.ts'],
    ["import type { ApiToken } from '../api/auth';\nexport type T = ApiToken;\n", 'src/domain/lint-probe.ts'],
    ["import { PROJECT_ROOT } from '../temporal/binaries';\nexport const r = PROJECT_ROOT;\n", 'src/domain/lint-probe.ts'],
    ["import type { PayloadKeys } from '../../temporal/codec';\nexport type K = PayloadKeys;\n", 'src/domain/nested/lint-probe.ts'],
  ])('rejects %j in %s', async (code, file) => {
    expect(await ruleIds(code, file)).toContain('no-restricted-imports');
  });

  it('keeps the deterministic restrictions for domain and workflow files', async () => {
    const builtin = "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n";
    const client = "import { Client } from '@temporalio/client';\nexport const c = Client;\n";
    const io = "import { Pool } from 'pg';\nexport const p = Pool;\n";
    for (const file of ['src/domain/lint-probe.ts', 'src/workflows/application/lint-probe.ts']) {
      for (const code of [builtin, client, io]) expect(await ruleIds(code, file)).toContain('no-restricted-imports');
      expect(await ruleIds('export const r = Math.random();\n', file)).toContain('no-restricted-properties');
      expect(await ruleIds('export const p = process.env.X;\n', file)).toContain('no-restricted-globals');
    }
  });

  it('allows imports within the domain and of pure libraries', async () => {
    const ids = await ruleIds(
      "import { tzOffset } from '@date-fns/tz';\nimport { addDays } from './dates';\nimport type { FollowUpView } from './follow-ups';\nexport const a = [tzOffset, addDays];\nexport type F = FollowUpView;\n",
      'src/domain/lint-probe.ts',
    );
    expect(ids).toEqual([]);
  });

  it('does not restrict the contract for workflow code', async () => {
    const ids = await ruleIds("import type { ActivityView } from './contract';\nexport type A = ActivityView;\n", 'src/workflows/application/lint-probe.ts');
    expect(ids).toEqual([]);
  });
});

describe('ESLint: configuration and the database layer sit below the workflows', () => {
  it.each([
    ["import { DEFAULT_TASK_QUEUE } from './workflows/application/contract';\nexport const q = DEFAULT_TASK_QUEUE;\n", 'src/config.ts'],
    ["import type { ApplicationView } from './workflows/application/contract';\nexport type V = ApplicationView;\n", 'src/config.ts'],
    ["export { WORKFLOW_TYPE } from './workflows/application/contract';\n", 'src/config.ts'],
    ["import type { PersistBatch } from '../workflows/application/projection-contract';\nexport type B = PersistBatch;\n", 'src/db/lint-probe.ts'],
    ["import { applicationWorkflowId } from '../workflows/application/contract';\nexport const id = applicationWorkflowId;\n", 'src/db/lint-probe.ts'],
  ])('rejects %j in %s', async (code, file) => {
    expect(await ruleIds(code, file)).toContain('no-restricted-imports');
  });

  it('allows what sits below the workflows, and the contract elsewhere', async () => {
    expect(await ruleIds("import { DEFAULT_TASK_QUEUE } from './temporal/task-queues';\nexport const q = DEFAULT_TASK_QUEUE;\n", 'src/config.ts')).toEqual([]);
    expect(await ruleIds("import { DEFAULT_DATABASE_URL } from './url';\nexport const u = DEFAULT_DATABASE_URL;\n", 'src/db/lint-probe.ts')).toEqual([]);
    expect(
      await ruleIds("import { DEFAULT_TASK_QUEUE } from '../workflows/application/contract';\nexport const q = DEFAULT_TASK_QUEUE;\n", 'src/api/lint-probe.ts'),
    ).toEqual([]);
  });

  it('the contract still offers the task queue, from below', () => {
    expect(contract.DEFAULT_TASK_QUEUE).toBe(queues.DEFAULT_TASK_QUEUE);
    expect(config.DEFAULT_TASK_QUEUE).toBe(queues.DEFAULT_TASK_QUEUE);
    expect(config.loadConfig({ NODE_ENV: 'test' }).temporal.taskQueue).toBe('wioa-applications');
  });
});

describe('ESLint: src/api and src/activities reach the workflows through contract files only', () => {
  it.each([
    ["import { takeBatch } from '../../workflows/application/outbox';\nexport const f = takeBatch;\n", 'src/api/services/lint-probe.ts'],
    ["import { initialState } from '../../workflows/application/state';\nexport const f = initialState;\n", 'src/api/services/lint-probe.ts'],
    ["import type { ApplicationState } from '../workflows/application/state';\nexport type S = ApplicationState;\n", 'src/activities/lint-probe.ts'],
  ])('rejects %j', async (code, file) => {
    expect(await ruleIds(code, file)).toContain('no-restricted-imports');
  });

  it.each([
    [
      "import { applicationWorkflowId } from '../../workflows/application/contract';\nexport const f = applicationWorkflowId;\n",
      'src/api/services/lint-probe.ts',
    ],
    ["import { takeBatch } from '../../workflows/application/import-contract';\nexport const f = takeBatch;\n", 'src/api/services/lint-probe.ts'],
    ["import type { PersistBatch } from '../workflows/application/projection-contract';\nexport type B = PersistBatch;\n", 'src/activities/lint-probe.ts'],
  ])('allows %j', async (code, file) => {
    expect(await ruleIds(code, file)).toEqual([]);
  });
});
