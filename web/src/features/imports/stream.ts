/**
 * The import's answer as a stream of NDJSON lines (`{"progress": …}` while it runs, `{"summary": …}` or
 * `{"error": …}` last): pure helpers, unit-tested in test/web.
 */

export interface ImportProgress {
  done: number;
  lines: number;
  created: number;
  skipped: number;
  failed: number;
}

/** Splits what has arrived into complete lines and the unfinished rest (kept for the next chunk). */
export function splitLines(pending: string, chunk: string): { lines: string[]; rest: string } {
  const parts = (pending + chunk).split('\n');
  const rest = parts.pop() ?? '';
  return { lines: parts.map((l) => l.trim()).filter(Boolean), rest };
}

export type StreamEvent<S> =
  | { kind: 'progress'; progress: ImportProgress }
  | { kind: 'summary'; summary: S }
  | { kind: 'error'; code: string; detail: string }
  | { kind: 'unknown'; line: string };

/** One line of the stream as an event (a line that is not JSON, or not one of the three, is `unknown`). */
export function parseStreamLine<S>(line: string): StreamEvent<S> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { kind: 'unknown', line };
  }
  if (typeof value !== 'object' || value === null) return { kind: 'unknown', line };
  const v = value as { progress?: ImportProgress; summary?: S; error?: { code?: string; detail?: string } };
  if (v.progress) return { kind: 'progress', progress: v.progress };
  if (v.summary) return { kind: 'summary', summary: v.summary };
  if (v.error) return { kind: 'error', code: v.error.code ?? 'IMPORT_FAILED', detail: v.error.detail ?? 'The import failed' };
  return { kind: 'unknown', line };
}

/** The progress as a whole percentage (0 before the first line is known). */
export const progressPercent = (p: Pick<ImportProgress, 'done' | 'lines'> | null): number =>
  p && p.lines > 0 ? Math.min(100, Math.floor((p.done / p.lines) * 100)) : 0;
