/**
 * Who may use the codec server (R-OPS-1): OIDC access tokens passed by the Temporal Web UI ("pass access
 * token"), verified against the identity provider's JWKS with `jose` (keys cached, refetched when a token
 * names a key id not yet seen: key rotation), its issuer and audience, and a group claim: one set of
 * groups may decode, a stricter one may also encode. Static tokens (operators' CLI) are checked by the
 * router. Every refusal is a ProblemError with a stable code; nothing here logs or returns the token.
 */
import { createHash } from 'node:crypto';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import type { CodecOidcConfig } from '../config';
import { ProblemError } from './problem';

export type CodecOperation = 'decode' | 'encode';

export interface CodecGrant {
  via: 'static-token' | 'oidc' | 'loopback-ui';
  operations: ReadonlySet<CodecOperation>;
  /** sha256 prefix of the presented token (audit log), or undefined when none was presented. */
  token?: string;
}

/** A short fingerprint naming which token was used, for the audit log (never the token itself). */
export const fingerprint = (token: string): string => createHash('sha256').update(token).digest('hex').slice(0, 8);

/** Looks like a compact JWS (header.payload.signature) rather than an opaque static token. */
export const looksLikeJwt = (token: string): boolean => /^[\w-]+\.[\w-]+\.[\w-]+$/.test(token);

/** The groups a token carries under `claim` (dots walk nested objects): string array, or a space/comma separated string. */
export function groupsOf(payload: JWTPayload, claim: string): string[] {
  let value: unknown = payload;
  if (claim in payload) value = payload[claim];
  else for (const part of claim.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  return [];
}

export type OidcVerifier = (token: string) => Promise<CodecGrant>;

export function oidcVerifier(o: CodecOidcConfig): OidcVerifier {
  // jose caches the key set (cacheMaxAge), refetches on an unknown `kid` (rotation) at most once per
  // cooldown, and gives up on a slow IdP after timeoutDuration.
  const jwks = createRemoteJWKSet(new URL(o.jwksUrl), { cacheMaxAge: 10 * 60_000, cooldownDuration: o.jwksCooldownMs ?? 30_000, timeoutDuration: 5_000 });
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, jwks, {
        issuer: o.issuer,
        audience: o.audience,
        clockTolerance: o.clockToleranceSeconds,
        requiredClaims: ['exp'],
        algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'],
      }));
    } catch (err) {
      throw refusal(err);
    }
    const groups = new Set(groupsOf(payload, o.groupsClaim));
    const operations = new Set<CodecOperation>();
    if (o.decodeGroups.some((g) => groups.has(g)) || o.encodeGroups.some((g) => groups.has(g))) operations.add('decode');
    if (o.encodeGroups.some((g) => groups.has(g))) operations.add('encode');
    if (operations.size === 0) {
      throw new ProblemError(403, 'CODEC_GROUP_REQUIRED', `The token's ${o.groupsClaim} claim names none of the groups that may decode`);
    }
    return { via: 'oidc', operations, token: fingerprint(token) };
  };
}

function refusal(err: unknown): ProblemError {
  if (err instanceof errors.JWTExpired) return new ProblemError(401, 'CODEC_TOKEN_EXPIRED', 'The access token has expired: sign in again');
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'aud') return new ProblemError(401, 'CODEC_TOKEN_WRONG_AUDIENCE', 'The access token was not issued for this codec server (aud)');
    if (err.claim === 'iss')
      return new ProblemError(401, 'CODEC_TOKEN_WRONG_ISSUER', 'The access token was not issued by the configured identity provider (iss)');
    return new ProblemError(401, 'CODEC_TOKEN_INVALID', `The access token's ${err.claim} claim is not acceptable`);
  }
  if (err instanceof errors.JWKSTimeout || (err instanceof errors.JOSEError && err.code === 'ERR_JOSE_GENERIC') || err instanceof TypeError) {
    return new ProblemError(503, 'CODEC_IDP_UNAVAILABLE', "The identity provider's keys (JWKS) could not be fetched; retry shortly");
  }
  if (err instanceof errors.JWKSNoMatchingKey)
    return new ProblemError(401, 'CODEC_TOKEN_INVALID', 'The access token is signed with a key the identity provider does not publish');
  return new ProblemError(401, 'CODEC_TOKEN_INVALID', 'The access token is not a valid signed JWT');
}
