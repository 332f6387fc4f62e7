/**
 * A small OpenID Connect issuer of the tests' own, over real HTTP on loopback: the discovery document
 * (`/.well-known/openid-configuration`) and the JWKS it names, with keys it generates and signs access
 * tokens with. Keys can be added (rotation: a token with a new `kid`) and the JWKS fetches are counted.
 *
 * And a full OpenID Provider for browser sign-ins ({@link startOidcProvider}).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type JWK, type JWTPayload, type CryptoKey } from 'jose';

export interface IssuerKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export interface TestIssuer {
  /** The issuer URL (`iss`), `http://127.0.0.1:<port>/realms/wioa`. */
  readonly issuer: string;
  /** JWKS requests served so far. */
  readonly jwksFetches: number;
  /** Discovery-document requests served so far. */
  readonly discoveryFetches: number;
  /** Generates a key; published in the JWKS unless `publish` is false (a foreign key). */
  addKey(kid: string, opts?: { alg?: 'RS256' | 'ES256'; publish?: boolean }): Promise<IssuerKey>;
  /** A signed access token: `claims` over the defaults (iss, aud, sub, roles, offices, iat, exp in 5 min). */
  token(claims?: JWTPayload & Record<string, unknown>, opts?: { key?: IssuerKey; header?: Record<string, unknown> }): Promise<string>;
  close(): Promise<void>;
}

export async function startTestIssuer(opts: { audience: string; path?: string }): Promise<TestIssuer> {
  const keys: IssuerKey[] = [];
  const published = new Set<string>();
  let jwksFetches = 0;
  let discoveryFetches = 0;
  const path = opts.path ?? '/realms/wioa';
  let issuer = '';
  const server: Server = createServer((req, res) => {
    if (req.url === `${path}/.well-known/openid-configuration`) {
      discoveryFetches += 1;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/protocol/openid-connect/certs`, id_token_signing_alg_values_supported: ['RS256', 'ES256'] }));
      return;
    }
    if (req.url === `${path}/protocol/openid-connect/certs`) {
      jwksFetches += 1;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: keys.filter((k) => published.has(k.kid)).map((k) => ({ ...k.publicJwk, kid: k.kid, alg: k.alg, use: 'sig' })) }));
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;

  const t: TestIssuer = {
    get issuer() {
      return issuer;
    },
    get jwksFetches() {
      return jwksFetches;
    },
    get discoveryFetches() {
      return discoveryFetches;
    },
    async addKey(kid, o = {}) {
      const alg = o.alg ?? 'RS256';
      const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
      const key = { kid, alg, privateKey, publicJwk: await exportJWK(publicKey) };
      keys.push(key);
      if (o.publish !== false) published.add(kid);
      return key;
    },
    async token(claims = {}, o = {}) {
      const key = o.key ?? keys.find((k) => published.has(k.kid));
      if (!key) throw new Error('the issuer has no key yet');
      const now = Math.floor(Date.now() / 1000);
      const payload: JWTPayload = { iss: issuer, aud: opts.audience, sub: 'S-OIDC-1', roles: ['staff'], offices: ['*'], iat: now, exp: now + 300, ...claims };
      return new SignJWT(payload).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'at+jwt', ...o.header }).sign(key.privateKey);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return t;
}

/** An unsigned token (`alg: none`) with the given claims. */
export function unsignedToken(claims: Record<string, unknown>): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
}

/** A token signed with a shared secret (HS256): never accepted (asymmetric algorithms only). */
export async function hmacToken(claims: JWTPayload, secret = 'not-a-public-key-secret-at-all-32b'): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).sign(new TextEncoder().encode(secret));
}

/** What the OpenID Provider of {@link startOidcProvider} did so far. */
export interface OidcProviderStats {
  /** Successful token requests by `grant_type` (`authorization_code`, `refresh_token`). */
  grants: Record<string, number>;
  /** Staff ids signed in through the login form, in order. */
  signIns: string[];
  /** Sessions ended through the end-session endpoint. */
  signOuts: number;
  /** Errors the provider reported (token, authorization, end-session, interaction). */
  errors: unknown[];
}

export interface OidcProvider {
  /** `http://127.0.0.1:<port>`, exactly the `iss` of its tokens and of its discovery document. */
  readonly issuer: string;
  stats(): Promise<OidcProviderStats>;
  close(): Promise<void>;
}

export interface OidcProviderOptions {
  clientId: string;
  /** The console's origin: the client's redirect URI is `<consoleOrigin>/auth/callback`. */
  consoleOrigin: string;
  /** The API's audience: the resource indicator every access token is issued for. */
  audience: string;
  /** Who may sign in (the login form's `Staff id`), with the claims of their access tokens. */
  accounts: Record<string, { roles: string[]; offices: string[] }>;
  /** Access-token lifetime in seconds (default 600). */
  accessTokenTtl?: number;
  rolesClaim?: string;
  officesClaim?: string;
}

/**
 * A real OpenID Provider (`oidc-provider`: authorization code + PKCE, a public client, JWT access tokens for
 * the API's audience, refresh tokens, RP-initiated logout) on a free loopback port. The package is ES modules
 * only, so it runs in a child Node process (test/helpers/oidc-provider.mjs); closing it ends that process.
 */
export async function startOidcProvider(opts: OidcProviderOptions): Promise<OidcProvider> {
  const child: ChildProcess = spawn(process.execPath, [join(__dirname, 'oidc-provider.mjs')], {
    cwd: join(__dirname, '..', '..'),
    env: { ...process.env, OIDC_TEST_PROVIDER: JSON.stringify(opts) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const issuer = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the OpenID Provider did not start in 30 s: ${stderr}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n')) {
        clearTimeout(timer);
        try {
          resolve((JSON.parse(line!) as { issuer: string }).issuer);
        } catch {
          reject(new Error(`the OpenID Provider said ${line}`));
        }
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the OpenID Provider exited (${code}): ${stderr}`));
    });
  });
  return {
    issuer,
    async stats() {
      const res = await fetch(`${issuer}/__test/stats`);
      return (await res.json()) as OidcProviderStats;
    },
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        child.stdin!.end();
        child.kill('SIGTERM');
      }
      await exited;
    },
  };
}
