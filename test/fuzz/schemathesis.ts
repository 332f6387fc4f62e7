/**
 * Runs schemathesis (PyPI, pinned by scripts/install-tools.mjs into .tools/schemathesis) against a
 * running API: every check, every phase (examples, coverage, fuzzing and the stateful phase that
 * follows the document's OpenAPI links), bounded by examples per operation and by a time budget.
 * Used by `npm run fuzz:schemathesis` (scripts/schemathesis.ts) and test/fuzz/schemathesis.test.ts.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const SCHEMATHESIS_BIN = resolve(__dirname, '..', '..', '.tools', 'schemathesis', 'bin', 'schemathesis');
/** Checks' settings and per-operation headers (the bearer tokens). */
const SCHEMATHESIS_CONFIG = resolve(__dirname, 'schemathesis.toml');

export interface SchemathesisOptions {
  /** Base URL of the running API (its /openapi.json is the schema). */
  baseUrl: string;
  /** Test cases per operation and phase (default 20). */
  maxExamples?: number;
  /** Time budget of the whole run in seconds (default 60). */
  maxTime?: number;
  seed?: number;
  /** Where the JUnit and NDJSON reports go (default data/schemathesis). */
  reportDir?: string;
  /** More schemathesis arguments (they win over the defaults above when repeated). */
  extraArgs?: string[];
  /** Each output line (default: process.stdout). */
  onOutput?: (chunk: string) => void;
  /** Overrides the config file's bearer token (`dev-staff`) for every operation. */
  token?: string;
}

export interface SchemathesisResult {
  exitCode: number;
  output: string;
  args: string[];
  reportDir: string;
}

function schemathesisArgs(opts: SchemathesisOptions, reportDir: string): string[] {
  return [
    '--config-file',
    SCHEMATHESIS_CONFIG,
    'run',
    `${opts.baseUrl}/openapi.json`,
    '--url',
    opts.baseUrl,
    '--checks',
    'all',
    '--phases',
    'examples,coverage,fuzzing,stateful',
    '--max-examples',
    String(opts.maxExamples ?? 20),
    '--max-time',
    String(opts.maxTime ?? 60),
    '--seed',
    String(opts.seed ?? 20261201),
    '--generation-deterministic',
    '--workers',
    '1',
    '--request-timeout',
    '60',
    ...(opts.token ? ['--header', `Authorization: Bearer ${opts.token}`] : []),
    '--report',
    'junit,ndjson',
    '--report-dir',
    reportDir,
    '--no-color',
    ...(opts.extraArgs ?? []),
  ];
}

/**
 * schemathesis's SUMMARY section, rewritten for a test log. Its closing banner
 * (`===== 3 warnings in 75.03s =====`) has the shape of pytest's closing line, and CI, which reads
 * pytest's closing lines, took a green run that printed it for "no test executed". So the banners lose
 * their `=` rules and every line is marked as schemathesis's.
 */
export function summaryForLog(output: string): string {
  const at = output.lastIndexOf('SUMMARY');
  const summary = at >= 0 ? output.slice(at) : output;
  return summary
    .trimEnd()
    .split('\n')
    .map((line) => `schemathesis | ${line.replace(/={3,}/g, '').trim()}`)
    .join('\n');
}

export function runSchemathesis(opts: SchemathesisOptions): Promise<SchemathesisResult> {
  if (!existsSync(SCHEMATHESIS_BIN)) {
    throw new Error(`schemathesis is not installed at ${SCHEMATHESIS_BIN}: run npm install (scripts/install-tools.mjs)`);
  }
  const reportDir = resolve(opts.reportDir ?? join('data', 'schemathesis'));
  mkdirSync(reportDir, { recursive: true });
  const args = schemathesisArgs(opts, reportDir);
  const onOutput = opts.onOutput ?? ((c: string) => void process.stdout.write(c));
  return new Promise((resolvePromise, reject) => {
    const child = spawn(SCHEMATHESIS_BIN, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', PYTHONUNBUFFERED: '1', COLUMNS: '160' },
    });
    let output = '';
    const take = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      output += text;
      onOutput(text);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ exitCode: code ?? (signal ? 128 : 1), output, args, reportDir }));
  });
}
