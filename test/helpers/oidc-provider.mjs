/**
 * A real OpenID Provider (the `oidc-provider` package) for the console's browser tests, run as its own
 * Node process because the package is ES modules only and Jest runs CommonJS. test/helpers/oidc-issuer.ts
 * starts it and reads one JSON line from its stdout: `{"issuer": "http://127.0.0.1:<port>"}`.
 *
 * Configuration comes as JSON in the environment variable OIDC_TEST_PROVIDER:
 *   { clientId, consoleOrigin, audience, accounts: { <staff id>: { roles: [..], offices: [..] } },
 *     accessTokenTtl, rolesClaim, officesClaim }
 *
 * One public client (no secret, PKCE) whose redirect URI is `<consoleOrigin>/auth/callback`. Access tokens
 * are JWTs for the API's audience (a resource indicator that every authorization defaults to), carrying
 * `sub` = the staff id and the role and office claims the API reads. Refresh tokens are issued so the
 * console can renew an access token without a page load. Login is a plain HTML form (no script): a
 * `Staff id` field and a `Sign in to the test issuer` button; consent is granted without a page.
 *
 * `GET /__test/stats` answers what the provider did (token grants by type, sign-ins, sign-outs), so a test
 * can tell that a renewal or a sign-out really reached the issuer.
 */
import { Buffer } from 'node:buffer';
import { createServer } from 'node:http';
import { URL, URLSearchParams } from 'node:url';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider, { errors } from 'oidc-provider';

const cfg = JSON.parse(process.env.OIDC_TEST_PROVIDER ?? '{}');
const origin = cfg.consoleOrigin;
const audience = cfg.audience;
const accounts = cfg.accounts ?? {};
const rolesClaim = cfg.rolesClaim ?? 'roles';
const officesClaim = cfg.officesClaim ?? 'offices';
if (!cfg.clientId || !origin || !audience) throw new Error('OIDC_TEST_PROVIDER needs clientId, consoleOrigin and audience');

const stats = { grants: {}, signIns: [], signOuts: 0, errors: [] };

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: `k-${randomBytes(4).toString('hex')}`, alg: 'RS256', use: 'sig' };

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title, body) =>
  `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head><body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;

let provider;
let handler = (_req, res) => {
  res.statusCode = 503;
  res.end();
};
const server = createServer((req, res) => handler(req, res));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

provider = new Provider(issuer, {
  clients: [
    {
      client_id: cfg.clientId,
      token_endpoint_auth_method: 'none',
      application_type: 'web',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: [`${origin}/auth/callback`],
      post_logout_redirect_uris: [`${origin}/`],
    },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  scopes: ['openid', 'profile', 'email', 'offline_access', 'api'],
  claims: { openid: ['sub'], profile: ['name'] },
  features: {
    devInteractions: { enabled: false },
    // Clients may revoke their refresh tokens when they sign out. A JWT access token cannot be revoked
    // here: the endpoint answers 400 unsupported_token_type, as RFC 7009 §2.2.1 allows an issuer to.
    revocation: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      // A confirmation page that submits itself: the sign-out the console starts is the user's intent.
      logoutSource: async (ctx, form) => {
        ctx.body = page(
          'Sign out of the test issuer',
          `${form}<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button><script>document.forms[0].submit()</script>`,
        );
      },
    },
    resourceIndicators: {
      enabled: true,
      defaultResource: async () => audience,
      useGrantedResource: async () => true,
      getResourceServerInfo: async (_ctx, indicator) => {
        if (indicator !== audience) throw new errors.InvalidTarget();
        return {
          scope: 'api',
          audience,
          accessTokenFormat: 'jwt',
          accessTokenTTL: cfg.accessTokenTtl ?? 600,
          jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
  },
  findAccount: async (_ctx, sub) =>
    accounts[sub]
      ? {
          accountId: sub,
          claims: async () => ({ sub, name: sub }),
        }
      : undefined,
  extraTokenClaims: async (_ctx, token) => {
    const account = accounts[token.accountId];
    if (token.kind !== 'AccessToken' || !account) return undefined;
    return { [rolesClaim]: account.roles ?? [], [officesClaim]: account.offices ?? [] };
  },
  // Every sign-in of the public client may renew its access token with a refresh token.
  issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
  interactions: { url: async (_ctx, interaction) => `/interaction/${interaction.uid}` },
  renderError: async (ctx, out) => {
    stats.errors.push(out);
    ctx.type = 'html';
    ctx.body = page('Issuer error', `<pre>${escape(JSON.stringify(out))}</pre>`);
  },
});
// The console may return to any page of its own origin after signing out (the SPEC names no such page).
provider.Client.prototype.postLogoutRedirectUriAllowed = function allowed(value) {
  return URL.parse(value)?.origin === origin;
};

provider.on('grant.success', (ctx) => {
  const type = ctx.oidc.params.grant_type;
  stats.grants[type] = (stats.grants[type] ?? 0) + 1;
});
provider.on('end_session.success', () => {
  stats.signOuts += 1;
});
for (const event of ['grant.error', 'authorization.error', 'end_session.error', 'revocation.error', 'server_error']) {
  provider.on(event, (_ctx, err) => stats.errors.push({ event, error: err?.message, description: err?.error_description }));
}

function loginForm(uid, message) {
  return page(
    'Sign in to the test issuer',
    `${message ? `<p role="alert">${escape(message)}</p>` : ''}<form method="post" action="/interaction/${escape(uid)}/login"><label for="staff">Staff id</label> <input id="staff" name="staff" autocomplete="username" required> <button type="submit">Sign in to the test issuer</button></form>`,
  );
}

async function readForm(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new errors.InvalidRequest('interaction mismatch');
  const { prompt, params } = details;
  if (prompt.name === 'login') {
    if (action !== 'login') {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(loginForm(uid));
      return;
    }
    const staff = (await readForm(req)).get('staff') ?? '';
    if (!accounts[staff]) {
      res.statusCode = 400;
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(loginForm(uid, `No account ${staff}`));
      return;
    }
    stats.signIns.push(staff);
    await provider.interactionFinished(req, res, { login: { accountId: staff } }, { mergeWithLastSubmission: false });
    return;
  }
  if (prompt.name === 'consent') {
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session.accountId, clientId: params.client_id });
    const d = prompt.details;
    if (d.missingOIDCScope) grant.addOIDCScope(d.missingOIDCScope.join(' '));
    if (d.missingOIDCClaims) grant.addOIDCClaims(d.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(d.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    return;
  }
  throw new errors.InvalidRequest(`unexpected prompt ${prompt.name}`);
}

const callback = provider.callback();
handler = (req, res) => {
  const url = new URL(req.url ?? '/', issuer);
  if (url.pathname === '/__test/stats') {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(stats));
    return;
  }
  const m = /^\/interaction\/([^/]+)(?:\/(login))?$/.exec(url.pathname);
  if (m) {
    interaction(req, res, m[1], req.method === 'POST' ? m[2] : undefined).catch((err) => {
      stats.errors.push({ event: 'interaction', error: err?.message });
      if (!res.headersSent) {
        res.statusCode = 400;
        res.setHeader('content-type', 'text/html; charset=utf-8');
      }
      res.end(page('Issuer error', `<p>${escape(err?.message ?? err)}</p>`));
    });
    return;
  }
  callback(req, res);
};

process.stdout.write(`${JSON.stringify({ issuer })}\n`);
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// The test process owns this one: when it goes away (a crash, a kill), so does the issuer.
process.stdin.on('end', stop);
process.stdin.resume();
