import { ConfigError, DEV_API_TOKENS, loadConfig, parseApiTokens } from '../src/config';

/** A static token long enough for production (R-AUTH-1: at least 32 characters). */
const LONG = 'x'.repeat(32);

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
    expect(() => loadConfig({ NODE_ENV: 'production', API_TOKENS: `${LONG}:S1:staff` })).toThrow(/PII_ENCRYPTION_KEY/);
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
      { token: 't1', staffId: 'S-1', role: 'staff', offices: '*' },
      { token: 't2', staffId: 'S-2', role: 'supervisor', offices: '*' },
    ]);
    expect(() => parseApiTokens('t1:S-1:admin')).toThrow(/role 'admin'/);
    expect(() => parseApiTokens('t1')).toThrow(/token:staffId:role/);
  });

  it('sandbox mode is refused in production', () => {
    expect(() =>
      loadConfig({ NODE_ENV: 'production', TEMPORAL_MODE: 'sandbox', API_TOKENS: `${LONG}:S:staff`, PII_ENCRYPTION_KEY: Buffer.alloc(32).toString('base64') }),
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

describe('codec server configuration (R-OPS-1)', () => {
  const prod = {
    NODE_ENV: 'production',
    API_TOKENS: `${LONG}:S-1:staff`,
    PII_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
    PAYLOAD_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 2).toString('base64')}`,
  };
  const oidc = {
    CODEC_OIDC_JWKS_URL: 'https://idp.example/.well-known/jwks.json',
    CODEC_OIDC_ISSUER: 'https://idp.example/',
    CODEC_OIDC_AUDIENCE: 'temporal-ui,temporal-cloud',
    CODEC_OIDC_DECODE_GROUPS: 'wioa-operators',
  };

  it('outside production the local UI decodes without a token while the API is on loopback only', () => {
    expect(loadConfig({}).codec).toMatchObject({
      tokens: ['dev-operator'],
      loopbackUiOrigins: ['http://localhost:8233', 'http://127.0.0.1:8233'],
      corsCredentials: false,
    });
    expect(loadConfig({ HOST: '0.0.0.0' }).codec.loopbackUiOrigins).toEqual([]);
    expect(loadConfig({ CODEC_ALLOW_LOOPBACK_UI_WITHOUT_TOKEN: 'false' }).codec.loopbackUiOrigins).toEqual([]);
    // The local UI's origins stay allowed even when CODEC_CORS_ORIGINS names others.
    expect(loadConfig({ CODEC_CORS_ORIGINS: 'https://ui.example', TEMPORAL_UI_PORT: '9001' }).codec.corsOrigins).toEqual([
      'https://ui.example',
      'http://localhost:9001',
      'http://127.0.0.1:9001',
    ]);
  });

  it('production: no token-less UI (refused when asked for), OIDC set together and over https', () => {
    expect(loadConfig({ ...prod, HOST: '127.0.0.1' }).codec).toMatchObject({ tokens: [], loopbackUiOrigins: [] });
    expect(() => loadConfig({ ...prod, CODEC_ALLOW_LOOPBACK_UI_WITHOUT_TOKEN: 'true' })).toThrow(/not allowed in production/);
    expect(loadConfig({ ...prod, ...oidc }).codec.oidc).toEqual({
      jwksUrl: oidc.CODEC_OIDC_JWKS_URL,
      issuer: oidc.CODEC_OIDC_ISSUER,
      audience: ['temporal-ui', 'temporal-cloud'],
      groupsClaim: 'groups',
      decodeGroups: ['wioa-operators'],
      encodeGroups: [],
      clockToleranceSeconds: 30,
    });
    expect(() => loadConfig({ ...prod, ...oidc, CODEC_OIDC_DECODE_GROUPS: undefined })).toThrow(/must be set together/);
    expect(() => loadConfig({ ...prod, ...oidc, CODEC_OIDC_JWKS_URL: 'http://idp.example/jwks' })).toThrow(/https/);
    expect(() => loadConfig({ ...prod, CODEC_CORS_ORIGINS: '*' })).toThrow(/not \*/);
  });
});

describe('R-SUB-3 notification e-mail settings', () => {
  it('R-SUB-3 defaults: no SMTP, no addresses, links to the API on HOST:PORT', () => {
    const c = loadConfig({});
    expect(c.notifications).toEqual({ smtpFrom: 'WIOA alerts <wioa-alerts@localhost>', staffEmails: {}, publicBaseUrl: 'http://127.0.0.1:3000' });
  });

  it('R-SUB-3 SMTP_URL, STAFF_EMAILS and PUBLIC_BASE_URL are read and validated', () => {
    const c = loadConfig({
      SMTP_URL: 'smtp://127.0.0.1:2525',
      STAFF_EMAILS: 'S-DEV-STAFF:staff@agency.example, S-DEV-SUPERVISOR:sup@agency.example',
      PUBLIC_BASE_URL: 'https://wioa.agency.example/',
    });
    expect(c.notifications).toMatchObject({
      smtpUrl: 'smtp://127.0.0.1:2525',
      staffEmails: { 'S-DEV-STAFF': 'staff@agency.example', 'S-DEV-SUPERVISOR': 'sup@agency.example' },
      publicBaseUrl: 'https://wioa.agency.example',
    });
    expect(() => loadConfig({ SMTP_URL: 'http://mail' })).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ STAFF_EMAILS: 'S-DEV-STAFF:not-an-address' })).toThrow(/STAFF_EMAILS entry/);
    expect(() => loadConfig({ STAFF_EMAILS: 'S-NOBODY:x@agency.example' })).toThrow(/S-NOBODY, which is not a staff id of API_TOKENS/);
    expect(() => loadConfig({ STAFF_EMAILS: 'S-DEV-STAFF:a@agency.example,S-DEV-STAFF:b@agency.example' })).toThrow(/twice/);
    expect(() => loadConfig({ STAFF_EMAILS: 'S-DEV-STAFF:a@x.example', API_TOKENS: 't:S-1:staff' })).toThrow(/not a staff id/);
  });
});

describe('§11 identity, access and limits', () => {
  const prodBase = {
    NODE_ENV: 'production',
    PII_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
    PAYLOAD_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 2).toString('base64')}`,
  };

  it('R-AUTH-2 API_TOKENS entries are token:staffId:role[:offices]; offices |-separated or * (absent = *)', () => {
    expect(parseApiTokens('t1:S-1:staff:LA-2703|SD-0101,t2:S-2:supervisor:*,t3:S-3:viewer')).toEqual([
      { token: 't1', staffId: 'S-1', role: 'staff', offices: ['LA-2703', 'SD-0101'] },
      { token: 't2', staffId: 'S-2', role: 'supervisor', offices: '*' },
      { token: 't3', staffId: 'S-3', role: 'viewer', offices: '*' },
    ]);
    expect(() => parseApiTokens('t1:S-1:staff:')).toThrow(/token:staffId:role\[:offices\]/);
    expect(() => parseApiTokens('t1:S-1:staff:LA 2703')).toThrow(/office codes/);
    expect(() => parseApiTokens('t1:S-1:staff:LA|*')).toThrow(/office codes/);
    expect(() => parseApiTokens('t1:S-1:staff:A:B')).toThrow(/token:staffId:role/);
    expect(() => parseApiTokens('t1:S-1:staff,t1:S-2:viewer')).toThrow(/twice/);
    expect(DEV_API_TOKENS.every((t) => t.offices === '*')).toBe(true);
  });

  it('R-AUTH-1 production refuses static tokens shorter than 32 characters (placeholders such as change-me-staff)', () => {
    expect(() => loadConfig({ ...prodBase, API_TOKENS: 'change-me-staff:S-0001:staff' })).toThrow(/at least 32 characters.*S-0001/);
    expect(() => loadConfig({ ...prodBase, API_TOKENS: `${LONG}:S-1:staff,${'y'.repeat(31)}:S-2:viewer` })).toThrow(/too short for S-2/);
    expect(loadConfig({ ...prodBase, API_TOKENS: `${LONG}:S-1:staff:LA-2703` }).apiTokens).toEqual([
      { token: LONG, staffId: 'S-1', role: 'staff', offices: ['LA-2703'] },
    ]);
    // Outside production short tokens still work (dev tokens, tests).
    expect(loadConfig({ API_TOKENS: 'short:S-1:staff' }).apiTokens[0]?.token).toBe('short');
  });

  it('R-AUTH-1 OIDC_ISSUER and OIDC_AUDIENCE together; claims default to sub, roles, offices; 60 s of skew; https in production', () => {
    expect(loadConfig({}).oidc).toBeUndefined();
    const c = loadConfig({ OIDC_ISSUER: 'http://127.0.0.1:9000/realms/wioa', OIDC_AUDIENCE: 'wioa-api, wioa-staff' });
    expect(c.oidc).toEqual({
      issuer: 'http://127.0.0.1:9000/realms/wioa',
      audience: ['wioa-api', 'wioa-staff'],
      staffIdClaim: 'sub',
      rolesClaim: 'roles',
      officesClaim: 'offices',
      clockToleranceSeconds: 60,
      jwksCooldownMs: 30_000,
    });
    expect(
      loadConfig({
        OIDC_ISSUER: 'https://idp.example/',
        OIDC_AUDIENCE: 'a',
        OIDC_STAFF_ID_CLAIM: 'employee_id',
        OIDC_ROLES_CLAIM: 'wioa_roles',
        OIDC_OFFICES_CLAIM: 'wioa_offices',
      }).oidc,
    ).toMatchObject({
      staffIdClaim: 'employee_id',
      rolesClaim: 'wioa_roles',
      officesClaim: 'wioa_offices',
    });
    expect(() => loadConfig({ OIDC_ISSUER: 'https://idp.example/' })).toThrow(/set together/);
    expect(() => loadConfig({ OIDC_AUDIENCE: 'wioa-api' })).toThrow(/set together/);
    expect(() => loadConfig({ ...prodBase, API_TOKENS: `${LONG}:S-1:staff`, OIDC_ISSUER: 'http://idp.example/', OIDC_AUDIENCE: 'a' })).toThrow(/https/);
    // Production with OIDC alone (no static tokens) starts.
    expect(loadConfig({ ...prodBase, OIDC_ISSUER: 'https://idp.example/', OIDC_AUDIENCE: 'a' }).apiTokens).toEqual([]);
    expect(() => loadConfig(prodBase)).toThrow(/API_TOKENS must be set in production/);
  });

  it('R-ABUSE-1 RATE_LIMIT_PER_MINUTE (default 600; 0 = none, refused in production) and IDEMPOTENCY_TTL_DAYS (default 30)', () => {
    expect(loadConfig({})).toMatchObject({ rateLimitPerMinute: 600, idempotencyTtlDays: 30 });
    expect(loadConfig({ RATE_LIMIT_PER_MINUTE: '0', IDEMPOTENCY_TTL_DAYS: '7' })).toMatchObject({ rateLimitPerMinute: 0, idempotencyTtlDays: 7 });
    expect(() => loadConfig({ ...prodBase, API_TOKENS: `${LONG}:S-1:staff`, RATE_LIMIT_PER_MINUTE: '0' })).toThrow(/RATE_LIMIT_PER_MINUTE=0/);
    expect(() => loadConfig({ IDEMPOTENCY_TTL_DAYS: '0' })).toThrow(/IDEMPOTENCY_TTL_DAYS/);
    expect(() => loadConfig({ RATE_LIMIT_PER_MINUTE: 'many' })).toThrow(/RATE_LIMIT_PER_MINUTE/);
  });
});
