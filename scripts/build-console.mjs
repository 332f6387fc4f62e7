#!/usr/bin/env node
// Builds the staff console (web/ → web/dist) with Vite and prints the JavaScript the first page loads,
// gzip-compressed: the entry chunk and every chunk it imports statically (the <script type="module"> and
// <link rel="modulepreload"> tags Vite writes into index.html). Fails above the budget (SPEC R-UI-1).
//   npm run build:console        (also run by `npm install` and, when web/dist is missing, by `npm start`)
//   CONSOLE_BUILD_VERBOSE=1 npm run build:console   (Vite's own report of every file)
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

export const FIRST_LOAD_BUDGET_BYTES = 250 * 1024;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const webDir = join(root, 'web');
const distDir = join(webDir, 'dist');

/** The JavaScript files index.html loads before the first page renders, with their raw and gzip sizes. */
export function firstLoadJs(dir = distDir) {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const srcs = [
    ...[...html.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]),
    ...[...html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g)].map((m) => m[1]),
  ];
  return [...new Set(srcs)].map((src) => {
    const bytes = readFileSync(join(dir, src.replace(/^\//, '')));
    return { file: src, bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
}

async function main() {
  if (!existsSync(join(webDir, 'index.html'))) {
    // An install without the console's sources (a container image that copies only what the API needs).
    console.log('console: web/ is not here; nothing to build (the API serves without the console)');
    return;
  }
  await build({ root: webDir, configFile: join(webDir, 'vite.config.mts'), logLevel: process.env.CONSOLE_BUILD_VERBOSE === '1' ? 'info' : 'warn' });
  const files = firstLoadJs();
  const gzip = files.reduce((n, f) => n + f.gzip, 0);
  const raw = files.reduce((n, f) => n + f.bytes, 0);
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`console: first-load JavaScript ${kb(gzip)} gzip (${kb(raw)} raw) in ${files.length} file(s); budget ${kb(FIRST_LOAD_BUDGET_BYTES)}`);
  for (const f of files) console.log(`  ${f.file}  ${kb(f.gzip)} gzip`);
  if (gzip > FIRST_LOAD_BUDGET_BYTES) {
    console.error(`console: the first page loads ${kb(gzip)} of JavaScript (gzip), over the ${kb(FIRST_LOAD_BUDGET_BYTES)} budget`);
    process.exit(1);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
