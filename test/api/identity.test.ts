/**
 * §11 R-AUTH-1 (OpenID Connect beside static tokens) over HTTP, against an issuer of the test's own on
 * loopback (discovery document + JWKS, keys it generates): nothing of the verifier is stubbed. Also the
 * staff directory (R-AUTH-2: OIDC staff are known from their first call) and the office claim.
 */
import { ok, problem, sandboxApiCase } from '../helpers/api-case';
import { hmacToken, startTestIssuer, unsignedToken, type TestIssuer, type IssuerKey } from '../helpers/oidc-issuer';

const AUDIENCE = 'wioa-api';
let issuer: TestIssuer;
let k1: IssuerKey;

beforeAll(async () => {
  issuer = await startTestIssuer({ audience: AUDIENCE });
  k1 = await issuer.addKey('k1');
});
afterAll(async () => {
  await issuer?.close();
});

const sandbox = sandboxApiCase('2024-01-10T18:00:00Z', {
  name: 'api_identity',
  env: () => ({
    API_TOKENS: 'dev-staff:S-CM-1:staff,dev-supervisor:S-SUP-1:supervisor:LA-2703|SD-0101',
    OIDC_ISSUER: issuer.issuer,
    OIDC_AUDIENCE: `other-api,${AUDIENCE}`,
    OIDC_ROLES_CLAIM: 'wioa_roles',
    OIDC_OFFICES_CLAIM: 'wioa_offices',
    OIDC_JWKS_COOLDOWN_SECONDS: '0',
  }),
});
const { api } = sandbox;

const now = () => Math.floor(Date.now() / 1000);
/** Claims of a staff member of LA-2703 (the test's roles and offices claims). */
const staff = (extra: Record<string, unknown> = {}) => ({ sub: 'S-OIDC-1', wioa_roles: ['staff'], wioa_offices: ['LA-2703'], ...extra });

/** The one answer every unacceptable token gets: 401 with `WWW-Authenticate: Bearer error="invalid_token"`, no detail that helps. */
async function refused(token: string) {
  const res = await api().get('/api/v1/applications', { token });
  expect({ status: res.status, code: res.body?.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
  expect(res.headers.get('www-authenticate')).toBe('Bearer realm="wioa", error="invalid_token"');
  expect(res.body.detail).toBe('The bearer token is not valid');
  return res;
}

describe('R-AUTH-1 OpenID Connect access tokens', () => {
  it("R-AUTH-1 a token signed by a key of the issuer's JWKS (found through discovery) is accepted; the staff id is sub", async () => {
    const token = await issuer.token(staff());
    const list = await ok(api().get('/api/v1/applications', { token }));
    expect(list.items).toEqual([]);
    expect(issuer.discoveryFetches).toBe(1);
    expect(issuer.jwksFetches).toBe(1);
    const p = await ok(api().post('/api/v1/participants', { firstName: 'Ada', lastName: 'Oidc', birthDate: '1977-05-25' }, { token }), 201);
    const created = await ok(
      api().post('/api/v1/applications', { participantId: p.id, programs: ['ADULT'], eligibilityDate: '2024-01-02', office: 'LA-2703' }, { token }),
      201,
    );
    const history = await ok(api().get(`/api/v1/applications/${created.id}/history`, { token }));
    expect(history.items[0]).toMatchObject({ actorId: 'S-OIDC-1', actorRole: 'staff' });
    // Keys are cached: more calls fetch nothing more.
    await ok(api().get('/api/v1/applications', { token: await issuer.token(staff()) }));
    expect(issuer.jwksFetches).toBe(1);
  });

  it('R-AUTH-1 wrong audience, wrong issuer, expired, not yet valid: 401 invalid_token, all alike', async () => {
    const bodies = [
      await refused(await issuer.token(staff({ aud: 'someone-else' }))),
      await refused(await issuer.token(staff({ iss: 'http://127.0.0.1:1/realms/other' }))),
      await refused(await issuer.token(staff({ exp: now() - 120, iat: now() - 600 }))),
      await refused(await issuer.token(staff({ nbf: now() + 180 }))),
      await refused(await issuer.token(staff({ exp: undefined }))),
    ].map((r) => ({ ...r.body, instance: undefined }));
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
  });

  it('R-AUTH-1 at most 60 s of clock skew on exp and nbf', async () => {
    await ok(api().get('/api/v1/applications', { token: await issuer.token(staff({ exp: now() - 30 })) }));
    await ok(api().get('/api/v1/applications', { token: await issuer.token(staff({ nbf: now() + 30 })) }));
    await refused(await issuer.token(staff({ exp: now() - 90 })));
    await refused(await issuer.token(staff({ nbf: now() + 90 })));
  });

  it('R-AUTH-1 alg none, a shared-secret (HS256) signature and a foreign key are refused', async () => {
    const claims = { iss: issuer.issuer, aud: AUDIENCE, exp: now() + 300, ...staff() };
    await refused(unsignedToken(claims));
    await refused(`${unsignedToken(claims)}AAAA`);
    await refused(await hmacToken(claims));
    const foreign = await issuer.addKey('k-foreign', { publish: false });
    await refused(await issuer.token(staff(), { key: foreign }));
    // A foreign key that claims a published kid: the signature does not verify.
    await refused(await issuer.token(staff(), { key: { ...foreign, kid: 'k1' } }));
    // A valid token with one character of its signature changed.
    const good = await issuer.token(staff());
    await refused(`${good.slice(0, -2)}${good.endsWith('AA') ? 'BB' : 'AA'}`);
  });

  it('R-AUTH-1 key rotation: a token with a new kid makes the API fetch the JWKS again and is accepted', async () => {
    const before = issuer.jwksFetches;
    const k2 = await issuer.addKey('k2', { alg: 'ES256' });
    await ok(api().get('/api/v1/applications', { token: await issuer.token(staff(), { key: k2 }) }));
    expect(issuer.jwksFetches).toBe(before + 1);
    // The old key still works and costs no fetch.
    await ok(api().get('/api/v1/applications', { token: await issuer.token(staff(), { key: k1 }) }));
    expect(issuer.jwksFetches).toBe(before + 1);
  });

  it('R-AUTH-1 roles: none of staff/supervisor/viewer is 403 NO_ROLE; several give the strongest', async () => {
    await problem(api().get('/api/v1/applications', { token: await issuer.token(staff({ wioa_roles: [] })) }), 403, 'NO_ROLE');
    await problem(api().get('/api/v1/applications', { token: await issuer.token(staff({ wioa_roles: ['admin', 'STAFF'] })) }), 403, 'NO_ROLE');
    await problem(api().get('/api/v1/applications', { token: await issuer.token(staff({ wioa_roles: undefined })) }), 403, 'NO_ROLE');
    const viewer = await issuer.token(staff({ sub: 'S-OIDC-V', wioa_roles: ['viewer'] }));
    await problem(api().post('/api/v1/participants', { firstName: 'A', lastName: 'B', birthDate: '1980-01-01' }, { token: viewer }), 403, 'FORBIDDEN');
    const both = await issuer.token(staff({ sub: 'S-OIDC-SUP', wioa_roles: ['viewer', 'supervisor', 'staff'] }));
    const group = await ok(
      api().post(
        '/api/v1/case-management-groups',
        { name: 'Adults', office: 'LA-2703', programs: ['ADULT'], leadStaffId: 'S-OIDC-1', memberStaffIds: ['S-OIDC-1'] },
        { token: both },
      ),
      201,
    );
    expect(group.group.createdBy).toBe('S-OIDC-SUP');
  });

  it('R-AUTH-1 a claim that names no usable staff id is refused', async () => {
    await refused(await issuer.token(staff({ sub: '' })));
    await refused(await issuer.token(staff({ sub: 'has space' })));
  });

  it('R-AUTH-1 static tokens still work beside OIDC; an unknown opaque token is 401 invalid_token; none at all is 401 without error', async () => {
    await ok(api().get('/api/v1/applications'));
    await refused('change-me-staff');
    const none = await api().get('/api/v1/applications', { token: null });
    expect({ status: none.status, code: none.body.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="wioa"');
  });
});

describe('R-AUTH-2 the staff directory and the offices claim', () => {
  it('R-AUTH-2 staff signed in through OIDC are known from their first call (UNKNOWN_STAFF before)', async () => {
    const body = { name: 'New Team', office: 'SD-0101', programs: ['ADULT'], leadStaffId: 'S-OIDC-NEW', memberStaffIds: ['S-OIDC-NEW'] };
    await problem(api().post('/api/v1/case-management-groups', body, { token: 'dev-supervisor' }), 422, 'UNKNOWN_STAFF');
    await ok(api().get('/api/v1/applications', { token: await issuer.token(staff({ sub: 'S-OIDC-NEW', wioa_offices: ['SD-0101'] })) }));
    await ok(api().post('/api/v1/case-management-groups', body, { token: 'dev-supervisor' }), 201);
    const row = await sandbox.stack.db.staffMember.findUnique({ where: { id: 'S-OIDC-NEW' } });
    expect(row).toMatchObject({ role: 'staff', offices: ['SD-0101'], source: 'oidc' });
    expect(row!.firstSeenAt.getTime()).toBeLessThanOrEqual(row!.lastSeenAt.getTime());
    // API_TOKENS' staff were written at start-up.
    expect(await sandbox.stack.db.staffMember.findUnique({ where: { id: 'S-SUP-1' } })).toMatchObject({
      role: 'supervisor',
      offices: ['LA-2703', 'SD-0101'],
      source: 'token',
    });
  });

  it('R-AUTH-2 the offices claim scopes the caller: another office is 403 OFFICE_OUT_OF_SCOPE to create in, * is every office', async () => {
    const p = await ok(api().post('/api/v1/participants', { firstName: 'Grace', lastName: 'Scope', birthDate: '1970-02-02' }), 201);
    const body = { participantId: p.id, programs: ['ADULT'], eligibilityDate: '2024-01-02', office: 'SD-0101' };
    await problem(api().post('/api/v1/applications', body, { token: await issuer.token(staff()) }), 403, 'OFFICE_OUT_OF_SCOPE');
    const everywhere = await issuer.token(staff({ sub: 'S-OIDC-ALL', wioa_offices: ['*'] }));
    const created = await ok(api().post('/api/v1/applications', body, { token: everywhere }), 201);
    // The LA-2703 caller does not see it: exactly the 404 of an id that does not exist.
    const la = await issuer.token(staff());
    const hidden = await api().get(`/api/v1/applications/${created.id}`, { token: la });
    const unknown = await api().get('/api/v1/applications/00000000-0000-4000-8000-00000000dead', { token: la });
    expect(hidden.status).toBe(404);
    expect({ ...hidden.body, detail: hidden.body.detail.replace(created.id, '<id>'), instance: undefined }).toEqual({
      ...unknown.body,
      detail: unknown.body.detail.replace('00000000-0000-4000-8000-00000000dead', '<id>'),
      instance: undefined,
    });
    // A claim without offices sees none.
    const nowhere = await issuer.token(staff({ sub: 'S-OIDC-NONE', wioa_offices: undefined }));
    expect((await ok(api().get('/api/v1/applications', { token: nowhere }))).total).toBe(0);
  });
});
