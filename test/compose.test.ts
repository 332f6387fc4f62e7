/**
 * docker-compose.yml cannot be run here (no Docker engine), so check what can be checked: it parses,
 * every service the product needs is there and wired to the others, and the app gets the settings
 * that `loadConfig` requires in production.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../src/config';
import { ALL_SEARCH_ATTRIBUTES } from '../src/workflows/application/contract';

const root = join(__dirname, '..');
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'));

describe('docker-compose.yml', () => {
  it('has PostgreSQL, Temporal on PostgreSQL, the Web UI and the app', () => {
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining(['postgres', 'temporal', 'temporal-ui', 'app', 'temporal-search-attributes']),
    );
    expect(compose.services.temporal.environment.DB).toBe('postgres12');
    expect(compose.services.temporal.environment.POSTGRES_SEEDS).toBe('postgres');
    expect(compose.services['temporal-ui'].ports).toContain('8233:8080');
    expect(compose.services.app.ports).toContain('3000:3000');
    expect(compose.services.app.build).toBe('.');
  });

  it('every depends_on names a defined service', () => {
    for (const [name, svc] of Object.entries<any>(compose.services)) {
      const deps = Array.isArray(svc.depends_on) ? svc.depends_on : Object.keys(svc.depends_on ?? {});
      for (const dep of deps) expect([name, compose.services[dep] ? 'ok' : 'missing']).toEqual([name, 'ok']);
    }
  });

  it('registers every custom search attribute of the contract', () => {
    const command = [compose.services['temporal-search-attributes'].command].flat().join(' ');
    for (const key of ALL_SEARCH_ATTRIBUTES) expect(command).toContain(`--name ${key.name}`);
  });

  it("the app's environment is a valid production configuration", () => {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries<string>(compose.services.app.environment)) {
      // Resolve ${VAR:-default} / ${VAR:?msg} the way compose would with a .env providing secrets.
      env[k] = String(v).replace(/\$\{(\w+)(?::-([^}]*)|:\?[^}]*)?\}/g, (_m, name: string, dflt?: string) =>
        name === 'PII_ENCRYPTION_KEY'
          ? Buffer.alloc(32, 7).toString('base64')
          : name === 'PAYLOAD_ENCRYPTION_KEYS'
            ? `2026-11:${Buffer.alloc(32, 9).toString('base64')}`
            : (dflt ?? ''),
      );
    }
    const config = loadConfig(env);
    expect(config.nodeEnv).toBe('production');
    expect(config.temporal.mode).toBe('external');
    expect(config.temporal.address).toBe('temporal:7233');
    expect(config.host).toBe('0.0.0.0');
    expect(config.apiTokens.map((t) => t.role).sort()).toEqual(['staff', 'supervisor', 'viewer']);
  });

  it('the Dockerfile installs from the lockfile and starts the one start command', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/npm install --omit=dev/);
    expect(dockerfile).toMatch(/CMD \["npm", "start"\]/);
  });
});
