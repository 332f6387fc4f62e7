import { useId, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ApiProblem, api, call, type Schemas } from '../../lib/api';
import { Field, ProblemSummary } from '../../lib/forms';
import { usePageTitle } from '../../lib/page';
import { useAuth } from '../auth/AuthProvider';
import { parseStreamLine, progressPercent, splitLines, type ImportProgress } from './stream';

type Summary = Schemas['ImportSummary'];
const MAX_BYTES = 50 * 1024 * 1024;

/** R-UI-9: a supervisor brings a legacy system's open cases in from an NDJSON file: a dry run, then the import. */
export default function ImportsPage() {
  usePageTitle('Import');
  const { me } = useAuth();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  const [running, setRunning] = useState<'dry' | 'import' | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [result, setResult] = useState<Summary | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const progressId = useId();

  if (me && me.role !== 'supervisor') {
    return (
      <>
        <h1>Import</h1>
        <p>Importing cases is for supervisors.</p>
      </>
    );
  }

  const run = async (dryRun: boolean): Promise<void> => {
    if (running) return;
    if (!file) {
      setFileError('Choose an NDJSON file (one case per line).');
      return;
    }
    if (file.size > MAX_BYTES) {
      setFileError('The file is larger than 50 MB: split it.');
      return;
    }
    setFileError(undefined);
    setRunning(dryRun ? 'dry' : 'import');
    setProgress(null);
    setResult(null);
    setProblem(null);
    try {
      const body = await file.text();
      const stream = await call(
        api.POST('/api/v1/imports', {
          params: { query: { dryRun: dryRun ? 'true' : 'false' } },
          body: body as never,
          bodySerializer: (b: unknown) => b as string,
          headers: { 'content-type': 'application/x-ndjson', accept: 'application/x-ndjson' },
          parseAs: 'stream',
        }) as Promise<{ data?: ReadableStream<Uint8Array> | null; error?: unknown; response: Response }>,
      );
      if (!stream) throw new ApiProblem(0, 'EMPTY_ANSWER', 'No answer', 'The service sent no answer. Try again.');
      const reader = stream.getReader();
      const decoder = new TextDecoder();
      let rest = '';
      let summary: Summary | null = null;
      const handle = (lines: string[]): void => {
        for (const line of lines) {
          const event = parseStreamLine<Summary>(line);
          if (event.kind === 'progress') setProgress(event.progress);
          else if (event.kind === 'summary') summary = event.summary;
          else if (event.kind === 'error') throw new ApiProblem(500, event.code, 'The import failed', event.detail);
        }
      };
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const split = splitLines(rest, decoder.decode(value, { stream: true }));
        rest = split.rest;
        handle(split.lines);
      }
      handle(splitLines(rest, `${decoder.decode()}\n`).lines);
      if (!summary)
        throw new ApiProblem(0, 'INCOMPLETE_ANSWER', 'The import did not finish', 'The answer ended early. Run it again: lines already imported are skipped.');
      const s: Summary = summary;
      setResult(s);
      setProgress({ done: s.lines, lines: s.lines, created: s.created, skipped: s.skipped, failed: s.failed });
      if (!dryRun && s.created > 0) void queryClient.invalidateQueries({ queryKey: ['caseload'] });
    } catch (err) {
      setProblem(
        err instanceof ApiProblem
          ? err
          : new ApiProblem(0, 'NETWORK_ERROR', 'The service could not be reached', err instanceof Error ? err.message : String(err)),
      );
    } finally {
      setRunning(null);
    }
  };

  return (
    <>
      <h1>Import</h1>
      <p>
        Bring in the participating cases of a legacy system: an NDJSON file, one case per line (the format is in the API documentation). Each line is checked by
        the rules of the API and created whole or not at all; a line whose external id was imported before is skipped, so a file can be run again after a fix.
        Run it dry first: it checks every line and creates nothing.
      </p>
      <form
        className="usa-form usa-form--large"
        aria-label="Import a file"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void run(true);
        }}
      >
        <ProblemSummary problem={problem} />
        <Field label="NDJSON file" error={fileError} hint="One case per line, at most 50 MB">
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              className={`usa-file-input__input console-file${invalid ? ' usa-input--error' : ''}`}
              type="file"
              accept=".ndjson,.jsonl,application/x-ndjson,application/json,text/plain"
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setResult(null);
                setProgress(null);
                setProblem(null);
                setFileError(undefined);
              }}
            />
          )}
        </Field>
        <div className="margin-top-2">
          <button type="submit" className="usa-button usa-button--outline" aria-disabled={running !== null || undefined}>
            Dry run
          </button>
          <button type="button" className="usa-button" aria-disabled={running !== null || undefined} onClick={() => void run(false)}>
            Import
          </button>
        </div>
      </form>
      {(running || progress) && (
        <div className="margin-top-3">
          <label className="usa-label" htmlFor={progressId}>
            {running === 'dry' ? 'Dry run progress' : running === 'import' ? 'Import progress' : 'Progress'}
          </label>
          <progress id={progressId} className="console-progress" max={100} value={progressPercent(progress)}>
            {progressPercent(progress)}%
          </progress>
          <p role="status">
            {progress
              ? `${progress.done} of ${progress.lines} lines checked: ${progress.created} ${result?.dryRun || running === 'dry' ? 'to create' : 'created'}, ${progress.skipped} skipped, ${progress.failed} failed.`
              : 'Sending the file…'}
          </p>
        </div>
      )}
      {result && <ImportResult summary={result} />}
    </>
  );
}

function ImportResult({ summary }: { summary: Summary }) {
  return (
    <section aria-labelledby="import-result" className="margin-top-3">
      <h2 id="import-result">{summary.dryRun ? 'Dry run result' : 'Import result'}</h2>
      <p>
        {`${summary.lines} lines: ${summary.created} ${summary.dryRun ? 'would be created' : 'created'}, ${summary.skipped} skipped (already imported), ${summary.failed} failed.`}
        {summary.dryRun && summary.failed === 0 && summary.created > 0 ? ' Nothing was created: press Import to bring them in.' : ''}
      </p>
      {summary.errors.length > 0 && (
        <div className="console-table-wrap">
          <table className="usa-table usa-table--compact">
            <caption>Errors ({summary.errors.length}), by line</caption>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">External id</th>
                <th scope="col">Field</th>
                <th scope="col">Code</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {summary.errors.map((e, i) => (
                <tr key={`${e.line}:${e.field}:${e.code}:${i}`}>
                  <td>{e.line}</td>
                  <td>{e.externalId ?? '—'}</td>
                  <td>{e.field}</td>
                  <td>{e.code}</td>
                  <td>{e.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
