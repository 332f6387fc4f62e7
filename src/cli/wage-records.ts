/**
 * `npm run wage-records -- FILE [--dry-run] [--url URL] [--token TOKEN]` (R-WAGE-1): streams a quarterly
 * wage file (CSV `ssn,year,quarter,wages,fein,source`) to `POST /api/v1/wage-records` of a running service,
 * shows a progress bar while the service reads it (the service reads the body as it loads it, so the
 * bytes sent are the bytes loaded), then the summary and every refused row.
 *
 * URL: `--url`, else WIOA_API_URL, else http://127.0.0.1:3000. Token (a supervisor's): `--token`, else
 * WIOA_API_TOKEN, else the development token `dev-supervisor`. Exit code 0 when no row failed, 2 when
 * some did, 1 when the load could not run.
 */
import { createReadStream, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { SingleBar, Presets } from 'cli-progress';
import type { WageLoadSummary } from '../api/services/wage-records';
import { parseUploadArgs } from './upload-args';

export interface PostWageFileOptions {
  url: string;
  token: string;
  dryRun: boolean;
  /** Bytes of the file sent so far. */
  onProgress?: (bytesSent: number) => void;
}

/** Streams `file` to the wage-record route; resolves with the summary. */
export async function postWageFile(file: string, o: PostWageFileOptions): Promise<WageLoadSummary> {
  const size = statSync(file).size;
  let sent = 0;
  const source = createReadStream(file, { highWaterMark: 256 * 1024 });
  source.on('data', (chunk) => {
    sent += chunk.length;
    o.onProgress?.(sent);
  });
  const res = await fetch(`${o.url.replace(/\/+$/, '')}/api/v1/wage-records${o.dryRun ? '?dryRun=true' : ''}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${o.token}`, 'content-type': 'text/csv', 'content-length': String(size) },
    body: Readable.toWeb(source) as unknown as ReadableStream<Uint8Array>,
    duplex: 'half',
  } as RequestInit & { duplex: 'half' });
  const text = await res.text();
  if (res.status !== 200) {
    let detail = text;
    try {
      const p = JSON.parse(text) as { code?: string; detail?: string; errors?: { path: string; message: string }[] };
      detail = `${p.code ?? ''} ${p.detail ?? ''}`.trim();
    } catch {
      // not problem+json
    }
    throw new Error(`the service answered ${res.status}: ${detail}`);
  }
  return JSON.parse(text) as WageLoadSummary;
}

/** The summary as people read it. */
function formatWageSummary(s: WageLoadSummary, file: string): string {
  const lines = [
    '',
    `${s.dryRun ? 'Dry run (nothing was kept) of' : 'Loaded'} ${file}: ${s.rows} row(s)${s.quarters.length > 0 ? ` for ${s.quarters.join(', ')}` : ''}`,
    `  ${(s.dryRun ? 'would be kept' : 'kept').padEnd(14)}${s.matched}   (SSN of a participant)`,
    `  ${'replaced'.padEnd(14)}${s.replaced}   (same participant, year, quarter, FEIN and source as a row kept before, or later in the file)`,
    `  ${'unmatched'.padEnd(14)}${s.unmatched}   (not a participant: not kept)`,
    `  ${'failed'.padEnd(14)}${s.failed}`,
  ];
  if (s.errors.length > 0) {
    lines.push('', 'Refused rows (fix them and load the file again: rows already kept are replaced, not added):');
    for (const e of s.errors) lines.push(`  line ${e.line}: ${e.field} ${e.code}`);
    if (s.failed > s.errors.length) lines.push(`  … and ${s.failed - s.errors.length} more`);
  }
  return lines.join('\n') + '\n';
}

async function main(argv: string[]): Promise<number> {
  const { file, dryRun, url, token } = parseUploadArgs(argv, 'wage-records');
  const path = resolve(file);
  const size = statSync(path).size;
  const bar = new SingleBar({ format: ' {bar} {percentage}% | {value}/{total} MB | {duration_formatted}', hideCursor: true }, Presets.shades_classic);
  const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
  bar.start(mb(size), 0);
  let summary: WageLoadSummary;
  try {
    summary = await postWageFile(path, { url, token, dryRun, onProgress: (n) => bar.update(mb(n)) });
  } finally {
    bar.stop();
  }
  process.stdout.write(formatWageSummary(summary, file));
  return summary.failed > 0 ? 2 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`wage-records failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
