/**
 * `npm run test:unit` runs every server-free test file and nothing else (test/server-free.js finds
 * them from what each file's code reaches; jest.unit.config.js selects them).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain CommonJS, shared with Jest's config
const serverFree = require('./server-free.js') as {
  classifyTestFiles(): { file: string; reasons: string[] }[];
  reasonsFor(file: string, text: string): string[];
  serverFreeTestFiles(): string[];
  testFiles(): string[];
};
// eslint-disable-next-line @typescript-eslint/no-require-imports -- Jest's config, plain CommonJS
const unitConfig = require('../jest.unit.config.js') as { testMatch: string[]; setupFiles: string[]; globalTeardown: string };

const classified = serverFree.classifyTestFiles();
const unit = classified.filter((c) => c.reasons.length === 0).map((c) => c.file);

describe('npm run test:unit', () => {
  it('runs jest.unit.config.js', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.scripts['test:unit']).toBe('jest --config jest.unit.config.js');
  });

  it('selects exactly the server-free test files, guarded against sockets', () => {
    expect([...unitConfig.testMatch].sort()).toEqual(unit.map((f) => `<rootDir>/${f}`).sort());
    expect(unitConfig.setupFiles).toContain('<rootDir>/test/unit-guard.js');
  });

  it('the guard refuses sockets (checked in a child process: it patches Node for the whole process)', () => {
    const probe = `require('./test/unit-guard.js');
      const net = require('node:net');
      const refused = (f) => { try { f(); return 'allowed'; } catch (e) { return /unit test/.test(e.message) ? 'refused' : e.message; } };
      console.log(JSON.stringify([refused(() => net.connect(5432, '127.0.0.1')), refused(() => require('node:http').createServer().listen(0))]));`;
    const run = spawnSync(process.execPath, ['-e', probe], { cwd: ROOT, encoding: 'utf8' });
    expect(JSON.parse(run.stdout)).toEqual(['refused', 'refused']);
  });

  it('classifies every test file the whole suite runs (jest.config.js)', () => {
    const listed = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--config', 'jest.config.js', '--listTests'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(listed.status).toBe(0);
    const suite = listed.stdout
      .split('\n')
      .filter(Boolean)
      .map((f) => relative(ROOT, f))
      .sort();
    expect(classified.map((c) => c.file)).toEqual(suite);
  });

  it.each([
    'test/domain/exit-clock.test.ts',
    'test/domain/dates-host-tz.test.ts', // a one-shot child process is no server
    'test/domain/sandbox-safety.test.ts', // replay needs no server
    'test/workflows/commands/lifecycle.test.ts',
    'test/workflows/next-wakeup.test.ts',
    'test/canonical-json.test.ts',
    'test/config.test.ts',
    'test/temporal/codec.test.ts',
    'test/temporal/call-timing.test.ts',
    'test/db/sql-literal.test.ts',
    'test/activities/timeliness-projection.test.ts',
    'test/activities/outbox-kinds.test.ts',
    'test/server-free.test.ts',
  ])('runs %s', (file) => {
    expect(classified.find((c) => c.file === file)).toEqual({ file, reasons: [] });
  });

  it('runs every test file under test/domain and test/workflows/commands', () => {
    const left = classified.filter((c) => /^test\/(domain|workflows\/commands)\//.test(c.file) && c.reasons.length > 0);
    expect(left).toEqual([]);
  });

  it.each([
    ['test/api/plans.test.ts', 'TestWorkflowEnvironment from @temporalio/testing'],
    ['test/db/sql.test.ts', 'pg'],
    ['test/activities/projection.test.ts', 'pg'],
    ['test/workflows/application.test.ts', 'TestWorkflowEnvironment from @temporalio/testing'],
    ['test/workflows/daily-notifications.test.ts', 'Worker.create (@temporalio/worker)'],
    ['test/e2e/start-command.test.ts', 'spawn from node:child_process'],
    ['test/fuzz/openapi-fuzzer.test.ts', '.listen()'],
    ['test/api/codec-oidc.test.ts', 'createServer from node:http'],
  ])('leaves out %s (it reaches %s)', (file, entry) => {
    const reasons = classified.find((c) => c.file === file)?.reasons ?? [];
    expect(reasons.some((r) => r.endsWith(entry))).toBe(true);
  });
});

describe('what counts as needing a server', () => {
  const reasons = (code: string) => serverFree.reasonsFor('test/workflows/probe.test.ts', code);

  it('a helper that reaches one, through the project modules', () => {
    expect(reasons("import { startStack } from '../helpers/stack';\nit('x', () => startStack({} as never));\n")).toEqual([
      expect.stringMatching(/^startStack \(test\/helpers\/stack\.ts\) → .*pg$/),
    ]);
    expect(reasons("import { casesStoppedAfterEach } from '../helpers/workflow-driver';\nconst start = casesStoppedAfterEach();\n")).toEqual([
      expect.stringMatching(/→ TestWorkflowEnvironment from @temporalio\/testing$/),
    ]);
  });

  it('a server library, a listening app, a long-running child process', () => {
    expect(reasons("import { Client } from 'pg';\nit('x', async () => new Client().connect());\n")).toEqual(['Client from pg']);
    expect(reasons("import express from 'express';\nit('x', () => express().listen(0));\n")).toEqual(['.listen()']);
    expect(reasons("import { spawn } from 'node:child_process';\nit('x', () => spawn('sleep', ['9']));\n")).toEqual(['spawn from node:child_process']);
  });

  it('not: types, pure helpers of the same modules, one-shot commands', () => {
    expect(
      reasons(
        "import type { Stack } from '../helpers/stack';\nimport { type TestWorkflowEnvironment } from '@temporalio/testing';\nlet s: Stack | TestWorkflowEnvironment;\nit('x', () => expect(s).toBeUndefined());\n",
      ),
    ).toEqual([]);
    expect(
      reasons(
        "import { testDataConverter, workflowBundle } from '../helpers/temporal';\nit('x', async () => [testDataConverter(), await workflowBundle()]);\n",
      ),
    ).toEqual([]);
    expect(reasons("import { execFileSync, spawnSync } from 'node:child_process';\nit('x', () => [execFileSync('true'), spawnSync('true')]);\n")).toEqual([]);
    expect(reasons("import { MockActivityEnvironment } from '@temporalio/testing';\nit('x', () => new MockActivityEnvironment());\n")).toEqual([]);
  });
});
