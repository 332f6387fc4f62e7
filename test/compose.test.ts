/**
 * docker-compose.yml cannot be run here (no Docker engine), so check what can be checked: it is valid
 * against the Compose Specification's JSON schema, every service the product needs is there and wired
 * to the others in the right order, the API and the worker get the settings that `loadConfig` requires
 * in production, the images are pinned to the versions the README names, and the Temporal server and
 * UI versions are those of the dev server the tests run against.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../src/config';
import { resolveTemporalCli } from '../src/temporal/binaries';
import { searchAttributeFlags } from '../src/temporal/dev-server';

const root = join(__dirname, '..');
const composePath = join(root, 'docker-compose.yml');
// `merge: true`: the file shares the app's environment through a YAML merge key (<<), as Compose does.
const compose = parse(readFileSync(composePath, 'utf8'), { merge: true });
const services: Record<string, any> = compose.services;
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

const ONE_SHOTS = ['temporal-schema', 'temporal-create-namespace', 'temporal-search-attributes', 'migrate'];
const commandOf = (name: string): string => [services[name].command].flat().join(' ');
const dependsOn = (name: string): Record<string, { condition: string }> => services[name].depends_on ?? {};
const hostPort = (name: string, containerPort: number): number => {
  const mapping = (services[name].ports as string[]).find((p) => p.endsWith(`:${containerPort}`));
  if (!mapping) throw new Error(`${name} publishes no port ${containerPort}`);
  return Number(mapping.split(':').at(-2));
};

/** An npm script `tsx <args>` as the image runs it without npm: `./node_modules/.bin/tsx <args>`. */
const tsxCommandOf = (script: string): string[] => {
  const [bin, ...args] = String(pkg.scripts[script]).split(' ');
  if (bin !== 'tsx') throw new Error(`npm script ${script} does not start with tsx`);
  return ['./node_modules/.bin/tsx', ...args];
};

/** The Python that `npm install` (scripts/install-tools.mjs) used to install check-jsonschema into .tools/py. */
function checkJsonSchema(file: string): { status: number | null; output: string } {
  const pythons = [process.env.PYTHON, 'python3', 'python'].filter((p): p is string => Boolean(p));
  for (const python of pythons) {
    const r = spawnSync(python, ['-m', 'check_jsonschema', '--builtin-schema', 'vendor.compose-spec', file], {
      env: { ...process.env, PYTHONPATH: join(root, '.tools', 'py-check') },
      encoding: 'utf8',
    });
    if (r.error) continue; // this python is not installed
    if (r.status !== 0 && /No module named check_jsonschema/.test(r.stderr)) continue;
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  }
  throw new Error('check-jsonschema is not installed in .tools/py-check: run `npm install` (scripts/install-tools.mjs)');
}

/** `${VAR:-default}` / `${VAR:?message}` resolved the way compose would with a .env providing the secrets. */
function resolveEnvironment(environment: Record<string, unknown>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(environment)) {
    if (v === null || v === undefined) continue; // `NAME:` with no value: passed through from the shell only when set
    env[k] = String(v).replace(/\$\{(\w+)(?::-([^}]*)|:\?[^}]*)?\}/g, (_m, name: string, dflt?: string) =>
      name === 'PII_ENCRYPTION_KEY'
        ? Buffer.alloc(32, 7).toString('base64')
        : name === 'PAYLOAD_ENCRYPTION_KEYS'
          ? `2026-11:${Buffer.alloc(32, 9).toString('base64')}`
          : name === 'API_TOKENS'
            ? ['staff', 'supervisor', 'viewer'].map((role, i) => `${Buffer.alloc(32, i + 1).toString('base64')}:S-000${i + 1}:${role}`).join(',')
            : (dflt ?? ''),
    );
  }
  return env;
}

/** The README's "## Docker" section, up to the next level-2 heading. */
function readmeDockerSection(): string {
  const start = readme.indexOf('\n## Docker\n');
  if (start < 0) throw new Error('README.md has no "## Docker" section');
  const next = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, next < 0 ? undefined : next);
}

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification (check-jsonschema, vendored compose-spec schema)', () => {
    const result = checkJsonSchema(composePath);
    expect([result.status, result.output]).toEqual([0, expect.stringContaining('ok -- validation done')]);
  });

  it('the schema check does reject an invalid compose file (the validator is really at work)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'compose-check-'));
    try {
      const bad = join(dir, 'docker-compose.yml');
      writeFileSync(bad, 'services:\n  api:\n    image: x\n    depends_on:\n      db:\n        condition: when-it-feels-like-it\n    bogus: 1\n');
      const result = checkJsonSchema(bad);
      expect(result.status).toBe(1);
      expect(result.output).toMatch(/bogus/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has PostgreSQL, the schema/namespace/search-attribute jobs, Temporal, the Web UI, the migration, the API and the worker', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['api', 'migrate', 'postgres', 'temporal', 'temporal-create-namespace', 'temporal-schema', 'temporal-search-attributes', 'temporal-ui', 'worker'].sort(),
    );
    for (const name of ['postgres', 'temporal', 'api', 'worker']) expect([name, services[name].healthcheck?.test]).toEqual([name, expect.anything()]);
    for (const name of ONE_SHOTS) expect([name, services[name].restart]).toEqual([name, 'no']);
  });

  it('every depends_on names a defined service', () => {
    for (const [name, svc] of Object.entries<any>(services)) {
      const deps = Array.isArray(svc.depends_on) ? svc.depends_on : Object.keys(svc.depends_on ?? {});
      for (const dep of deps) expect([name, services[dep] ? 'ok' : 'missing']).toEqual([name, 'ok']);
    }
  });

  it('starts in order: schema → server → namespace → search attributes, and migration → API and worker', () => {
    expect(dependsOn('temporal-schema').postgres?.condition).toBe('service_healthy');
    expect(dependsOn('temporal')['temporal-schema']?.condition).toBe('service_completed_successfully');
    expect(dependsOn('temporal-create-namespace').temporal?.condition).toBe('service_healthy');
    expect(dependsOn('temporal-search-attributes')['temporal-create-namespace']?.condition).toBe('service_completed_successfully');
    expect(dependsOn('temporal-ui')['temporal-create-namespace']?.condition).toBe('service_completed_successfully');
    expect(dependsOn('migrate').postgres?.condition).toBe('service_healthy');
    for (const name of ['api', 'worker']) {
      expect([name, dependsOn(name).migrate?.condition]).toEqual([name, 'service_completed_successfully']);
      expect([name, dependsOn(name)['temporal-search-attributes']?.condition]).toEqual([name, 'service_completed_successfully']);
    }
  });

  it('sets up both Temporal databases with the schema tool of admin-tools', () => {
    const command = commandOf('temporal-schema');
    expect(services['temporal-schema'].environment).toMatchObject({ SQL_PLUGIN: 'postgres12', SQL_HOST: 'postgres', SQL_PORT: '5432' });
    for (const [db, dir] of [
      ['temporal', 'temporal'],
      ['temporal_visibility', 'visibility'],
    ]) {
      expect(command).toContain(`temporal-sql-tool --db ${db} create;`);
      expect(command).toContain(`temporal-sql-tool --db ${db} setup-schema -v 0.0;`);
      expect(command).toContain(`temporal-sql-tool --db ${db} update-schema -d /etc/temporal/schema/postgresql/v12/${dir}/versioned`);
    }
    expect(command).toMatch(/^set -eu;/);
  });

  it('runs temporalio/server on PostgreSQL with those databases and a dynamic config file that exists', () => {
    const env = services.temporal.environment;
    expect(env).toMatchObject({
      DB: 'postgres12',
      POSTGRES_SEEDS: 'postgres',
      DB_PORT: '5432',
      DBNAME: 'temporal',
      VISIBILITY_DBNAME: 'temporal_visibility',
      BIND_ON_IP: '0.0.0.0',
    });
    expect(env.POSTGRES_PWD).toBe(services.postgres.environment.POSTGRES_PASSWORD);
    // The server refuses to start without its dynamic config file: the mounted folder must hold it.
    const mount = (services.temporal.volumes as string[]).find((v) => v.includes(':/etc/temporal/config/dynamicconfig'));
    expect(mount).toBeDefined();
    const [source, target] = mount!.split(':');
    expect(String(env.DYNAMIC_CONFIG_FILE_PATH).startsWith(`${target}/`)).toBe(true);
    expect(existsSync(join(root, source!, String(env.DYNAMIC_CONFIG_FILE_PATH).slice(target!.length + 1)))).toBe(true);
    expect(services.temporal.ports).toContain('127.0.0.1:7233:7233');
  });

  it("creates the app's namespace and registers every custom search attribute of the contract with its type", () => {
    const namespace = services.api.environment.TEMPORAL_NAMESPACE;
    expect(commandOf('temporal-create-namespace')).toContain(`temporal operator namespace create --namespace ${namespace}`);
    const command = commandOf('temporal-search-attributes');
    expect(command).toContain(`search-attribute create --namespace ${namespace}`);
    const flags = searchAttributeFlags().filter((f) => f !== '--search-attribute');
    expect(flags.length).toBeGreaterThan(0);
    for (const flag of flags) {
      const [name, type] = flag.split('=');
      expect(command).toContain(`--name ${name} --type ${type}`);
    }
    expect(command).not.toMatch(/\|\|\s*true/); // a real failure (a type clash) must stop the start
  });

  it("points the Web UI's codec endpoint at the API's codec server, which allows the UI's origin", () => {
    const ui = resolveEnvironment(services['temporal-ui'].environment);
    const uiPort = hostPort('temporal-ui', 8080);
    const apiPort = hostPort('api', 3000);
    expect(uiPort).toBe(8233);
    expect(ui.TEMPORAL_ADDRESS).toBe('temporal:7233');
    expect(ui.TEMPORAL_CODEC_ENDPOINT).toBe(`http://127.0.0.1:${apiPort}/codec`);
    const allowed = String(services.api.environment.CODEC_CORS_ORIGINS).split(',');
    expect(allowed).toEqual(expect.arrayContaining([`http://localhost:${uiPort}`, `http://127.0.0.1:${uiPort}`]));
  });

  it("is ready for SSO (R-OPS-1): the UI passes the signed-in user's access token, the API takes the OIDC settings from the shell", () => {
    const ui = services['temporal-ui'].environment;
    expect(ui.TEMPORAL_CODEC_PASS_ACCESS_TOKEN).toBe('true');
    expect(ui.TEMPORAL_CODEC_INCLUDE_CREDENTIALS).toBe('false');
    for (const name of [
      'TEMPORAL_AUTH_ENABLED',
      'TEMPORAL_AUTH_PROVIDER_URL',
      'TEMPORAL_AUTH_CLIENT_ID',
      'TEMPORAL_AUTH_CLIENT_SECRET',
      'TEMPORAL_AUTH_CALLBACK_URL',
      'TEMPORAL_AUTH_SCOPES',
    ]) {
      expect(Object.keys(ui)).toContain(name);
    }
    const api = services.api.environment;
    for (const name of ['CODEC_OIDC_JWKS_URL', 'CODEC_OIDC_ISSUER', 'CODEC_OIDC_AUDIENCE', 'CODEC_OIDC_DECODE_GROUPS', 'CODEC_OIDC_ENCODE_GROUPS']) {
      expect(Object.keys(api)).toContain(name);
      expect(api[name]).toBeNull(); // passed through when set, never an empty string (loadConfig refuses those)
    }
    // With the OIDC settings given, the API's environment is still a valid production configuration.
    const env = {
      ...resolveEnvironment(api),
      CODEC_OIDC_JWKS_URL: 'https://idp.example.org/.well-known/jwks.json',
      CODEC_OIDC_ISSUER: 'https://idp.example.org/',
      CODEC_OIDC_AUDIENCE: 'temporal-ui',
      CODEC_OIDC_DECODE_GROUPS: 'wioa-operators',
    };
    expect(loadConfig(env).codec).toBeDefined();
  });

  it('R-AUTH-1 the static tokens come from .env (no placeholder default: production refuses tokens under 32 characters); OIDC and the limits are settings of the API', () => {
    const app = String(services.api.environment.API_TOKENS);
    expect(app).toMatch(/^\$\{API_TOKENS:\?/);
    expect(app).not.toContain('change-me');
    const api = services.api.environment;
    for (const name of ['OIDC_ISSUER', 'OIDC_AUDIENCE', 'OIDC_STAFF_ID_CLAIM', 'OIDC_ROLES_CLAIM', 'OIDC_OFFICES_CLAIM']) {
      expect(Object.keys(api)).toContain(name);
      expect(api[name]).toBeNull();
    }
    const env = { ...resolveEnvironment(api), OIDC_ISSUER: 'https://idp.example.org/realms/wioa', OIDC_AUDIENCE: 'wioa-api' };
    expect(loadConfig(env)).toMatchObject({ oidc: { issuer: 'https://idp.example.org/realms/wioa' }, rateLimitPerMinute: 600, idempotencyTtlDays: 30 });
    // The placeholder tokens the file once had are refused in production.
    expect(() => loadConfig({ ...resolveEnvironment(api), API_TOKENS: 'change-me-staff:S-0001:staff' })).toThrow(/at least 32 characters/);
  });

  it('runs the migration, the API and the worker (two replicas) from the Dockerfile with their npm scripts', () => {
    expect([services.migrate.build, services.migrate.command]).toEqual(['.', ['npm', 'run', 'db:migrate']]);
    // The long-running services run their npm script's tsx command without npm, which does not pass
    // SIGTERM on to the app; init: true puts a PID 1 in front that does.
    for (const [name, script] of [
      ['api', 'start:api'],
      ['worker', 'start:worker'],
    ] as const) {
      expect([name, services[name].build, services[name].init]).toEqual([name, '.', true]);
      expect([name, services[name].command]).toEqual([name, tsxCommandOf(script)]);
    }
    expect(pkg.scripts['start:api']).toBe('tsx src/api/index.ts');
    expect(pkg.scripts['start:worker']).toBe('tsx src/worker/index.ts');
    expect(services.worker.deploy.replicas).toBe(2);
    expect(services.worker.ports).toBeUndefined(); // replicas cannot share a host port
    expect(services.api.ports).toContain('127.0.0.1:3000:3000');
    expect(services.migrate.environment.DATABASE_URL).toBe(services.api.environment.DATABASE_URL);
  });

  it.each(['api', 'worker'])("the %s's environment is a valid production configuration", (name) => {
    const config = loadConfig(resolveEnvironment(services[name].environment));
    expect(config.nodeEnv).toBe('production');
    expect(config.temporal.mode).toBe('external');
    expect(config.temporal.address).toBe('temporal:7233');
    expect(config.databaseUrl).toBe('postgresql://postgres:postgres@postgres:5432/wioa');
    expect(config.apiTokens.map((t) => t.role).sort()).toEqual(['staff', 'supervisor', 'viewer']);
    expect(config.payloadKeys?.activeKeyId).toBe('2026-11');
    if (name === 'api') {
      expect(config.host).toBe('0.0.0.0');
      expect(config.port).toBe(3000);
    } else {
      // The worker's healthcheck asks its SDK metrics port.
      expect(config.sdkMetricsAddress).toBe('0.0.0.0:9464');
      expect(JSON.stringify(services.worker.healthcheck.test)).toContain('127.0.0.1:9464/metrics');
    }
  });

  it('the API and the worker share one configuration (task queue, keys, database)', () => {
    for (const key of ['TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'TEMPORAL_TASK_QUEUE', 'DATABASE_URL', 'PII_ENCRYPTION_KEY', 'PAYLOAD_ENCRYPTION_KEYS']) {
      expect([key, services.worker.environment[key]]).toEqual([key, services.api.environment[key]]);
    }
  });

  it('pins every image to an exact version, admin-tools at the server version', () => {
    const images = Object.values(services).flatMap((s) => (s.image ? [String(s.image)] : []));
    for (const image of images) expect(image).toMatch(/^[a-z0-9/_.-]+:\d+\.\d+(\.\d+)?$/);
    const tag = (repo: string) => [...new Set(images.filter((i) => i.startsWith(`${repo}:`)).map((i) => i.split(':')[1]))];
    expect(tag('temporalio/server')).toHaveLength(1);
    expect(tag('temporalio/admin-tools')).toEqual(tag('temporalio/server'));
    expect(images.some((i) => i.startsWith('temporalio/auto-setup'))).toBe(false);
  });

  it('runs the Temporal server and Web UI versions that the tested dev server reports', () => {
    // The tests run against the Temporal CLI's dev server (.tools/py, from PyPI): e.g.
    // "temporal version 1.9.1 (Server 1.32.0, UI 2.54.1)".
    const out = spawnSync(resolveTemporalCli(), ['--version'], { encoding: 'utf8' }).stdout;
    const m = /Server (\d+\.\d+\.\d+), UI (\d+\.\d+\.\d+)/.exec(out);
    expect(m).not.toBeNull();
    const [, server, ui] = m!;
    expect(services.temporal.image).toBe(`temporalio/server:${server}`);
    expect(services['temporal-ui'].image).toBe(`temporalio/ui:${ui}`);
    expect(readmeDockerSection()).toContain(`Tested with Temporal Server ${server}`);
  });

  it("names in the README's Docker section exactly the images and versions of the file", () => {
    const section = readmeDockerSection();
    const rows = section.split('\n').filter((l) => /^\|.*\|\s*$/.test(l) && !/^\|\s*-/.test(l));
    const named = new Set<string>();
    for (const row of rows) {
      const [servicesCell, imageCell] = row
        .split('|')
        .slice(1, 3)
        .map((c) => c.trim());
      const image = /^`([^`]+:[^`]+)`$/.exec(imageCell ?? '')?.[1];
      if (!image) continue; // the header, and the row of the services built from the Dockerfile
      named.add(image);
      for (const svc of [...servicesCell!.matchAll(/`([^`]+)`/g)].map((x) => x[1]!)) {
        expect([svc, services[svc]?.image]).toEqual([svc, image]);
      }
    }
    const inFile = new Set(Object.values(services).flatMap((s) => (s.image ? [String(s.image)] : [])));
    expect([...named].sort()).toEqual([...inFile].sort());
    expect(section).toContain('](docs/deployment.md)');
  });

  it('the Dockerfile installs from the lockfile and starts the one start command (`npm start` without npm) by default', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/npm install --omit=dev/);
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];
    expect(JSON.parse(cmd ?? 'null')).toEqual(tsxCommandOf('start'));
  });
});
