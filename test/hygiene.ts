/**
 * Suite hygiene (issue 17): what the tests start, the tests stop. `globalSetup` notes which
 * processes already exist and starts a ledger that createTestDatabase writes every database name
 * into; `globalTeardown` fails the run if a Temporal server, a worker, an API or any other process the
 * tests started is still alive (a descendant of the Jest process, or an orphan running this
 * checkout's code or tools), or if a database of the ledger was left behind. Other runs on the same
 * machine (another checkout, a developer's `npm start`) are none of its business. It then kills and drops what it found, so one leak does not poison the next run.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { PROJECT_ROOT } from '../src/temporal/binaries';
import { TEST_DATABASE_PREFIX, testServerUrl } from '../src/db/test-database';
import { withDatabase } from '../src/db/url';

interface Proc {
  pid: number;
  ppid: number;
  cmd: string;
}

export function processes(): Proc[] {
  const out: Proc[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      if (!stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) out.push({ pid: Number(entry), ppid, cmd });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/**
 * Processes the tests may have started: descendants of `root`, or orphans running this checkout's
 * code or tools. (A developer's own `npm start` from the same checkout has a live parent: not counted.)
 */
export function suspects(all: Proc[], root: number, exclude: Set<number>): Proc[] {
  const children = new Map<number, number[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p.pid]);
  const descendants = new Set<number>();
  const stack = [...(children.get(root) ?? [])];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    if (descendants.has(pid)) continue;
    descendants.add(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  const ancestors = new Set<number>();
  for (let pid: number | undefined = root; pid && !ancestors.has(pid); pid = all.find((p) => p.pid === pid)?.ppid) ancestors.add(pid);
  return all.filter(
    (p) =>
      !exclude.has(p.pid) &&
      !ancestors.has(p.pid) &&
      (descendants.has(p.pid) ||
        // Orphans (re-parented to init) running this checkout's tools or code: a test killed its parent only.
        (p.ppid === 1 && (p.cmd.includes(join(PROJECT_ROOT, '.tools')) || (p.cmd.includes(PROJECT_ROOT) && /tsx|node/.test(p.cmd))))),
  );
}

/** Where createTestDatabase notes each database this run creates (set by globalSetup). */
export const LEDGER = join(tmpdir(), `wioa-jest-databases-${process.pid}.txt`);

/** The databases this run created (other runs on the same PostgreSQL are none of its business). */
export function ledger(): string[] {
  try {
    return [...new Set(readFileSync(LEDGER, 'utf8').split('\n').filter(Boolean))];
  } catch {
    return [];
  }
}

export async function testDatabases(): Promise<string[]> {
  const client = new Client({ connectionString: withDatabase(testServerUrl(), 'postgres') });
  await client.connect();
  try {
    const res = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${TEST_DATABASE_PREFIX}%`]);
    return res.rows.map((r) => r.datname);
  } finally {
    await client.end();
  }
}

export async function dropDatabases(names: string[]): Promise<void> {
  if (names.length === 0) return;
  const client = new Client({ connectionString: withDatabase(testServerUrl(), 'postgres') });
  await client.connect();
  try {
    for (const name of names) await client.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

export const SNAPSHOT = join(tmpdir(), `wioa-jest-hygiene-${process.pid}.json`);

export interface Snapshot {
  pids: number[];
}

export function writeSnapshot(s: Snapshot): void {
  writeFileSync(SNAPSHOT, JSON.stringify(s));
}

export function readSnapshot(): Snapshot {
  try {
    return JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as Snapshot;
  } catch {
    return { pids: [] };
  }
}
