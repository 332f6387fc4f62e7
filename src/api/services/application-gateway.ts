/**
 * The API's Temporal side of an application: starts its workflow, reads its live view (a Query:
 * read-your-writes), sends commands as Workflow Updates (update id = the request's idempotency key)
 * and follow-up commands to the quarter's child, each bounded by a deadline (a worker that does not
 * answer → 503). Lists, alerts and the audit trail come from PostgreSQL (application-read-model.ts).
 */
import { type Client, WorkflowIdReusePolicy } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, type UpdateDefinition } from '@temporalio/common';
import { daysRemaining } from '../../domain/exit-clock';
import type { Db } from '../../db/client';
import {
  type Actor,
  type ApplicationView,
  type ApplicationWorkflow,
  type ApplicationWorkflowInput,
  type Command,
  type CommandResult,
  SA,
  type FollowUpView,
  WORKFLOW_TYPE,
  applicationWorkflowId,
  followUpWorkflowId,
  getApplicationView,
} from '../../workflows/application/contract';
import type { EducationAtParticipation, Program } from '../../domain/enums';
import { sqlRows } from '../../db/client';
import { ProblemError, notFound } from '../problem';
import { type Caller, inScope } from '../auth';
import { staticDetails, staticSummary } from './operator-text';

/** §11 R-AUTH-2 / R-AUDIT-1: an application's office and participant (neither ever changes). */
export interface CaseRef {
  office: string;
  participantId: string;
}

/** The caller as workflows record it: staff id and role (offices never reach a history). */
const plainActor = (a: Actor): Actor => ({ staffId: a.staffId, role: a.role });

/**
 * R-ABUSE-1: an id that names a follow-up (`<id>-followup-q<k>`) names no application: its workflow
 * id would reach the follow-up's workflow.
 */
const FOLLOW_UP_ID = /-followup-q\d+$/i;

/** Cases whose office and participant were seen lately (both fixed at creation), per API process. */
const CASE_REF_CACHE_SIZE = 50_000;

export interface ApplicationGatewayDeps {
  client: Client;
  /** PostgreSQL, only to check that a new application's participant exists. */
  db: Db;
  taskQueue: string;
  agencyTimeZone: string;
  /** False on the time-skipping test server, which has no custom search attributes. */
  searchAttributes: boolean;
  alertThresholds: ApplicationWorkflowInput['alertThresholds'];
  /** CHECKPOINT_AFTER_DAYS (docs/versioning.md). */
  checkpointAfterDays?: number;
  followUpGraceDays: number;
  /** The current instant: the server clock, or the time-skipping server's clock in sandbox mode. */
  now: () => Promise<number>;
  /** Sandbox mode: whether the watchdog reports this workflow stuck (src/temporal/task-watchdog.ts). */
  isStuck?: (workflowId: string) => boolean;
  /**
   * Bound on waiting for a workflow to answer an Update or a Query (default 30 s). Without it a command
   * to a case whose worker is down waits forever; with it the caller gets a 503 and retries with the
   * same Idempotency-Key (the Update may still be applied once a worker polls again).
   */
  commandTimeoutMs?: number;
  /** R-GRP-2: refuses a case manager outside the office's case management groups (422), before the workflow is touched. */
  caseManagerCheck?: (office: string, programs: readonly Program[], staffId: string) => Promise<void>;
}

export interface NewApplication {
  participantId: string;
  programs: Program[];
  eligibilityDate: string;
  office: string;
  caseManagerId?: string;
  educationAtParticipation?: EducationAtParticipation;
}

/** `daysRemaining` as of `now` (a query answers with the workflow's last task time; the projection with its write time). */
export const recount = (view: ApplicationView, now: number, agencyTimeZone: string): ApplicationView => ({
  ...view,
  exitClock: { ...view.exitClock, daysRemaining: daysRemaining(view.exitClock.softExitDate, now, agencyTimeZone) },
});

export class ApplicationGateway {
  private readonly refs = new Map<string, CaseRef>();

  constructor(private readonly deps: ApplicationGatewayDeps) {}

  private handle(id: string) {
    return this.deps.client.workflow.getHandle<ApplicationWorkflow>(applicationWorkflowId(id));
  }

  private remember(id: string, ref: CaseRef): void {
    if (this.refs.has(id)) return;
    if (this.refs.size >= CASE_REF_CACHE_SIZE) this.refs.delete(this.refs.keys().next().value as string);
    this.refs.set(id, { office: ref.office, participantId: ref.participantId });
  }

  /**
   * An application's office and participant, or undefined when there is no such application: this
   * process's memory, else the projection, else the workflow itself (a case created moments ago may
   * not be projected yet).
   */
  async caseRef(id: string): Promise<CaseRef | undefined> {
    if (FOLLOW_UP_ID.test(id)) return undefined;
    const known = this.refs.get(id);
    if (known) return known;
    const rows = await sqlRows<{ office: string; participant_id: string }>(this.deps.db, 'SELECT office, participant_id FROM applications WHERE id = $1', [id]);
    const row = rows[0];
    if (row) {
      this.remember(id, { office: row.office, participantId: row.participant_id });
      return this.refs.get(id);
    }
    try {
      const view = await this.query(id);
      return { office: view.office, participantId: view.participantId };
    } catch (err) {
      if ((err as { status?: number }).status === 404) return undefined;
      throw err;
    }
  }

  /**
   * R-AUTH-2: an application outside the caller's offices answers exactly what an unknown id answers
   * (404 NOT_FOUND, same detail). A caller of every office skips the lookup.
   */
  private async assertInScope(id: string, caller: Caller): Promise<void> {
    if (FOLLOW_UP_ID.test(id)) throw notFound('application', id);
    if (caller.offices === '*') return;
    const ref = await this.caseRef(id);
    if (!ref || !inScope(caller.offices, ref.office)) throw notFound('application', id);
  }

  /** Runs Temporal calls that need a worker's answer with a deadline (a gRPC timeout → 503). */
  private bounded<T>(workflowId: string, fn: () => Promise<T>): Promise<T> {
    if (this.deps.isStuck?.(workflowId)) {
      // Known stuck (sandbox watchdog): answer at once rather than after the whole deadline.
      return Promise.reject(
        new ProblemError(
          503,
          'TEMPORAL_STUCK',
          `The case's workflow ${workflowId} has a workflow task Temporal has not completed; see GET /health. The command was not sent: retry later with the same Idempotency-Key`,
        ),
      );
    }
    return this.deps.client.withDeadline(Date.now() + (this.deps.commandTimeoutMs ?? 30_000), fn);
  }

  /** Starts the application's workflow and returns its first view. R-AUTH-2: only in the caller's offices (403). */
  async create(caller: Caller, applicationId: string, input: NewApplication): Promise<ApplicationView> {
    if (!inScope(caller.offices, input.office)) {
      throw new ProblemError(403, 'OFFICE_OUT_OF_SCOPE', `office ${input.office} is not one of your offices`);
    }
    const actor = plainActor(caller);
    const participant = await this.deps.db.participant.count({ where: { id: input.participantId } });
    if (participant === 0) throw new ProblemError(404, 'PARTICIPANT_NOT_FOUND', `participant '${input.participantId}' does not exist`);
    if (input.caseManagerId && this.deps.caseManagerCheck) await this.deps.caseManagerCheck(input.office, input.programs, input.caseManagerId);
    const wfInput: ApplicationWorkflowInput = {
      applicationId,
      participantId: input.participantId,
      programs: input.programs,
      eligibilityDate: input.eligibilityDate,
      office: input.office,
      caseManagerId: input.caseManagerId ?? null,
      createdBy: actor,
      agencyTimeZone: this.deps.agencyTimeZone,
      searchAttributes: this.deps.searchAttributes,
      alertThresholds: this.deps.alertThresholds,
      ...(this.deps.checkpointAfterDays !== undefined ? { checkpointAfterDays: this.deps.checkpointAfterDays } : {}),
      followUpGraceDays: this.deps.followUpGraceDays,
      ...(input.educationAtParticipation ? { educationAtParticipation: input.educationAtParticipation } : {}),
    };
    try {
      await this.deps.client.workflow.start<ApplicationWorkflow>(WORKFLOW_TYPE, {
        taskQueue: this.deps.taskQueue,
        workflowId: applicationWorkflowId(applicationId),
        args: [wfInput],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        staticSummary: staticSummary(applicationId, input.programs, input.office),
        staticDetails: staticDetails(applicationId, { ...input, agencyTimeZone: this.deps.agencyTimeZone }),
        ...(this.deps.searchAttributes
          ? {
              typedSearchAttributes: [
                { key: SA.status, value: 'eligible' },
                { key: SA.office, value: input.office },
                ...(input.caseManagerId ? [{ key: SA.caseManager, value: input.caseManagerId }] : []),
              ],
            }
          : {}),
      });
    } catch (err) {
      // A retried create with the same Idempotency-Key derives the same id: return what exists.
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    return this.get(applicationId, caller);
  }

  /** R-GRP-2 for `PUT …/case-manager`: the application's office and programs against the groups (no-op without groups). */
  async checkCaseManager(id: string, staffId: string, caller: Caller): Promise<void> {
    if (!this.deps.caseManagerCheck) return;
    const view = await this.get(id, caller);
    await this.deps.caseManagerCheck(view.office, view.programs, staffId);
  }

  /** The live view from the workflow itself (read-your-writes). R-AUTH-2: 404 outside the caller's offices. */
  async get(id: string, caller: Caller): Promise<ApplicationView> {
    const view = await this.query(id);
    if (!inScope(caller.offices, view.office)) throw notFound('application', id);
    return this.withDaysRemaining(view);
  }

  /** The workflow's view, whoever asks; 404 for an unknown id or one that names another workflow (R-ABUSE-1). */
  private async query(id: string): Promise<ApplicationView> {
    if (FOLLOW_UP_ID.test(id)) throw notFound('application', id);
    let view: ApplicationView;
    try {
      view = await this.bounded(applicationWorkflowId(id), () => this.handle(id).query(getApplicationView));
    } catch (err) {
      const name = (err as { name?: string }).name;
      // Not found, or a workflow that is no application (no such query).
      if (name === 'WorkflowNotFoundError' || name === 'QueryNotRegisteredError') throw notFound('application', id);
      throw err;
    }
    if (typeof view !== 'object' || view === null || typeof view.office !== 'string') throw notFound('application', id);
    this.remember(id, view);
    return view;
  }

  /**
   * Sends a command as a Workflow Update whose id is the request's idempotency key: a retry with the
   * same key is deduplicated by Temporal and gets the same result.
   */
  async command<P>(id: string, update: UpdateDefinition<CommandResult, [Command<P>]>, caller: Caller, payload: P, updateId: string): Promise<CommandResult> {
    await this.assertInScope(id, caller); // R-AUTH-2: before anything reaches the workflow
    const actor = plainActor(caller);
    try {
      const result = await this.bounded(applicationWorkflowId(id), () => this.handle(id).executeUpdate(update, { args: [{ actor, payload }], updateId }));
      this.remember(id, result.application);
      return { ...result, application: await this.withDaysRemaining(result.application) };
    } catch (err) {
      if ((err as { name?: string }).name !== 'WorkflowNotFoundError') throw err;
      // The workflow may exist but have completed (exclusionary exit, all follow-ups resolved).
      const closed = await this.handle(id)
        .describe()
        .then((d) => d.status.name !== 'RUNNING')
        .catch(() => false);
      if (closed) throw new ProblemError(409, 'APPLICATION_EXITED', `application '${id}' is closed: its workflow has completed`);
      throw notFound('application', id);
    }
  }

  /**
   * A command on one quarter's follow-up: an Update on its child workflow (id = idempotency key).
   * The child reports to the application before answering, so the next GET reads it.
   */
  async followUpCommand<P>(
    id: string,
    quarter: number,
    update: UpdateDefinition<FollowUpView, [Command<P>]>,
    caller: Caller,
    payload: P,
    updateId: string,
  ): Promise<{ followUp: FollowUpView }> {
    await this.assertInScope(id, caller); // R-AUTH-2
    const actor = plainActor(caller);
    const child = this.deps.client.workflow.getHandle(followUpWorkflowId(id, quarter));
    try {
      return { followUp: await this.bounded(child.workflowId, () => child.executeUpdate(update, { args: [{ actor, payload }], updateId })) };
    } catch (err) {
      if ((err as { name?: string }).name !== 'WorkflowNotFoundError') throw err;
      const application = await this.get(id, caller); // 404 for an unknown application
      const known = application.followUps.find((f) => f.quarter === quarter);
      if (!known) throw new ProblemError(404, 'FOLLOW_UP_NOT_FOUND', `application '${id}' has no follow-ups yet: they start at the soft exit`);
      throw new ProblemError(409, 'FOLLOW_UP_NOT_OPEN', `follow-up q${quarter} is ${known.status}`);
    }
  }

  private async withDaysRemaining(view: ApplicationView): Promise<ApplicationView> {
    return recount(view, await this.deps.now(), this.deps.agencyTimeZone);
  }
}
