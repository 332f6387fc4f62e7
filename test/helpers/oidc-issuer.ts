/**
 * A small OpenID Connect issuer of the tests' own, over real HTTP on loopback: the discovery document
 * (`/.well-known/openid-configuration`) and the JWKS it names, with keys it generates and signs access
 * tokens with. Keys can be added (rotation: a token with a new `kid`) and the JWKS fetches are counted.
 */
import { createServer, type Server } from 'node:http';
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
