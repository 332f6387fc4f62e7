/**
 * R-UI-2: what the console's public configuration (`GET /console/config.json`) offers for each way the
 * service is configured: the development identities outside production without OIDC, the issuer and
 * client id with OIDC, and nothing at all in production without OIDC.
 */
import { loadConfig } from '../../src/config';
import { consoleConfig, consoleOidcOrigin, isApiPath } from '../../src/api/routes/console';

const base = { LOG_LEVEL: 'silent' };

describe('console configuration (R-UI-2)', () => {
  it('outside production without OIDC: the three development identities', () => {
    const c = consoleConfig(loadConfig({ ...base, NODE_ENV: 'development', TEMPORAL_MODE: 'sandbox' }));
    expect(c).toEqual({
      oidc: null,
      production: false,
      sandbox: true,
      devIdentities: ['dev-staff', 'dev-supervisor', 'dev-viewer'],
      agencyTimeZone: 'America/Los_Angeles',
    });
  });

  it('with API_TOKENS set, only the development names it holds (they are static tokens of the same names)', () => {
    expect(consoleConfig(loadConfig({ ...base, NODE_ENV: 'development', API_TOKENS: 'tok-1:S-1:staff' })).devIdentities).toEqual([]);
    expect(consoleConfig(loadConfig({ ...base, NODE_ENV: 'test', API_TOKENS: 'dev-staff:S-CM-1:staff,other:S-2:viewer' })).devIdentities).toEqual([
      'dev-staff',
    ]);
  });

  it('with OIDC: the issuer, the client id and, for an absolute-URL audience, the resource; no development identity', () => {
    const config = loadConfig({
      ...base,
      NODE_ENV: 'development',
      OIDC_ISSUER: 'http://127.0.0.1:9999/realms/wioa',
      OIDC_AUDIENCE: 'wioa-api,https://api.agency.example/',
      OIDC_CLIENT_ID: 'wioa-console',
    });
    expect(consoleConfig(config)).toMatchObject({
      oidc: { issuer: 'http://127.0.0.1:9999/realms/wioa', clientId: 'wioa-console', resource: 'https://api.agency.example/' },
      devIdentities: [],
    });
    expect(consoleOidcOrigin(config)).toBe('http://127.0.0.1:9999');
  });

  it('production without OIDC: nothing to sign in with (the page explains what to configure)', () => {
    const config = loadConfig({
      ...base,
      NODE_ENV: 'production',
      API_TOKENS: `${'x'.repeat(40)}:S-SVC:staff`,
      PII_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
      PAYLOAD_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 2).toString('base64')}`,
    });
    expect(consoleConfig(config)).toMatchObject({ oidc: null, production: true, devIdentities: [] });
    expect(consoleOidcOrigin(config)).toBeUndefined();
  });

  it('OIDC_CLIENT_ID needs the issuer', () => {
    expect(() => loadConfig({ ...base, OIDC_CLIENT_ID: 'wioa-console' })).toThrow(/OIDC_CLIENT_ID needs OIDC_ISSUER/);
    expect(() => loadConfig({ ...base, OIDC_CLIENT_ID: 'has space' })).toThrow(/OIDC_CLIENT_ID/);
  });
});

describe('console pages never shadow the API (R-UI-1)', () => {
  it("the API's paths stay the API's; the console's deep links are the console's", () => {
    for (const p of ['/api', '/api/v1/nope', '/docs', '/docs/assets/x.js', '/openapi.json', '/health', '/metrics', '/codec/decode', '/console/config.json']) {
      expect({ p, api: isApiPath(p) }).toEqual({ p, api: true });
    }
    for (const p of ['/', '/caseload', '/cases/5fe977c7', '/intake', '/auth/callback', '/apis', '/healthy', '/documents']) {
      expect({ p, api: isApiPath(p) }).toEqual({ p, api: false });
    }
  });
});
