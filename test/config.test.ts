import { ConfigError, DEV_API_TOKENS, loadConfig, parseApiTokens } from '../src/config';

describe('configuration (validated once at start-up)', () => {
  it('defaults: dev mode, port 3000, local PostgreSQL, Los Angeles, dev tokens outside production', () => {
    const c = loadConfig({});
    expect(c.temporal.mode).toBe('dev');
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBe('postgresql://postgres@127.0.0.1:5432/wioa');
    expect(c.agencyTimeZone).toBe('America/Los_Angeles');
    expect(c.apiTokens).toEqual(DEV_API_TOKENS);
  });

  it('production without API_TOKENS or PII_ENCRYPTION_KEY stops start-up', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', PII_ENCRYPTION_KEY: Buffer.alloc(32).toString('base64') })).toThrow(
      /API_TOKENS must be set in production/,
    );
    expect(() => loadConfig({ NODE_ENV: 'production', API_TOKENS: 'a:S1:staff' })).toThrow(/PII_ENCRYPTION_KEY/);
  });

  it('reports every invalid variable at once with its name', () => {
    try {
      loadConfig({ PORT: 'abc', TEMPORAL_MODE: 'cloud', AGENCY_TIME_ZONE: 'Mars/Olympus' });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const msg = (err as Error).message;
      expect(msg).toContain('PORT');
      expect(msg).toContain('TEMPORAL_MODE');
      expect(msg).toContain('AGENCY_TIME_ZONE');
    }
  });

  it('parses API_TOKENS and rejects bad roles', () => {
    expect(parseApiTokens('t1:S-1:staff, t2:S-2:supervisor')).toEqual([
      { token: 't1', staffId: 'S-1', role: 'staff' },
      { token: 't2', staffId: 'S-2', role: 'supervisor' },
    ]);
    expect(() => parseApiTokens('t1:S-1:admin')).toThrow(/role 'admin'/);
    expect(() => parseApiTokens('t1')).toThrow(/token:staffId:role/);
  });

  it('sandbox mode is refused in production', () => {
    expect(() =>
      loadConfig({ NODE_ENV: 'production', TEMPORAL_MODE: 'sandbox', API_TOKENS: 'a:S:staff', PII_ENCRYPTION_KEY: Buffer.alloc(32).toString('base64') }),
    ).toThrow(/sandbox/);
  });
});

describe('worker tuning', () => {
  it('bounds the sticky workflow cache by default and accepts 0 (no cache); refuses a negative size', () => {
    expect(loadConfig({}).worker.maxCachedWorkflows).toBe(500);
    expect(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '0' }).worker.maxCachedWorkflows).toBe(0);
    expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '-1' })).toThrow(/WORKER_MAX_CACHED_WORKFLOWS/);
  });
});
