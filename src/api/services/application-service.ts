import { type Client, WorkflowIdReusePolicy } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Db } from '../../db/client';
import {
  type Actor,
  type ApplicationView,
  type ApplicationWorkflowInput,
  SA,
  applicationWorkflowId,
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
}

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

export class ApplicationService {
  constructor(private readonly deps: ApplicationServiceDeps) {}

  private handle(id: string) {
    return this.deps.client.workflow.getHandle<typeof applicationWorkflow>(applicationWorkflowId(id));
  }

  /** Starts the application's workflow and returns its first view. */
  async create(actor: Actor, applicationId: string, input: NewApplication): Promise<ApplicationView> {
    const participant = await this.deps.db.participant.count({ where: { id: input.participantId } });
    if (participant === 0) throw new ProblemError(404, 'PARTICIPANT_NOT_FOUND', `participant '${input.participantId}' does not exist`);
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
    };
    try {
      await this.deps.client.workflow.start('applicationWorkflow', {
        taskQueue: this.deps.taskQueue,
        workflowId: applicationWorkflowId(applicationId),
        args: [wfInput],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        staticSummary: staticSummary(applicationId, input.programs, input.office),
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

  /** The live view from the workflow itself (read-your-writes). */
  async get(id: string): Promise<ApplicationView> {
    try {
      return await this.handle(id).query(getApplicationView);
    } catch (err) {
      if ((err as { name?: string }).name === 'WorkflowNotFoundError') throw notFound('application', id);
      throw err;
    }
  }
}
