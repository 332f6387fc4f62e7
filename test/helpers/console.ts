/**
 * The staff console in a real browser: the service in sandbox mode (time-skipping Temporal server, its own
 * PostgreSQL database and task queue) serving the built console at `/`, headless Chromium with web
 * security on, and the checks every console test makes: axe-core on each page (no violation of impact
 * serious or critical), no script error or Content-Security-Policy violation, screenshots in
 * data/screenshots/.
 *
 * Tests drive the console only by role and accessible name (SPEC R-UI-12), as a screen-reader user would.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { PROJECT_ROOT } from '../../src/temporal/binaries';
import { startStack, type Stack } from './stack';
import { timeSkippingEnv } from './temporal';
import { freePort } from './ports';
import { SCREENSHOTS_DIR, launchChromium } from './browser';

const CONSOLE_DIST_INDEX = join(PROJECT_ROOT, 'web', 'dist', 'index.html');

/** The newest modification time of the console's sources (web/, without its build output). */
function newestSource(dir = join(PROJECT_ROOT, 'web')): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * `npm install` builds the console; a checkout where it is missing (a test run right after a clean), or
 * older than its sources (a console edited since), builds it here with the project's own script rather
 * than testing something else than the code at hand.
 */
export function ensureConsoleBuilt(): void {
  if (existsSync(CONSOLE_DIST_INDEX) && statSync(CONSOLE_DIST_INDEX).mtimeMs >= newestSource()) return;
  const scripts = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const env = { ...process.env, CONSOLE_BUILD_QUIET: '1' };
  if (scripts['build:console']) execFileSync(npm, ['run', '--silent', 'build:console'], { cwd: PROJECT_ROOT, env, stdio: 'inherit', timeout: 300_000 });
  else
    execFileSync(process.execPath, [join(PROJECT_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', 'web'], {
      cwd: PROJECT_ROOT,
      env,
      stdio: 'inherit',
      timeout: 300_000,
    });
  if (!existsSync(CONSOLE_DIST_INDEX)) throw new Error(`building the console did not produce ${CONSOLE_DIST_INDEX}`);
}

export interface ConsoleStack {
  env: TestWorkflowEnvironment;
  stack: Stack;
  browser: Browser;
  /** `http://127.0.0.1:<port>`: the console and the API (one origin). */
  origin: string;
  stop(): Promise<void>;
}

export interface ConsoleStackOptions {
  name: string;
  /** The sandbox clock's first instant (default 2024-01-10T18:00:00Z, 10:00 in the agency's time zone). */
  startAt?: string;
  env?: Record<string, string>;
  /** The API's port, when something (an OpenID Provider's redirect URI) must know it before the start. */
  port?: number;
  /** A Temporal environment and a browser another stack of the same file already uses (not stopped here). */
  shared?: { env: TestWorkflowEnvironment; browser: Browser };
}

/** The service in sandbox mode with the console, and a browser. */
export async function startConsoleStack(opts: ConsoleStackOptions): Promise<ConsoleStack> {
  ensureConsoleBuilt();
  const env = opts.shared?.env ?? (await timeSkippingEnv(opts.startAt ?? '2024-01-10T18:00:00Z'));
  const ownEnv = !opts.shared;
  let stack: Stack | undefined;
  try {
    stack = await startStack(env, { name: opts.name, mode: 'sandbox', port: opts.port ?? (await freePort()), ...(opts.env ? { env: opts.env } : {}) });
    const browser = opts.shared?.browser ?? (await launchChromium());
    const s = stack;
    return {
      env,
      stack: s,
      browser,
      origin: s.api.url.replace(/\/+$/, ''),
      stop: async () => {
        try {
          if (ownEnv) await browser.close();
        } finally {
          try {
            await s.stop();
          } finally {
            if (ownEnv) await env.teardown();
          }
        }
      },
    };
  } catch (err) {
    await stack?.stop();
    if (ownEnv) await env.teardown();
    throw err;
  }
}

/** What a page reported that no user should ever cause: uncaught errors and CSP violations. */
export interface PageProblems {
  errors: string[];
}

/** A fresh browser context (no session of another test) and its page, recording script errors. */
export async function openConsole(browser: Browser, origin: string): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  const problems: PageProblems = { errors: [] };
  if (process.env.CONSOLE_TEST_DEBUG) {
    page.on('response', (res) => {
      if (res.status() >= 400) console.log(`browser got ${res.status()} for ${res.request().method()} ${res.url()}`);
    });
  }
  page.on('pageerror', (err) => problems.errors.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (process.env.CONSOLE_TEST_DEBUG) console.log(`browser ${msg.type()}: ${msg.text()}`);
    if (msg.type() === 'error' && /Content Security Policy|Refused to (execute|load|connect|apply)|EvalError/i.test(msg.text())) {
      problems.errors.push(`console: ${msg.text()}`);
    }
  });
  await page.goto(`${origin}/`);
  return { context, page, problems };
}

/** The development identities of the sign-in page (outside production, no OIDC). */
export type DevIdentity = 'dev-staff' | 'dev-supervisor' | 'dev-viewer';

/** Signs in with a development identity from the sign-in page and waits for the signed-in header. */
export async function signInAsDev(page: Page, identity: DevIdentity): Promise<void> {
  await page.getByRole('button', { name: `Sign in as ${identity}` }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 20_000 });
}

/** One axe-core run: the page it was on and every violation found (all impacts). */
export interface AxeReport {
  page: string;
  url: string;
  violations: { id: string; impact: string | null | undefined; help: string; nodes: number; targets: string[] }[];
}

/** Every axe run of this test file, for its summary line. */
const axeReports: AxeReport[] = [];

/**
 * Runs axe-core (every rule of its default set: WCAG 2.0/2.1 A and AA and best practices) on the page as
 * it is now, prints what it found, and fails on any violation of impact serious or critical (R-UI-12).
 */
export async function axe(page: Page, label: string): Promise<AxeReport> {
  const results = await new AxeBuilder({ page }).analyze();
  const report: AxeReport = {
    page: label,
    url: page.url(),
    violations: results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.length,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    })),
  };
  axeReports.push(report);
  const line =
    report.violations.length === 0 ? 'no violations' : report.violations.map((v) => `${v.impact} ${v.id} ×${v.nodes} (${v.targets.join(', ')})`).join('; ');
  console.log(`axe ${label} (${report.url}): ${line}`);
  const serious = report.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (serious.length > 0) {
    throw new Error(
      `axe-core: ${serious.length} serious or critical violation(s) on ${label} (${report.url}):\n${serious.map((v) => `  - [${v.impact}] ${v.id}: ${v.help} — ${v.targets.join(', ')}`).join('\n')}`,
    );
  }
  return report;
}

/** A full-page screenshot in data/screenshots/ (git-ignored); returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** The Content-Security-Policy of a page as directive → sources. */
export function parseCsp(header: string | null): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), sources);
  }
  return out;
}
