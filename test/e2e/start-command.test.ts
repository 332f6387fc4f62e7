/**
 * The README's start command, as a user runs it (dev mode): it creates the database, applies the
 * migrations, starts the Temporal dev server with its Web UI, the worker and the API; a POSTed
 * application shows up as a workflow in the UI's server; SIGTERM stops everything cleanly.
 * Free ports and a database of its own keep it away from a real `npm start` on this machine.
 */
import { type ChildProcess, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { apiClient } from '../helpers/http';
import { resolveTemporalCli } from '../../src/temporal/binaries';
import { testDatabaseName, testServerUrl } from '../../src/db/test-database';
import { withDatabase } from '../../src/db/url';
import { freePort } from '../helpers/ports';
import { startNpmStart } from '../helpers/npm-start';

let child: ChildProcess;
let output: () => string = () => '';
let dataDir: string;
let databaseUrl: string;
let dbName: string;
let ports: { api: number; grpc: number; ui: number; sdkMetrics: number };

async function dropDb(): Promise<void> {
  const pg = new PgClient({ connectionString: withDatabase(testServerUrl(), 'postgres') });
  await pg.connect();
  await pg.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await pg.end();
}

beforeAll(async () => {
  ports = { api: await freePort(), grpc: await freePort(), ui: await freePort(), sdkMetrics: await freePort() };
  dataDir = mkdtempSync(join(tmpdir(), 'wioa-start-'));
  dbName = testDatabaseName('start_cmd');
  databaseUrl = withDatabase(testServerUrl(), dbName); // does not exist yet: the start command creates it
  const started = await startNpmStart({ ports, dataDir, databaseUrl });
  child = started.child;
  output = started.output;
});

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
  await dropDb();
});

describe('npm start (TEMPORAL_MODE=dev)', () => {
  it('prints where the API, the docs and the Temporal UI are', () => {
    expect(output()).toContain(`http://127.0.0.1:${ports.api}/api/v1`);
    expect(output()).toContain(`http://127.0.0.1:${ports.api}/docs`);
    expect(output()).toContain(`http://127.0.0.1:${ports.ui}/namespaces/default/workflows`);
  });

  it('answers /health, serves the Temporal UI, and a POSTed application is a workflow the UI server lists', async () => {
    const http = apiClient(`http://127.0.0.1:${ports.api}`);
    const health = await http.get('/health', { token: null });
    expect(health.body).toMatchObject({ status: 'ok', temporal: { status: 'up', mode: 'dev' }, database: { status: 'up' } });

    const ui = await fetch(`http://127.0.0.1:${ports.ui}/`);
    expect(ui.status).toBe(200);
    // R-OPS-1: the UI is wired to the codec route, and the codec server takes the local UI's calls without a token.
    const settings = (await (await fetch(`http://127.0.0.1:${ports.ui}/api/v1/settings`)).json()) as { Codec?: { Endpoint?: string } };
    expect(settings.Codec?.Endpoint).toBe(`http://127.0.0.1:${ports.api}/codec`);
    const decoded = await fetch(`http://127.0.0.1:${ports.api}/codec/decode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-namespace': 'default', origin: `http://localhost:${ports.ui}` },
      body: JSON.stringify({ payloads: [] }),
    });
    expect([decoded.status, decoded.headers.get('access-control-allow-origin')]).toEqual([200, `http://localhost:${ports.ui}`]);
    expect(output()).toContain(`decodes through http://127.0.0.1:${ports.api}/codec`);

    const p = await http.post('/api/v1/participants', { firstName: 'Start', lastName: 'Command', birthDate: '1980-01-01' });
    const app = await http.post('/api/v1/applications', { participantId: p.body.id, programs: ['ADULT'], eligibilityDate: '2024-01-02', office: 'LA-2703' });
    expect(app.status).toBe(201);

    // What an operator sees: the CLI against the same server (the UI reads the same API).
    const described = JSON.parse(
      execFileSync(
        resolveTemporalCli(),
        ['workflow', 'describe', '--address', `127.0.0.1:${ports.grpc}`, '-w', `wioa-application-${app.body.id}`, '-o', 'json'],
        {
          encoding: 'utf8',
        },
      ),
    );
    expect(JSON.stringify(described)).toContain('applicationWorkflow');
    const listed = execFileSync(
      resolveTemporalCli(),
      ['workflow', 'list', '--address', `127.0.0.1:${ports.grpc}`, '--query', "WioaOffice = 'LA-2703'", '-o', 'json'],
      { encoding: 'utf8' },
    );
    expect(listed).toContain(`wioa-application-${app.body.id}`);
  });

  it("/metrics serves the API metrics and the worker's Temporal SDK metrics", async () => {
    const text = await (await fetch(`http://127.0.0.1:${ports.api}/metrics`)).text();
    expect(text).toContain('wioa_http_request_duration_seconds_bucket');
    expect(text).toMatch(/^temporal_[a-z_]+\{/m); // from the SDK core's Prometheus exporter
    expect(text).toContain(`# Temporal SDK (worker) metrics from http://127.0.0.1:${ports.sdkMetrics}/metrics`);
  });

  it('created the database it was pointed at and applied the migrations', async () => {
    const pg = new PgClient({ connectionString: databaseUrl });
    await pg.connect();
    const { rows } = await pg.query('SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL');
    await pg.end();
    expect(rows[0].n).toBeGreaterThan(0);
  });

  it('SIGTERM stops the API, the worker and the Temporal server, and exits 0', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 30_000))]);
    expect(code).toBe(0);
    expect(output()).toContain('"msg":"stopped"');
    await expect(fetch(`http://127.0.0.1:${ports.api}/health`)).rejects.toThrow();
    await expect(fetch(`http://127.0.0.1:${ports.ui}/`)).rejects.toThrow();
  });
});
