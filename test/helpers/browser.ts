/**
 * Headless Chromium for browser tests, with no system package: `@sparticuz/chromium` ships the binary
 * (brotli-compressed) inside its npm package and unpacks it on first use; `playwright-core` drives it.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/temporal/binaries';

/** Where browser tests save screenshots (git-ignored: data/). */
export const SCREENSHOTS_DIR = join(PROJECT_ROOT, 'data', 'screenshots');

/**
 * Flags of @sparticuz/chromium that would make the browser lie about what a real one does: it turns
 * web security off (no CORS, no Origin header), which would hide every codec-server CORS problem.
 */
const UNREALISTIC = new Set(['--disable-web-security', '--allow-running-insecure-content', '--disable-site-isolation-trials']);
/** Meant for AWS Lambda: in one process, closing the last page ends the browser. */
const LAMBDA_ONLY = new Set(['--single-process']);

/**
 * The package is ES modules only (Jest runs CommonJS), so its executable path and flags are asked of a
 * short-lived Node process.
 */
async function sparticuz(): Promise<{ executablePath: string; args: string[] }> {
  const script =
    "import('@sparticuz/chromium').then(async ({ default: c }) => process.stdout.write(JSON.stringify({ executablePath: await c.executablePath(), args: c.args })))";
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], { cwd: PROJECT_ROOT, timeout: 120_000 });
  return JSON.parse(stdout) as { executablePath: string; args: string[] };
}

export async function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const { executablePath, args } = await sparticuz();
  return chromium.launch({ executablePath, args: args.filter((a) => !UNREALISTIC.has(a) && !LAMBDA_ONLY.has(a)), headless: true });
}
