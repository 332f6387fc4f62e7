import { type Client, WorkflowIdReusePolicy } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, type UpdateDefinition } from '@temporalio/common';
import type { Prisma } from '../../generated/prisma/client';
import { daysRemaining } from '../../domain/exit-clock';
import { type ActivityCatalog, findCode } from '../../domain/activity-codes';
import type { Db } from '../../db/client';
import {
  type Actor,
  type ApplicationView,
  type ApplicationWorkflowInput,
  type AddActivityPayload,
  type CloseActivityPayload,
  type Command,
  type CommandResult,
  type ParticipationPayload,
  SA,
  type FollowUpView,
  applicationWorkflowId,
  followUpWorkflowId,
  getApplicationView,
} from '../../workflows/application/contract';
import type { applicationWorkflow } from '../../workflows/application/workflow';
import type { Program } from '../../domain/enums';
import { ProblemError, notFound } from '../problem';

export interface ApplicationServiceDeps {
  client: Client;
  db: Db;
  taskQueue: string;
  agencyTimeZone: string;
  /** False on the time-skipping test server, which has no custom search attributes. */
  searchAttributes: boolean;
  /** The agency's activity-code catalog (R-ACT-1). */
  catalog: ActivityCatalog;
  alertThresholds: ApplicationWorkflowInput['alertThresholds'];
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
  /** R-GRP-3: a group's office and members (404 for an unknown group). */
  groupScope?: (groupId: string) => Promise<{ office: string; caseManagerIds: string[] }>;
}

export interface CaseloadFilter {
  caseManagerId?: string;
  office?: string;
  status?: string;
  softExitBefore?: string;
  followUpStatus?: string;
  followUpDueAfter?: string;
  followUpDueBefore?: string;
  groupId?: string;
  limit: number;
  offset: number;
}

export interface AlertFilter {
  caseManagerId?: string;
  type?: string;
  status: 'open' | 'resolved';
  groupId?: string;
  limit: number;
  offset: number;
}

const day = (d: string): Date => new Date(`${d}T00:00:00.000Z`);

export interface NewApplication {
  participantId: string;
  programs: Program[];
  eligibilityDate: string;
  office: string;
  caseManagerId?: string;
}

/** Operators' one-line summary of a case in the Temporal UI (no PII). */
export const staticSummary = (id: string, programs: Program[], office: string): string =>
  `Application ${id} · ${programs.join(', ')} · ${office}`;

/** Operators' static details (Markdown, no PII): what the case is and where to look next. */
export const staticDetails = (id: string, input: { programs: Program[]; office: string; eligibilityDate: string; agencyTimeZone: string }): string =>
  [
    `**WIOA application** \`${id}\``,
    `**Programs:** ${input.programs.join(', ')} · **Office:** ${input.office} · **Eligibility:** ${input.eligibilityDate} · **Agency time zone:** ${input.agencyTimeZone}`,
    `**Live view:** query \`getApplicationView\` or \`GET /api/v1/applications/${id}\` · follow-ups: \`${applicationWorkflowId(id)}-followup-q1\`…\`q4\` · runbook: docs/operations.md`,
  ].join('\n\n');

export class ApplicationService {
  constructor(private readonly deps: ApplicationServiceDeps) {}

  private handle(id: string) {
    return this.deps.client.workflow.getHandle<typeof applicationWorkflow>(applicationWorkflowId(id));
  }

  /** Runs Temporal calls that need a worker's answer with a deadline (a gRPC timeout → 503). */
  private bounded<T>(workflowId: string, fn: () => Promise<T>): Promise<T> {
    if (this.deps.isStuck?.(workflowId)) {
      // Known stuck (sandbox watchdog): answer at once rather than after the whole deadline.
      return Promise.reject(
        new ProblemError(503, 'TEMPORAL_STUCK', `The case's workflow ${workflowId} has a workflow task Temporal has not completed; see GET /health. The command was not sent: retry later with the same Idempotency-Key`),
      );
    }
    return this.deps.client.withDeadline(Date.now() + (this.deps.commandTimeoutMs ?? 30_000), fn);
  }

  /** Starts the application's workflow and returns its first view. */
  async create(actor: Actor, applicationId: string, input: NewApplication): Promise<ApplicationView> {
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
      followUpGraceDays: this.deps.followUpGraceDays,
    };
    try {
      await this.deps.client.workflow.start('applicationWorkflow', {
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
    return this.get(applicationId);
  }

  /** R-GRP-2 for `PUT …/case-manager`: the application's office and programs against the groups (no-op without groups). */
  async checkCaseManager(id: string, staffId: string): Promise<void> {
    if (!this.deps.caseManagerCheck) return;
    const view = await this.get(id);
    await this.deps.caseManagerCheck(view.office, view.programs, staffId);
  }

  /** The live view from the workflow itself (read-your-writes). */
  async get(id: string): Promise<ApplicationView> {
    try {
      return await this.withDaysRemaining(await this.bounded(applicationWorkflowId(id), () => this.handle(id).query(getApplicationView)));
    } catch (err) {
      if ((err as { name?: string }).name === 'WorkflowNotFoundError') throw notFound('application', id);
      throw err;
    }
  }

  /**
   * Sends a command as a Workflow Update whose id is the request's idempotency key: a retry with the
   * same key is deduplicated by Temporal and gets the same result.
   */
  async command<P>(
    id: string,
    update: UpdateDefinition<CommandResult, [Command<P>]>,
    actor: Actor,
    payload: P,
    updateId: string,
  ): Promise<CommandResult> {
    try {
      const result = await this.bounded(applicationWorkflowId(id), () => this.handle(id).executeUpdate(update, { args: [{ actor, payload }], updateId }));
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

  /** Resolves an activity code from the agency catalog for the workflow (R-ACT-1). */
  codeEntry(code: string) {
    const entry = findCode(this.deps.catalog, code);
    if (!entry) throw new ProblemError(422, 'UNKNOWN_ACTIVITY_CODE', `unknown activity code ${code}`);
    return entry;
  }

  // Update payloads from validated request bodies: the catalog entry travels with the code (R-ACT-1).
  // The routes build them here, and so does `npm run bench:api` for its direct-client path.
  participationPayload(body: Omit<ParticipationPayload, 'activity'> & { activity: Omit<ParticipationPayload['activity'], 'entry'> }): ParticipationPayload {
    return { ...body, activity: { ...body.activity, entry: this.codeEntry(body.activity.code) } };
  }

  addActivityPayload(body: Omit<AddActivityPayload, 'entry'>): AddActivityPayload {
    return { ...body, entry: this.codeEntry(body.code) };
  }

  closeActivityPayload(body: Omit<CloseActivityPayload, 'activityId'>, activityId: string): CloseActivityPayload {
    return { ...body, activityId };
  }

  /** Caseload from the PostgreSQL projection (lists never hit the workflows). */
  async list(filter: CaseloadFilter): Promise<{ items: ApplicationView[]; total: number; limit: number; offset: number }> {
    const where: Prisma.ApplicationWhereInput = {
      ...(filter.caseManagerId ? { caseManagerId: filter.caseManagerId } : {}),
      ...(filter.office ? { office: filter.office } : {}),
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.softExitBefore ? { softExitDate: { lt: day(filter.softExitBefore) } } : {}),
      ...(filter.followUpStatus || filter.followUpDueAfter || filter.followUpDueBefore
        ? {
            followUps: {
              some: {
                ...(filter.followUpStatus ? { status: filter.followUpStatus } : {}),
                ...(filter.followUpDueAfter || filter.followUpDueBefore
                  ? {
                      dueDate: {
                        ...(filter.followUpDueAfter ? { gte: day(filter.followUpDueAfter) } : {}),
                        ...(filter.followUpDueBefore ? { lte: day(filter.followUpDueBefore) } : {}),
                      },
                    }
                  : {}),
              },
            },
          }
        : {}),
      ...(filter.groupId ? await this.groupWhere(filter.groupId, (scope) => [{ office: scope.office }, { caseManagerId: { in: scope.caseManagerIds } }]) : {}),
    };
    const [rows, total] = await Promise.all([
      this.deps.db.application.findMany({
        where,
        orderBy: [{ softExitAt: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }],
        take: filter.limit,
        skip: filter.offset,
        select: { view: true },
      }),
      this.deps.db.application.count({ where }),
    ]);
    const now = await this.deps.now();
    const items = rows.map((r) => this.recount(r.view as unknown as ApplicationView, now));
    return { items, total, limit: filter.limit, offset: filter.offset };
  }

  /**
   * A command on one quarter's follow-up: an Update on its child workflow (id = idempotency key).
   * The child reports to the application before answering, so the next GET reads it.
   */
  async followUpCommand<P>(
    id: string,
    quarter: number,
    update: UpdateDefinition<FollowUpView, [Command<P>]>,
    actor: Actor,
    payload: P,
    updateId: string,
  ): Promise<{ followUp: FollowUpView }> {
    const child = this.deps.client.workflow.getHandle(followUpWorkflowId(id, quarter));
    try {
      return { followUp: await this.bounded(child.workflowId, () => child.executeUpdate(update, { args: [{ actor, payload }], updateId })) };
    } catch (err) {
      if ((err as { name?: string }).name !== 'WorkflowNotFoundError') throw err;
      const application = await this.get(id); // 404 for an unknown application
      const known = application.followUps.find((f) => f.quarter === quarter);
      if (!known) throw new ProblemError(404, 'FOLLOW_UP_NOT_FOUND', `application '${id}' has no follow-ups yet: they start at the soft exit`);
      throw new ProblemError(409, 'FOLLOW_UP_NOT_OPEN', `follow-up q${quarter} is ${known.status}`);
    }
  }

  /** Caseload alerts from the projection (SPEC "Alerts"). */
  async alerts(filter: AlertFilter) {
    const where: Prisma.AlertWhereInput = {
      status: filter.status,
      ...(filter.caseManagerId ? { caseManagerId: filter.caseManagerId } : {}),
      ...(filter.type ? { type: filter.type } : {}),
      ...(filter.groupId ? await this.groupWhere(filter.groupId, (scope) => [{ application: { office: scope.office } }, { caseManagerId: { in: scope.caseManagerIds } }]) : {}),
    };
    const [rows, total] = await Promise.all([
      this.deps.db.alert.findMany({ where, orderBy: [{ raisedAt: 'asc' }, { id: 'asc' }], take: filter.limit, skip: filter.offset }),
      this.deps.db.alert.count({ where }),
    ]);
    const items = rows.map((a) => {
      const { since, ...detail } = a.detail as Record<string, unknown>;
      return {
        applicationId: a.applicationId,
        type: a.type,
        subjectKey: a.subjectKey,
        status: a.status,
        caseManagerId: a.caseManagerId,
        since: typeof since === 'string' ? since : null,
        detail,
        raisedAt: a.raisedAt.toISOString(),
        resolvedAt: a.resolvedAt?.toISOString() ?? null,
      };
    });
    return { items, total, limit: filter.limit, offset: filter.offset };
  }

  /** The audit trail: every accepted command, who, when (from PostgreSQL). */
  async history(id: string) {
    await this.get(id); // 404 for unknown ids
    const entries = await this.deps.db.auditEntry.findMany({ where: { applicationId: id }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
    return entries.map((e) => ({
      commandId: e.commandId,
      command: e.command,
      actorId: e.actorId,
      actorRole: e.actorRole,
      at: e.at.toISOString(),
      details: e.payload as Record<string, unknown>,
    }));
  }

  /** R-GRP-3: `AND` conditions for the cases of a group (its office, a member as case manager). */
  private async groupWhere<W>(groupId: string, where: (scope: { office: string; caseManagerIds: string[] }) => W[]): Promise<{ AND: W[] }> {
    if (!this.deps.groupScope) throw new ProblemError(400, 'GROUPS_UNAVAILABLE', 'groupId is not supported here');
    return { AND: where(await this.deps.groupScope(groupId)) };
  }

  private async withDaysRemaining(view: ApplicationView): Promise<ApplicationView> {
    return this.recount(view, await this.deps.now());
  }

  /** `daysRemaining` as of now (a query answers with the workflow's last task time). */
  private recount(view: ApplicationView, now: number): ApplicationView {
    return {
      ...view,
      exitClock: { ...view.exitClock, daysRemaining: daysRemaining(view.exitClock.softExitDate, now, this.deps.agencyTimeZone) },
    };
  }
}
