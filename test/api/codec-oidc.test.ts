/**
 * R-OPS-1 in production: the codec server (the real app, NODE_ENV=production) accepts the Temporal UI's
 * OIDC access tokens, verified against a JWKS served by a tiny identity provider this test runs (jose key
 * pairs on a free port): a valid token of a decode group decodes; expired, wrong audience, wrong issuer,
 * unknown key, missing group, encode without the encode group, wrong origin and no token are refused
 * with a clear 401/403 problem. A rotated key is picked up. The operators' static token still works.
 * Refusals are logged with a token fingerprint, never the token, and no payload is ever logged.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import type { Client } from '@temporalio/client';
import { DEV_PAYLOAD_KEYS, loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { createApp } from '../../src/api/app';
import type { Db } from '../../src/db/client';
import { createDataConverter } from '../../src/temporal/codec';
import { fingerprint } from '../../src/api/codec-auth';

const UI = 'https://temporal-ui.agency.example';
const AUDIENCE = 'temporal-ui';
const SECRET_NOTE = 'case note nobody may log';

interface Key {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}
async function newKey(kid: string): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

let idp: Server;
let issuer: string;
let published: Key[] = [];
let jwksFetches = 0;
let api: Server;
let apiUrl: string;
const logLines: string[] = [];
const keys = { k1: undefined as unknown as Key, k2: undefined as unknown as Key, stranger: undefined as unknown as Key };
const payloadKeys = loadConfig({ NODE_ENV: 'test' }).payloadKeys!;

const listenOnFreePort = (server: Server): Promise<string> =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));

async function token(
  opts: { key?: Key; aud?: string; iss?: string; groups?: unknown; exp?: string | number; claims?: Record<string, unknown> } = {},
): Promise<string> {
  const key = opts.key ?? keys.k1;
  const jwt = new SignJWT({
    ...('groups' in opts ? (opts.groups === undefined ? {} : { groups: opts.groups }) : { groups: ['wioa-operators'] }),
    ...opts.claims,
  })
    .setProtectedHeader({ alg: 'RS256', kid: key.kid })
    .setSubject('operator-1')
    .setIssuer(opts.iss ?? issuer)
    .setAudience(opts.aud ?? AUDIENCE)
    .setIssuedAt(typeof opts.exp === 'number' ? opts.exp - 3600 : undefined)
    .setExpirationTime(opts.exp ?? '5m');
  return jwt.sign(key.privateKey);
}

/** One encrypted payload, as the UI would send it. */
async function encryptedPayloads(): Promise<unknown[]> {
  const [codec] = createDataConverter(payloadKeys).payloadCodecs!;
  const encoded = await codec!.encode([
    { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify({ applicationId: 'app-1', note: SECRET_NOTE })) },
  ]);
  return encoded.map((p) => ({
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v!).toString('base64')])),
    data: Buffer.from(p.data!).toString('base64'),
  }));
}

async function call(operation: 'decode' | 'encode', opts: { bearer?: string; origin?: string | null; payloads?: unknown[] } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-namespace': 'default' };
  if (opts.bearer) headers.authorization = `Bearer ${opts.bearer}`;
  if (opts.origin !== null) headers.origin = opts.origin ?? UI;
  const res = await fetch(`${apiUrl}/codec/${operation}`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ payloads: opts.payloads ?? (await encryptedPayloads()) }),
  });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    allowOrigin: res.headers.get('access-control-allow-origin'),
    body: (await res.json()) as Record<string, unknown> & { payloads?: { data: string }[] },
  };
}

beforeAll(async () => {
  keys.k1 = await newKey('k1');
  keys.k2 = await newKey('k2');
  keys.stranger = await newKey('stranger');
  published = [keys.k1];
  idp = createServer((req, res) => {
    if (req.url !== '/.well-known/jwks.json') {
      res.writeHead(404).end();
      return;
    }
    jwksFetches += 1;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: published.map((k) => k.jwk) }));
  });
  issuer = `${await listenOnFreePort(idp)}/`;
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    API_TOKENS: 'api-token-of-at-least-32-characters-x:S-1:staff',
    PII_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    PAYLOAD_ENCRYPTION_KEYS: DEV_PAYLOAD_KEYS,
    CODEC_TOKENS: 'cli-operator-token',
    CODEC_CORS_ORIGINS: UI,
    CODEC_OIDC_JWKS_URL: `${issuer}.well-known/jwks.json`, // http: allowed on loopback only,
    CODEC_OIDC_ISSUER: issuer,
    CODEC_OIDC_AUDIENCE: AUDIENCE,
    CODEC_OIDC_DECODE_GROUPS: 'wioa-operators,wioa-temporal-admins',
    CODEC_OIDC_ENCODE_GROUPS: 'wioa-temporal-admins',
    CODEC_OIDC_CLOCK_TOLERANCE_SECONDS: '0',
  });
  expect(config.codec.loopbackUiOrigins).toEqual([]); // production: never token-less
  config.codec.oidc!.jwksCooldownMs = 0; // the rotation test refetches within seconds of the first fetch
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const { app } = createApp({ config, logger: createLogger('info', 'codec-oidc', sink), temporal: {} as Client, db: {} as Db });
  api = createServer(app);
  apiUrl = await listenOnFreePort(api);
});

afterAll(async () => {
  await new Promise((r) => api?.close(r));
  await new Promise((r) => idp?.close(r));
});

describe('codec server in production with OIDC access tokens (the Web UI with SSO)', () => {
  it('a valid token of a decode group decodes, from the configured UI origin', async () => {
    const res = await call('decode', { bearer: await token() });
    expect(res.status).toBe(200);
    expect(res.allowOrigin).toBe(UI);
    expect(JSON.parse(Buffer.from(res.body.payloads![0]!.data, 'base64').toString())).toMatchObject({ applicationId: 'app-1' });
  });

  it.each([
    ['expired', 401, 'CODEC_TOKEN_EXPIRED', () => token({ exp: Math.floor(Date.now() / 1000) - 60 })],
    ['wrong audience', 401, 'CODEC_TOKEN_WRONG_AUDIENCE', () => token({ aud: 'some-other-app' })],
    ['wrong issuer', 401, 'CODEC_TOKEN_WRONG_ISSUER', () => token({ iss: 'https://evil-idp.example/' })],
    ['signed by a key the IdP does not publish', 401, 'CODEC_TOKEN_INVALID', () => token({ key: keys.stranger })],
    ['missing group', 403, 'CODEC_GROUP_REQUIRED', () => token({ groups: ['hr-staff'] })],
    ['no groups claim at all', 403, 'CODEC_GROUP_REQUIRED', () => token({ groups: undefined })],
    ['tampered signature', 401, 'CODEC_TOKEN_INVALID', async () => `${(await token()).slice(0, -4)}AAAA`],
  ])('%s: refused %i %s', async (_what, status, code, make) => {
    const bearer = await make();
    const res = await call('decode', { bearer });
    expect([res.status, res.body.code]).toEqual([status, code]);
    expect(res.type).toContain('application/problem+json');
    expect(res.body.payloads).toBeUndefined();
    const logged = logLines.filter((l) => l.includes('codec request refused') && l.includes(`"code":"${code}"`));
    expect(logged.some((l) => l.includes(`"token":"${fingerprint(bearer)}"`))).toBe(true);
  });

  it('a wrong origin is refused (403, no CORS headers) even with a valid token; no token is a 401', async () => {
    const evil = await call('decode', { bearer: await token(), origin: 'https://evil.example' });
    expect([evil.status, evil.body.code, evil.allowOrigin]).toEqual([403, 'CODEC_ORIGIN_NOT_ALLOWED', null]);
    const none = await call('decode', { origin: UI });
    expect([none.status, none.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    // In production the UI's origin alone is nothing (the loopback allowance does not exist there).
    expect((await call('decode', { origin: 'http://127.0.0.1:8233' })).status).toBe(403);
  });

  it('encode needs the stricter group', async () => {
    const plain = [{ metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('"x"').toString('base64') }];
    const operator = await call('encode', { bearer: await token(), payloads: plain });
    expect([operator.status, operator.body.code]).toEqual([403, 'CODEC_ENCODE_FORBIDDEN']);
    const admin = await call('encode', { bearer: await token({ groups: 'wioa-temporal-admins' }), payloads: plain });
    expect(admin.status).toBe(200);
  });

  it('picks up a rotated key (a new kid is fetched from the JWKS) and caches the key set otherwise', async () => {
    const before = jwksFetches;
    await call('decode', { bearer: await token() });
    await call('decode', { bearer: await token() });
    expect(jwksFetches).toBe(before); // cached
    published = [keys.k2, keys.k1];
    const rotated = await call('decode', { bearer: await token({ key: keys.k2 }) });
    expect(rotated.status).toBe(200);
    expect(jwksFetches).toBe(before + 1);
  });

  it("keeps the operators' static tokens for the CLI (no origin)", async () => {
    const res = await call('decode', { bearer: 'cli-operator-token', origin: null });
    expect(res.status).toBe(200);
    expect((await call('decode', { bearer: 'api-token-of-at-least-32-characters-x', origin: null })).status).toBe(403); // an API token is not a codec token
  });

  it('logs never hold a token or a payload', async () => {
    const all = logLines.join('\n');
    expect(all).not.toContain('cli-operator-token');
    expect(all).not.toContain('eyJ'); // no JWT (header or payload segment)
    expect(all).not.toContain(SECRET_NOTE);
    expect(all).not.toContain(Buffer.from(SECRET_NOTE).toString('base64').slice(0, 12));
    expect(logLines.some((l) => l.includes('"msg":"codec request"') && l.includes('"via":"oidc"'))).toBe(true);
  });
});
