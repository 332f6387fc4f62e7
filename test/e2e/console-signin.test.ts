/**
 * SPEC §13 R-UI-1, R-UI-2, R-UI-12, R-UI-13 in Chromium: signing in to the staff console.
 *
 * Two services share one time-skipping Temporal server and one browser: one with no OIDC (the sign-in page
 * offers the development identities), one whose staff sign in at a real OpenID Provider started by this
 * test (`oidc-provider`: authorization code + PKCE, a public client, JWT access tokens for the API's
 * audience, refresh tokens). The console is driven only by role and accessible name.
 */
import type { Browser, Page, Request } from 'playwright-core';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { decodeJwt } from 'jose';
import { timeSkippingEnv } from '../helpers/temporal';
import { launchChromium } from '../helpers/browser';
import { eventually } from '../helpers/wait';
import { freePort } from '../helpers/ports';
import { startOidcProvider, type OidcProvider } from '../helpers/oidc-issuer';
import { axe, ensureConsoleBuilt, openConsole, parseCsp, screenshot, signInAsDev, startConsoleStack, type ConsoleStack } from '../helpers/console';

const CLIENT_ID = 'wioa-console';
const AUDIENCE = 'https://wioa.agency.example/api';
/** Short enough that the console renews it during the test, long enough to sign in first. */
const ACCESS_TOKEN_TTL = 75;

let env: TestWorkflowEnvironment;
let browser: Browser;
let dev: ConsoleStack;
let sso: ConsoleStack;
let issuer: OidcProvider;

beforeAll(async () => {
  ensureConsoleBuilt();
  [env, browser] = await Promise.all([timeSkippingEnv('2024-01-10T18:00:00Z'), launchChromium()]);
  dev = await startConsoleStack({ name: 'console_signin_dev', shared: { env, browser } });
  const port = await freePort();
  issuer = await startOidcProvider({
    clientId: CLIENT_ID,
    consoleOrigin: `http://127.0.0.1:${port}`,
    audience: AUDIENCE,
    accessTokenTtl: ACCESS_TOKEN_TTL,
    accounts: { 'S-OIDC-STAFF': { roles: ['staff'], offices: ['LA-2703'] } },
  });
  sso = await startConsoleStack({
    name: 'console_signin_oidc',
    port,
    shared: { env, browser },
    env: { OIDC_ISSUER: issuer.issuer, OIDC_AUDIENCE: AUDIENCE, OIDC_CLIENT_ID: CLIENT_ID },
  });
}, 240_000);

afterAll(async () => {
  await sso?.stop();
  await dev?.stop();
  await issuer?.close();
  await browser?.close();
  await env?.teardown();
});

/** The header (banner) names the signed-in staff id and, beside it, the role. */
async function expectSignedInAs(page: Page, staffId: string, role: string): Promise<void> {
  const banner = page.getByRole('banner');
  await banner.getByText(staffId).first().waitFor({ timeout: 20_000 });
  const text = await banner.innerText();
  expect(text.split(staffId).join(' ')).toMatch(new RegExp(`\\b${role}\\b`, 'i'));
}

describe('development sign-in (no OIDC, outside production)', () => {
  it('offers the three development identities; dev-staff lands on the caseload with its staff id and role in the header', async () => {
    const { context, page, problems } = await openConsole(browser, dev.origin);
    try {
      for (const id of ['dev-staff', 'dev-supervisor', 'dev-viewer']) {
        await page.getByRole('button', { name: `Sign in as ${id}` }).waitFor();
      }
      await axe(page, 'sign-in (development identities)');
      await screenshot(page, 'console-sign-in-dev');
      await signInAsDev(page, 'dev-staff');
      await expectSignedInAs(page, 'S-DEV-STAFF', 'staff');
      await page.waitForURL(/\/caseload\b/);
      for (const name of ['Caseload', 'Alerts', 'Reports', 'Intake']) await page.getByRole('link', { name, exact: true }).first().waitFor();
      // Imports are for supervisors only.
      expect(await page.getByRole('link', { name: 'Import', exact: true }).count()).toBe(0);
      await page.getByRole('columnheader', { name: 'Participant' }).waitFor();
      await axe(page, 'caseload (dev-staff)');
      expect(problems.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a deep link /cases/<id> loads and reloads to the same case page', async () => {
    const { http } = dev.stack;
    const p = await http.post('/api/v1/participants', { firstName: 'Dee', lastName: 'Linkwood', birthDate: '1984-02-29' });
    expect(p.status).toBe(201);
    const a = await http.post('/api/v1/applications', { participantId: p.body.id, programs: ['ADULT'], eligibilityDate: '2024-01-02', office: 'LA-2703' });
    expect(a.status).toBe(201);
    const id = a.body.id as string;

    const { context, page, problems } = await openConsole(browser, dev.origin);
    try {
      await signInAsDev(page, 'dev-supervisor');
      await page.goto(`${dev.origin}/cases/${id}`);
      await page
        .getByRole('heading', { name: /Linkwood/ })
        .first()
        .waitFor({ timeout: 20_000 });
      await page.reload();
      expect(new URL(page.url()).pathname).toBe(`/cases/${id}`);
      await page
        .getByRole('heading', { name: /Linkwood/ })
        .first()
        .waitFor({ timeout: 20_000 });
      await expectSignedInAs(page, 'S-DEV-SUPERVISOR', 'supervisor');
      // A supervisor may import.
      await page.getByRole('link', { name: 'Import', exact: true }).first().waitFor();
      expect(problems.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the console page carries a strict CSP (no inline script, no eval, connect-src only itself); the API keeps its 404 problem', async () => {
    const res = await fetch(`${dev.origin}/cases/anything`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = parseCsp(res.headers.get('content-security-policy'));
    const scripts = csp.get('script-src') ?? csp.get('default-src');
    expect(scripts).toBeDefined();
    expect(scripts).not.toContain("'unsafe-inline'");
    expect(scripts).not.toContain("'unsafe-eval'");
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    // The API's routes do not move: an unknown one is the API's own 404 problem, also for a browser.
    for (const accept of ['application/json', 'text/html']) {
      const nope = await fetch(`${dev.origin}/api/v1/nope`, { headers: { authorization: 'Bearer dev-staff', accept } });
      expect(nope.status).toBe(404);
      expect(nope.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });
});

describe('OIDC sign-in against a real OpenID Provider', () => {
  it('the console page names the issuer in connect-src and nothing else besides itself', async () => {
    const res = await fetch(`${sso.origin}/`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    const csp = parseCsp(res.headers.get('content-security-policy'));
    expect([...(csp.get('connect-src') ?? [])].sort()).toEqual(["'self'", issuer.issuer].sort());
    const scripts = csp.get('script-src') ?? csp.get('default-src');
    expect(scripts).not.toContain("'unsafe-inline'");
    expect(scripts).not.toContain("'unsafe-eval'");
  });

  it('signs in with authorization code + PKCE, calls the API with the access token, renews it, and signs out at the issuer', async () => {
    const { context, page, problems } = await openConsole(browser, sso.origin);
    const bearer: string[] = [];
    page.on('request', (req: Request) => {
      const auth = req.headers().authorization;
      if (req.url().startsWith(`${sso.origin}/api/`) && auth) bearer.push(auth);
    });
    try {
      // With OIDC, the development identities are not offered.
      await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor({ timeout: 20_000 });
      expect(await page.getByRole('button', { name: /^Sign in as / }).count()).toBe(0);
      await axe(page, 'sign-in (OIDC)');
      await screenshot(page, 'console-sign-in-oidc');

      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL((u) => u.href.startsWith(issuer.issuer), { timeout: 20_000 });
      const authorize = new URL(page.url());
      await page.getByLabel('Staff id').fill('S-OIDC-STAFF');
      await page.getByRole('button', { name: 'Sign in to the test issuer' }).click();
      await page.waitForURL((u) => u.href.startsWith(sso.origin) && !u.pathname.startsWith('/auth/callback'), { timeout: 20_000 });
      await expectSignedInAs(page, 'S-OIDC-STAFF', 'staff');
      await page.getByRole('banner').getByText('LA-2703').first().waitFor();
      await page.getByRole('columnheader', { name: 'Participant' }).waitFor({ timeout: 20_000 });
      await axe(page, 'caseload (OIDC staff)');
      expect(authorize.pathname).not.toBe('/'); // the issuer's own pages, not the console's

      const stats = await issuer.stats();
      expect(stats.grants.authorization_code).toBe(1);
      expect(stats.signIns).toEqual(['S-OIDC-STAFF']);

      // A reload keeps the tab's session: same page, still signed in, no new sign-in at the issuer.
      await page.reload();
      expect(new URL(page.url()).pathname).toBe('/caseload');
      await expectSignedInAs(page, 'S-OIDC-STAFF', 'staff');
      expect((await issuer.stats()).grants.authorization_code).toBe(1);

      // The API was called with the issuer's JWT access token, for the API's audience.
      expect(bearer.length).toBeGreaterThan(0);
      const first = bearer[0]!.replace(/^Bearer /, '');
      const claims = decodeJwt(first);
      expect(claims).toMatchObject({ iss: issuer.issuer, sub: 'S-OIDC-STAFF', client_id: CLIENT_ID });
      expect([claims.aud].flat()).toContain(AUDIENCE);

      // Tokens never go to localStorage or a script-readable cookie.
      const stored = await page.evaluate(() => {
        const w = globalThis as any;
        const local: string[] = [];
        for (let i = 0; i < w.localStorage.length; i += 1) local.push(`${w.localStorage.key(i)}=${w.localStorage.getItem(w.localStorage.key(i))}`);
        return { local: local.join('\n'), cookies: String(w.document.cookie) };
      });
      expect(stored.local).not.toContain(first);
      expect(stored.cookies).not.toContain(first);

      // Renewal before expiry with the refresh token; nothing typed is lost meanwhile.
      const search = page.getByRole('searchbox', { name: 'Search cases' }).or(page.getByLabel('Search cases')).first();
      await search.fill('Renewal-kept');
      const deadline = Date.now() + ACCESS_TOKEN_TTL * 1000;
      while ((await issuer.stats()).grants.refresh_token === undefined) {
        if (Date.now() > deadline) throw new Error('the console did not renew its access token before it expired');
        await page.waitForTimeout(1_000);
      }
      expect(await search.inputValue()).toBe('Renewal-kept');
      // The next call to the API (the caseload refreshes itself within 10 s) carries the renewed token.
      const before = bearer.length;
      const renewedBy = Date.now() + 15_000;
      const renewed = () => bearer.slice(before).some((b) => b.replace(/^Bearer /, '') !== first);
      while (!renewed() && Date.now() < renewedBy) await page.waitForTimeout(500);
      expect(renewed()).toBe(true);

      // Sign out ends the session at the issuer (its end-session endpoint) and comes back signed out.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await eventually(
        () => issuer.stats(),
        (st) => st.signOuts === 1,
        20_000,
        'the end of the session at the issuer',
      ).catch(async (err: Error) => {
        throw new Error(`${err.message}; the page is at ${page.url()}; the issuer reported ${JSON.stringify((await issuer.stats()).errors)}`);
      });
      await page.waitForURL((u) => u.href.startsWith(sso.origin), { timeout: 20_000 });
      await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor({ timeout: 20_000 });
      expect(problems.errors).toEqual([]);
      expect((await issuer.stats()).errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);
});
