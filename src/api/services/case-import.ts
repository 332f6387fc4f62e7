/**
 * R-IMP-1 … R-IMP-3: brings the open cases of a legacy system in, one NDJSON line per case.
 *
 * Each line is checked (JSON, the line schema built from the API's schemas, office scope, the break's
 * approver, R-GRP-2, duplicate SSN), then its state is built by the workflow's own command specs with
 * R-ACT-4's windows lifted (src/workflows/application/import-state.ts). A line is created whole or not
 * at all, in one PostgreSQL transaction held open while its workflow starts:
 *
 *   BEGIN; INSERT imported_cases (external id: the unique key) ON CONFLICT DO NOTHING → nothing: skipped;
 *   INSERT participants; start the workflow `wioa-application-<id>` with its state; COMMIT.
 *
 * A refusal or a failed start rolls everything back (no participant is left behind). The application
 * and participant ids are derived from the external id, so a second import of the same case — even one
 * racing this one, or a retry after a crash between the start and the commit — can neither create a
 * second case nor leave a workflow without its rows. Lines run with bounded concurrency.
 */
import { createHash } from 'node:crypto';
import { type Client, WorkflowIdReusePolicy } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { ZodError } from 'zod';
import { type Db, sqlRows, sqlTransaction } from '../../db/client';
import type { ActivityCatalog } from '../../domain/activity-codes';
import type { Program } from '../../domain/enums';
import { isDomainError } from '../../domain/errors';
import { normalizeSsn, pseudoSsn, ssnLast4 } from '../../domain/participants';
import {
  type Actor,
  type ApplicationWorkflow,
  type ApplicationWorkflowInput,
  SA,
  WORKFLOW_TYPE,
  applicationWorkflowId,
} from '../../workflows/application/contract';
import { ImportFieldError, batchWritten, importedCaseState, takeBatch } from '../../workflows/application/import-contract';
import { fullBatch } from '../../activities/projection';
import { coreArgument, coreOnly } from '../../activities/projection-core';
import { idFromKey } from '../middleware/idempotency';
import { ProblemError } from '../problem';
import { type ImportLine, ImportLineSchema } from '../schemas/imports';
import { staticDetails, staticSummary } from './operator-text';
import type { SsnProtector } from './pii';

export interface ImportError {
  line: number;
  externalId: string | null;
  field: string;
  code: string;
  detail: string;
}

export interface ImportSummary {
  dryRun: boolean;
  lines: number;
  created: number;
  skipped: number;
  failed: number;
  errors: ImportError[];
}

export interface ImportProgress {
  /** Lines finished so far, of `lines`. */
  done: number;
  lines: number;
  created: number;
  skipped: number;
  failed: number;
}

export interface CaseImportDeps {
  client: Client;
  db: Db;
  ssn: SsnProtector;
  catalog: ActivityCatalog;
  taskQueue: string;
  agencyTimeZone: string;
  /** False on the time-skipping test server (no custom search attributes). */
  searchAttributes: boolean;
  alertThresholds: ApplicationWorkflowInput['alertThresholds'];
  /** CHECKPOINT_AFTER_DAYS (docs/versioning.md). */
  checkpointAfterDays?: number;
  followUpGraceDays: number;
  /** The current instant (the sandbox clock in sandbox mode). */
  now: () => Promise<number>;
  /** Lines processed at once (IMPORT_CONCURRENCY). */
  concurrency: number;
  /** R-BREAK-1: whether a staff id is a known supervisor (the break's `approvedBy`). */
  isSupervisor: (staffId: string) => boolean | Promise<boolean>;
  /** R-GRP-2: the case manager must belong to a group of the office serving the programs (throws a ProblemError). */
  caseManagerCheck?: (office: string, programs: readonly Program[], staffId: string) => Promise<void>;
}

export interface ImportRun {
  importer: Actor;
  /** R-AUTH-2: whether the importer's offices include this one. */
  inScope: (office: string) => boolean;
  dryRun: boolean;
  onProgress?: (p: ImportProgress) => void;
}

/** The application id of an imported case: derived from its external id (a re-run or a race finds the same). */
export const importedApplicationId = (externalId: string): string => idFromKey(`import:application:${externalId}`);
const importedParticipantId = (externalId: string): string => idFromKey(`import:participant:${externalId}`);

/** U+0000 or a lone surrogate: text PostgreSQL cannot store (route.ts refuses it on every JSON route). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE = { test: (s: string): boolean => s.includes('\u0000') || LONE_SURROGATE.test(s) };
function unstorablePath(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = unstorablePath(value[i], `${path}[${i}]`);
      if (p) return p;
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      const p = UNSTORABLE.test(k) ? `${path}.(key)` : unstorablePath(v, path ? `${path}.${k}` : k);
      if (p) return p;
    }
  }
  return undefined;
}

/** zod path → `activities[2].code`. */
const fieldOf = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '') || '(line)';

/** The lines of an NDJSON body: 1-based numbers, blank lines skipped (they keep their numbers). */
function* linesOf(body: Buffer): Generator<{ line: number; bytes: Buffer }> {
  let start = 0;
  let line = 0;
  while (start <= body.length) {
    let end = body.indexOf(0x0a, start);
    if (end < 0) end = body.length;
    line += 1;
    let bytes = body.subarray(start, end);
    if (bytes.length > 0 && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, bytes.length - 1);
    if (bytes.some((b) => b !== 0x20 && b !== 0x09)) yield { line, bytes };
    start = end + 1;
  }
}

type Outcome = { kind: 'created' | 'skipped' } | { kind: 'failed'; errors: ImportError[] };

export class CaseImport {
  constructor(private readonly deps: CaseImportDeps) {}

  /** Imports (or, dry, checks) every line of `body`; answers the summary. */
  async run(body: Buffer, run: ImportRun): Promise<ImportSummary> {
    const fileSha256 = createHash('sha256').update(body).digest('hex');
    const lines = [...linesOf(body)];
    const summary: ImportSummary = { dryRun: run.dryRun, lines: lines.length, created: 0, skipped: 0, failed: 0, errors: [] };
    const seen = new Set<string>();
    const seenSsn = new Set<string>();
    let next = 0;
    let done = 0;
    const worker = async (): Promise<void> => {
      while (next < lines.length) {
        const { line, bytes } = lines[next++]!;
        const outcome = await this.line(line, bytes, fileSha256, run, seen, seenSsn).catch((err: unknown): Outcome => ({
          kind: 'failed',
          errors: [{ line, externalId: null, field: '(line)', code: problemCode(err), detail: err instanceof Error ? err.message : String(err) }],
        }));
        if (outcome.kind === 'failed') {
          summary.failed += 1;
          summary.errors.push(...outcome.errors);
        } else summary[outcome.kind] += 1;
        done += 1;
        run.onProgress?.({ done, lines: lines.length, created: summary.created, skipped: summary.skipped, failed: summary.failed });
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(this.deps.concurrency, lines.length)) }, worker));
    summary.errors.sort((a, b) => a.line - b.line);
    return summary;
  }

  private async line(line: number, bytes: Buffer, fileSha256: string, run: ImportRun, seen: Set<string>, seenSsn: Set<string>): Promise<Outcome> {
    const fail = (externalId: string | null, field: string, code: string, detail: string): Outcome => ({
      kind: 'failed',
      errors: [{ line, externalId, field, code, detail }],
    });
    let raw: unknown;
    try {
      raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch (err) {
      return fail(null, '(line)', 'MALFORMED_JSON', `the line is not a JSON object (${(err as Error).message})`);
    }
    const rawId = (raw as { externalId?: unknown } | null)?.externalId;
    const externalIdSeen = typeof rawId === 'string' ? rawId : null;
    const unstorable = unstorablePath(raw, '');
    if (unstorable) return fail(externalIdSeen, unstorable, 'VALIDATION_FAILED', 'text must be well-formed Unicode without U+0000');
    const parsed = ImportLineSchema.safeParse(raw);
    if (!parsed.success) {
      return {
        kind: 'failed',
        errors: (parsed.error as ZodError).issues.map((i) => ({
          line,
          externalId: externalIdSeen,
          field: fieldOf(i.path),
          code: 'VALIDATION_FAILED',
          detail: i.message,
        })),
      };
    }
    const c: ImportLine = parsed.data;
    const { externalId } = c;
    // The same case twice in one file: the second is the re-run of the first.
    if (seen.has(externalId)) return { kind: 'skipped' };
    seen.add(externalId);
    if (!run.inScope(c.application.office))
      return fail(externalId, 'application.office', 'OFFICE_OUT_OF_SCOPE', `office ${c.application.office} is not one of your offices`);
    const imported = await sqlRows(this.deps.db, 'SELECT 1 FROM imported_cases WHERE external_id = $1', [externalId]);
    if (imported.length > 0) return { kind: 'skipped' };
    if (c.plannedBreak && !(await this.deps.isSupervisor(c.plannedBreak.approvedBy))) {
      return fail(externalId, 'plannedBreak.approvedBy', 'SUPERVISOR_REQUIRED', `approvedBy '${c.plannedBreak.approvedBy}' is not a known supervisor`);
    }
    if (c.application.caseManagerId && this.deps.caseManagerCheck) {
      try {
        await this.deps.caseManagerCheck(c.application.office, c.application.programs, c.application.caseManagerId);
      } catch (err) {
        if (err instanceof ProblemError) return fail(externalId, 'application.caseManagerId', err.code, err.message);
        throw err;
      }
    }
    // R-PART-1: an SSN the SSA issues; one participant per SSN.
    let ssnDigits: string | undefined;
    if (c.participant.ssn !== undefined) {
      try {
        ssnDigits = normalizeSsn(c.participant.ssn).replace(/-/g, '');
      } catch (err) {
        if (isDomainError(err)) return fail(externalId, 'participant.ssn', err.code, 'not an SSN the SSA issues');
        throw err;
      }
    }
    const ssnHash = ssnDigits ? this.deps.ssn.hash(ssnDigits) : null;
    if (ssnHash) {
      const dup = seenSsn.has(ssnHash) || (await sqlRows(this.deps.db, 'SELECT 1 FROM participants WHERE ssn_hash = $1', [ssnHash])).length > 0;
      if (dup) return fail(externalId, 'participant.ssn', 'DUPLICATE_SSN', 'a participant with this SSN already exists');
      seenSsn.add(ssnHash);
    }

    const now = await this.deps.now();
    const applicationId = importedApplicationId(externalId);
    const participantId = importedParticipantId(externalId);
    const a = c.application;
    const input: ApplicationWorkflowInput = {
      applicationId,
      participantId,
      programs: a.programs,
      eligibilityDate: a.eligibilityDate,
      office: a.office,
      caseManagerId: a.caseManagerId ?? null,
      createdBy: run.importer,
      agencyTimeZone: this.deps.agencyTimeZone,
      searchAttributes: this.deps.searchAttributes,
      alertThresholds: this.deps.alertThresholds,
      ...(this.deps.checkpointAfterDays !== undefined ? { checkpointAfterDays: this.deps.checkpointAfterDays } : {}),
      followUpGraceDays: this.deps.followUpGraceDays,
      ...(a.educationAtParticipation ? { educationAtParticipation: a.educationAtParticipation } : {}),
    };
    // Ids derived from the external id: a retry after a crash between the start and the commit builds the
    // same rows the running workflow holds.
    let ids = 0;
    let state;
    try {
      state = importedCaseState(
        {
          externalId,
          participationDate: a.participationDate,
          activities: c.activities,
          ...(c.plannedBreak ? { plannedBreak: c.plannedBreak } : {}),
          ...(c.caseNotes ? { caseNotes: c.caseNotes } : {}),
        },
        { input, importer: run.importer, catalog: this.deps.catalog, now, newId: () => idFromKey(`import:id:${externalId}:${++ids}`), fileSha256, line },
      );
    } catch (err) {
      if (err instanceof ImportFieldError) return fail(externalId, err.field, err.code, err.detail);
      throw err;
    }
    if (run.dryRun) return { kind: 'created' };

    const p = c.participant;
    return sqlTransaction(this.deps.db, async (query): Promise<Outcome> => {
      const claimed = await query(
        `INSERT INTO imported_cases (external_id, application_id, participant_id, file_sha256, line, imported_by)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (external_id) DO NOTHING`,
        [externalId, applicationId, participantId, fileSha256, line, run.importer.staffId],
      );
      if (claimed.rowCount === 0) return { kind: 'skipped' }; // imported meanwhile (another import, same case)
      try {
        await query(
          `INSERT INTO participants (id, first_name, last_name, birth_date, ssn_ciphertext, ssn_hash, ssn_last4, pseudo_ssn_assigned, created_by)
           VALUES ($1, $2, $3, $4::date, $5, $6, $7, $8, $9)`,
          [
            participantId,
            p.firstName,
            p.lastName,
            p.birthDate,
            ssnDigits ? this.deps.ssn.encrypt(ssnDigits) : null,
            ssnHash,
            ssnLast4(ssnDigits ?? pseudoSsn(p.birthDate)),
            !ssnDigits,
            run.importer.staffId,
          ],
        );
      } catch (err) {
        if ((err as { code?: string }).code === '23505' && /ssn_hash/.test((err as { constraint?: string }).constraint ?? '')) {
          throw new ImportFieldError('participant.ssn', 'DUPLICATE_SSN', 'a participant with this SSN already exists');
        }
        throw err;
      }
      // The case's first projection, written here in the same transaction (the rows reference the
      // participant; a rolled-back line leaves none): the workflow starts owing nothing, so its first task
      // runs no projection activity (R-IMP-4). The same statement the writer's activity runs.
      const batch = fullBatch(takeBatch(state, now));
      if (!coreOnly(batch)) throw new Error('an imported case projects through the core statement only');
      await query('SELECT wioa_project_core($1::jsonb) AS applied', [JSON.stringify(coreArgument(batch))]);
      batchWritten(state, batch);
      try {
        await this.deps.client.workflow.start<ApplicationWorkflow>(WORKFLOW_TYPE, {
          taskQueue: this.deps.taskQueue,
          workflowId: applicationWorkflowId(applicationId),
          args: [input, state],
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          staticSummary: staticSummary(applicationId, a.programs, a.office),
          staticDetails: staticDetails(applicationId, { ...a, agencyTimeZone: this.deps.agencyTimeZone }),
          ...(this.deps.searchAttributes
            ? {
                typedSearchAttributes: [
                  { key: SA.status, value: 'participating' },
                  { key: SA.office, value: a.office },
                  ...(a.caseManagerId ? [{ key: SA.caseManager, value: a.caseManagerId }] : []),
                ],
              }
            : {}),
        });
      } catch (err) {
        // Started by an attempt whose transaction never committed (the same derived id): this commit completes it.
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
      return { kind: 'created' };
    }).catch((err: unknown): Outcome => {
      if (err instanceof ImportFieldError) return fail(externalId, err.field, err.code, err.detail);
      return fail(externalId, '(line)', problemCode(err), `not created: ${err instanceof Error ? err.message : String(err)}`);
    });
  }
}

/** A code for a failure that is not the line's fault (Temporal or PostgreSQL unavailable). */
function problemCode(err: unknown): string {
  const name = (err as { name?: string } | null)?.name ?? '';
  if (name === 'ServiceError' || name.startsWith('Temporal')) return 'TEMPORAL_UNAVAILABLE';
  if (typeof (err as { code?: unknown } | null)?.code === 'string') return 'DATABASE_UNAVAILABLE';
  return 'IMPORT_FAILED';
}
