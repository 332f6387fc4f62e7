/**
 * `npm run import -- FILE [--dry-run] [--url URL] [--token TOKEN]` (R-IMP-1): sends an NDJSON file of
 * legacy cases to `POST /api/v1/imports` of a running service (the same route, the same checks), shows a
 * progress bar while the service imports, and ends with the summary and every refused line.
 *
 * URL: `--url`, else WIOA_API_URL, else http://127.0.0.1:3000. Token (a supervisor's): `--token`, else
 * WIOA_API_TOKEN, else the development token `dev-supervisor`. Exit code 0 when no line failed, 2 when
 * some did, 1 when the import could not run.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import type { ImportProgress, ImportSummary } from '../api/services/case-import';
import { parseUploadArgs } from './upload-args';

export interface PostImportOptions {
  url: string;
  token: string;
  dryRun: boolean;
  onProgress?: (p: ImportProgress) => void;
}

/** POSTs `body` (NDJSON) to the import route, reading its progress stream; resolves with the summary. */
export async function postImport(body: Buffer | string, o: PostImportOptions): Promise<ImportSummary> {
  const res = await fetch(`${o.url.replace(/\/+$/, '')}/api/v1/imports${o.dryRun ? '?dryRun=true' : ''}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${o.token}`, 'content-type': 'application/x-ndjson', accept: 'application/x-ndjson' },
    body,
  });
  if (res.status !== 200 || !res.body) {
    const text = await res.text();
    let detail = text;
    try {
      const p = JSON.parse(text) as { code?: string; detail?: string };
      detail = `${p.code ?? ''} ${p.detail ?? ''}`.trim();
    } catch {
      // not problem+json
    }
    throw new Error(`the service answered ${res.status}: ${detail}`);
  }
  const decoder = new TextDecoder();
  let buffered = '';
  let summary: ImportSummary | undefined;
  const handle = (line: string): void => {
    if (!line.trim()) return;
    const event = JSON.parse(line) as { progress?: ImportProgress; summary?: ImportSummary; error?: { code: string; detail: string } };
    if (event.progress) o.onProgress?.(event.progress);
    if (event.summary) summary = event.summary;
    if (event.error) throw new Error(`the import stopped: ${event.error.code} ${event.error.detail}`);
  };
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      handle(buffered.slice(0, nl));
      buffered = buffered.slice(nl + 1);
    }
  }
  handle(buffered + decoder.decode());
  if (!summary) throw new Error('the service ended the answer without a summary');
  return summary;
}

/** The summary as people read it. */
function formatSummary(s: ImportSummary, file: string): string {
  const lines = [
    '',
    `${s.dryRun ? 'Dry run (nothing was created) of' : 'Imported'} ${file}: ${s.lines} line(s)`,
    `  ${s.dryRun ? 'would be created' : 'created'}  ${s.created}`,
    `  skipped  ${s.skipped}   (externalId already imported)`,
    `  failed   ${s.failed}`,
  ];
  if (s.errors.length > 0) {
    lines.push('', 'Refused lines (nothing was created for them; fix and run the file again — imported cases are skipped):');
    for (const e of s.errors) lines.push(`  line ${e.line}${e.externalId ? ` (${e.externalId})` : ''}: ${e.field} ${e.code} — ${e.detail}`);
  }
  return lines.join('\n') + '\n';
}

async function main(argv: string[]): Promise<number> {
  const { file, dryRun, url, token } = parseUploadArgs(argv, 'import');
  const path = resolve(file);
  const body = readFileSync(path);
  const bar = new SingleBar(
    { format: ' {bar} {percentage}% | {value}/{total} lines | created {created} skipped {skipped} failed {failed} | {duration_formatted}', hideCursor: true },
    Presets.shades_classic,
  );
  let started = false;
  const summary = await postImport(body, {
    url,
    token,
    dryRun,
    onProgress: (p) => {
      const extra = { created: p.created, skipped: p.skipped, failed: p.failed };
      if (!started) {
        bar.start(p.lines, p.done, extra);
        started = true;
      } else bar.update(p.done, extra);
    },
  }).finally(() => {
    if (started) bar.stop();
  });
  process.stdout.write(formatSummary(summary, file));
  return summary.failed > 0 ? 2 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`import failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
