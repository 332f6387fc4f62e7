/**
 * §11 R-AUTH-1: staff sign in through the agency's OpenID Connect provider. An access token (a JWT) is
 * verified with `jose` against a key of the issuer's JWKS, found through
 * `<issuer>/.well-known/openid-configuration` (discovered once, retried after a failure), cached, and
 * refetched when a token names a key id not yet seen (key rotation). Asymmetric algorithms only; `iss`,
 * `aud`, `exp` and `nbf` with at most 60 s of clock skew. The claims name the staff id, the role (the
 * strongest of `staff`, `supervisor`, `viewer`) and the offices. Every refusal is one opaque 401 (the
 * reason is logged, never answered) except a valid token without a role: 403 NO_ROLE.
 */
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { OfficeScope, OidcConfig, Role } from '../config';
import { groupsOf } from './codec-auth';
import { ProblemError } from './problem';

/** Only asymmetric signatures: a shared secret (HS*) or `alg: none` is never accepted. */
const OIDC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** Who a verified token names. */
export interface OidcIdentity {
  staffId: string;
  role: Role;
  offices: OfficeScope;
  /** `exp` in ms since the epoch. */
  expiresAt: number;
}

/** R-AUTH-1: the single answer to any unacceptable token (no detail that helps an attacker). */
export class InvalidTokenError extends ProblemError {
  constructor(
    /** Why, for the log only. */
    readonly reason: string,
  ) {
    super(401, 'UNAUTHENTICATED', 'The bearer token is not valid');
  }
}

const ROLE_STRENGTH: Record<Role, number> = { viewer: 1, staff: 2, supervisor: 3 };
const OFFICE_CODE = /^[^\s,:|*]{1,64}$/;
const STAFF_ID = /^[\x21-\x7e]{1,64}$/;

/** R-AUTH-1: the strongest role named (supervisor > staff > viewer), or undefined. */
function strongestRole(values: readonly string[]): Role | undefined {
  let best: Role | undefined;
  for (const v of values) {
    if (v === 'staff' || v === 'supervisor' || v === 'viewer') {
      if (!best || ROLE_STRENGTH[v] > ROLE_STRENGTH[best]) best = v;
    }
  }
  return best;
}

/** R-AUTH-2: office codes, or `*` when the claim names every office. Anything else is ignored. */
function officesOf(values: readonly string[]): OfficeScope {
  if (values.includes('*')) return '*';
  return [...new Set(values.filter((v) => OFFICE_CODE.test(v)))];
}

export interface OidcVerifierOptions {
  /** Verified tokens kept (by their exact text) until they expire: a command costs no signature check. */
  cacheSize?: number;
  /** Reports why a token was refused or discovery failed (the log; never the token). */
  onFailure?: (reason: string) => void;
}

export type OidcAuthenticator = (token: string) => Promise<OidcIdentity>;

export function oidcAuthenticator(o: OidcConfig, opts: OidcVerifierOptions = {}): OidcAuthenticator {
  const issuer = o.issuer;
  const discoveryUrl = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  let jwks: Promise<JWTVerifyGetKey> | undefined;
  let lastDiscoveryFailure = 0;
  const cacheSize = opts.cacheSize ?? 10_000;
  const verified = new Map<string, OidcIdentity>();

  async function discover(): Promise<JWTVerifyGetKey> {
    const res = await fetch(discoveryUrl, { signal: AbortSignal.timeout(5_000), headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`discovery document answered ${res.status}`);
    const doc = (await res.json()) as { issuer?: unknown; jwks_uri?: unknown };
    if (doc.issuer !== issuer) throw new Error('the discovery document names another issuer');
    if (typeof doc.jwks_uri !== 'string') throw new Error('the discovery document has no jwks_uri');
    // jose caches the key set and refetches it when a token names an unknown `kid` (at most once per cooldown).
    return createRemoteJWKSet(new URL(doc.jwks_uri), { cacheMaxAge: 10 * 60_000, cooldownDuration: o.jwksCooldownMs ?? 30_000, timeoutDuration: 5_000 });
  }

  function keys(): Promise<JWTVerifyGetKey> {
    if (!jwks) {
      if (Date.now() - lastDiscoveryFailure < Math.min(o.jwksCooldownMs ?? 5_000, 5_000)) {
        return Promise.reject(new Error('discovery failed moments ago'));
      }
      jwks = discover().catch((err: unknown) => {
        jwks = undefined;
        lastDiscoveryFailure = Date.now();
        throw err;
      });
    }
    return jwks;
  }

  function identity(payload: JWTPayload): OidcIdentity {
    const staffId = o.staffIdClaim in payload ? payload[o.staffIdClaim] : groupsOf(payload, o.staffIdClaim)[0];
    if (typeof staffId !== 'string' || !STAFF_ID.test(staffId)) throw new InvalidTokenError(`the ${o.staffIdClaim} claim is not a staff id`);
    const role = strongestRole(groupsOf(payload, o.rolesClaim));
    if (!role) throw new ProblemError(403, 'NO_ROLE', `The token names none of the roles staff, supervisor or viewer (${o.rolesClaim})`);
    return { staffId, role, offices: officesOf(groupsOf(payload, o.officesClaim)), expiresAt: (payload.exp as number) * 1000 };
  }

  return async (token) => {
    const now = Date.now();
    const hit = verified.get(token);
    if (hit && hit.expiresAt + o.clockToleranceSeconds * 1000 > now) return hit;
    if (hit) verified.delete(token);
    let getKey: JWTVerifyGetKey;
    try {
      getKey = await keys();
    } catch (err) {
      opts.onFailure?.(`OIDC discovery failed: ${(err as Error).message}`);
      throw new InvalidTokenError('the issuer could not be reached');
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, getKey, {
        issuer,
        audience: o.audience,
        clockTolerance: o.clockToleranceSeconds,
        requiredClaims: ['exp'],
        algorithms: OIDC_ALGORITHMS,
      }));
    } catch (err) {
      const reason = `${(err as { code?: string }).code ?? (err as Error).name}: ${(err as Error).message}`;
      opts.onFailure?.(reason);
      throw new InvalidTokenError(reason);
    }
    let id: OidcIdentity;
    try {
      id = identity(payload);
    } catch (err) {
      if (err instanceof InvalidTokenError) opts.onFailure?.(err.reason);
      throw err;
    }
    if (verified.size >= cacheSize) verified.delete(verified.keys().next().value as string);
    verified.set(token, id);
    return id;
  };
}
