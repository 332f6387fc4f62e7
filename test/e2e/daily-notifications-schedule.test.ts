/**
 * R-SUB-2 in dev mode, as a user runs it: `npm start` creates the Temporal Schedule of the daily
 * notifications job (06:00 agency time), the worker runs it when triggered, the Schedule survives a
 * restart of the dev server on its state file (nobody re-creates it), and a second `npm start` on the
 * same state neither duplicates nor re-creates it. Free ports, its own data folder and database.
 */
import { type ChildProcess, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { resolveTemporalCli } from '../../src/temporal/binaries';
import { startDevServer } from '../../src/temporal/dev-server';
import { createLogger } from '../../src/logger';
import { testDatabaseName, testServerUrl } from '../../src/db/test-database';
import { withDatabase } from '../../src/db/url';
import { DAILY_NOTIFICATIONS_SCHEDULE_ID, DAILY_NOTIFICATIONS_WORKFLOW_ID } from '../../src/workflows/notifications/contract';
import { eventually } from '../helpers/wait';
import { freePort } from '../helpers/ports';
import { startNpmStart } from '../helpers/npm-start';

let dataDir: string;
let dbName: string;
let ports: { api: number; grpc: number; ui: number; sdkMetrics: number };
let child: ChildProcess | undefined;

/** `npm start` (dev mode) until it is ready; returns its output so far (and keeps collecting). */
async function start(): Promise<{ output: () => string }> {
  const started = await startNpmStart({ ports, dataDir, databaseUrl: withDatabase(testServerUrl(), dbName) });
  child = started.child;
  return started;
}

async function stop(): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child!.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

const cli = (...args: string[]): string =>
  execFileSync(resolveTemporalCli(), [...args, '--address', `127.0.0.1:${ports.grpc}`, '--namespace', 'default', '-o', 'json'], { encoding: 'utf8' });

/** The ids of the Schedules the server lists (the CLI answers one JSON object per line). */
function scheduleIds(): string[] {
  const out = cli('schedule', 'list').trim();
  if (!out) return [];
  type Entry = { scheduleId?: string };
  let entries: Entry[];
  try {
    const parsed = JSON.parse(out) as Entry | Entry[];
    entries = Array.isArray(parsed) ? parsed : [parsed];
  } catch {
    entries = out
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Entry); // JSON lines
  }
  return entries.map((e) => e.scheduleId ?? '');
}

beforeAll(async () => {
  ports = { api: await freePort(), grpc: await freePort(), ui: await freePort(), sdkMetrics: await freePort() };
  dataDir = mkdtempSync(join(tmpdir(), 'wioa-schedule-'));
  dbName = testDatabaseName('schedule');
});

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
  const pg = new PgClient({ connectionString: withDatabase(testServerUrl(), 'postgres') });
  await pg.connect();
  await pg.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await pg.end();
});

describe('R-SUB-2 the daily notifications Schedule (TEMPORAL_MODE=dev)', () => {
  it('R-SUB-2 exists after npm start: every day at 06:00 agency time, and the worker runs it when triggered', async () => {
    const first = await start();
    try {
      expect(first.output()).toContain('daily notifications schedule created');
      await eventually(
        async () => scheduleIds(),
        (ids) => ids.includes(DAILY_NOTIFICATIONS_SCHEDULE_ID),
        10_000,
        'the schedule listed',
      );
      const described = cli('schedule', 'describe', '--schedule-id', DAILY_NOTIFICATIONS_SCHEDULE_ID);
      expect(described).toContain('dailyNotificationsWorkflow');
      expect(described).toContain('America/Los_Angeles');
      expect(JSON.stringify(JSON.parse(described).schedule.spec)).toMatch(/"hour":\[\{"start":6/);
      // What an operator can do from the UI or the CLI: run it now.
      execFileSync(resolveTemporalCli(), ['schedule', 'trigger', '--schedule-id', DAILY_NOTIFICATIONS_SCHEDULE_ID, '--address', `127.0.0.1:${ports.grpc}`]);
      await eventually(
        async () => cli('workflow', 'list', '--query', `WorkflowType = 'dailyNotificationsWorkflow' AND ExecutionStatus = 'Completed'`),
        (out) => out.includes(DAILY_NOTIFICATIONS_WORKFLOW_ID),
        30_000,
        'a completed run of the job',
      );
    } finally {
      await stop();
    }
  });

  it('R-SUB-2 survives a restart of the dev server on its state file (nothing re-creates it)', async () => {
    const server = await startDevServer({
      cliPath: resolveTemporalCli(),
      dataDir,
      host: '127.0.0.1',
      port: ports.grpc,
      uiPort: ports.ui,
      namespace: 'default',
      logger: createLogger('silent', 'dev-server'),
    });
    try {
      expect(scheduleIds().filter((id) => id === DAILY_NOTIFICATIONS_SCHEDULE_ID)).toHaveLength(1);
    } finally {
      await server.stop();
    }
  });

  it('R-SUB-2 a second npm start on the same state keeps exactly one Schedule (updated, not created again)', async () => {
    const second = await start();
    try {
      expect(second.output()).not.toContain('daily notifications schedule created');
      expect(scheduleIds().filter((id) => id === DAILY_NOTIFICATIONS_SCHEDULE_ID)).toHaveLength(1);
    } finally {
      await stop();
    }
  });
});
