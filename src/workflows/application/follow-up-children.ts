/**
 * R-FU-1 / R-FU-7: the application's four follow-up child workflows: how they are started at the soft
 * exit and how each one's outcome is recorded on the application's follow-up.
 */
import { type ChildWorkflowHandle, ParentClosePolicy, isCancellation, log, startChild, workflowInfo } from '@temporalio/workflow';
import { FOLLOW_UP_GRACE_DAYS_DEFAULT } from '../../domain/follow-ups';
import { FOLLOW_UP_PRIORITY, type FollowUpWorkflowInput } from '../follow-up/contract';
import { followUpWorkflow } from '../follow-up/workflow';
import { type FollowUpView, SA, followUpWorkflowId } from './contract';
import { applyFollowUpChange, applyFollowUpFailure } from './commands';
import type { ApplicationState, CommandContext } from './state';

export interface FollowUpChildren {
  /**
   * Starts the four children (state.followUps) in one workflow task — at a shared agency midnight each
   * exit costs one task, not four — and records each one's outcome when it ends (in the run that
   * started it; a later run hears the outcome through the child's reports).
   */
  start(): Promise<void>;
}

/** `ctx(commandId, command)` makes the context of a change; `changed()` wakes the main loop after one. */
export function followUpChildren(state: ApplicationState, ctx: (commandId: string, command: string) => CommandContext, changed: () => void): FollowUpChildren {
  const input = state.input;
  const graceDays = input.followUpGraceDays ?? FOLLOW_UP_GRACE_DAYS_DEFAULT;

  /**
   * The child is told the status this workflow holds for it (it reports its first view only if its own
   * differs), and its tasks queue behind the applications' own (FOLLOW_UP_PRIORITY) when the task queue
   * is backed up, so that at a shared midnight the exits are recorded before the children's first tasks.
   */
  function options(f: FollowUpView) {
    return {
      workflowId: followUpWorkflowId(input.applicationId, f.quarter),
      priority: { priorityKey: FOLLOW_UP_PRIORITY },
      // Detached (R-ABUSE-2): the application continues as new (history bounds, checkpoints), which
      // closes its run; the children outlive the run and report to the workflow id. A cancelled
      // application cancels them by id; a terminated one is noticed by each child at its next report or
      // its liveness check (after 30 quiet days), which ends it.
      parentClosePolicy: ParentClosePolicy.ABANDON,
      staticSummary: `Follow-up q${f.quarter} of application ${input.applicationId} · due ${f.dueDate}`,
      // R-OPS-1: an office's (or a case manager's) follow-ups are one visibility query.
      ...(input.searchAttributes
        ? {
            typedSearchAttributes: [
              { key: SA.office, value: input.office },
              ...(state.caseManagerId ? [{ key: SA.caseManager, value: state.caseManagerId }] : []),
            ],
          }
        : {}),
      staticDetails: `**Quarter ${f.quarter}** after exit · period ${f.periodStart} – ${f.periodEnd} · due ${f.dueDate} · missed after the grace period of ${graceDays} days · reports every change to \`${workflowInfo().workflowId}\``,
      args: [
        {
          applicationId: input.applicationId,
          parentWorkflowId: workflowInfo().workflowId,
          quarter: f.quarter,
          periodStart: f.periodStart,
          periodEnd: f.periodEnd,
          dueDate: f.dueDate,
          agencyTimeZone: input.agencyTimeZone,
          graceDays,
          prefill: f.prefill ?? null,
          searchAttributes: input.searchAttributes,
          knownStatus: f.status,
          ...(input.continueAsNewAfterEvents !== undefined ? { continueAsNewAfterEvents: input.continueAsNewAfterEvents } : {}),
          ...(input.continueAsNewAfterBytes !== undefined ? { continueAsNewAfterBytes: input.continueAsNewAfterBytes } : {}),
          ...(input.followUpLivenessCheckMs !== undefined ? { livenessCheckMs: input.followUpLivenessCheckMs } : {}),
          ...(input.checkpointAfterDays !== undefined ? { checkpointAfterDays: input.checkpointAfterDays } : {}),
        },
      ] as [FollowUpWorkflowInput],
    };
  }

  /** R-FU-7: the child's final view (or its failure) is recorded on the application's follow-up. */
  function recordOutcome(child: ChildWorkflowHandle<typeof followUpWorkflow>, f: FollowUpView): void {
    child
      .result()
      .then((final) => applyFollowUpChange(state, final, ctx(`followup-q${f.quarter}-result`, 'followUpChanged')))
      .catch((err: unknown) => {
        if (isCancellation(err)) return;
        const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message || err.cause.name}` : '';
        const message = `${err instanceof Error ? err.message : String(err)}${cause}`;
        applyFollowUpFailure(state, f.quarter, message, ctx(`followup-q${f.quarter}-failed`, 'followUpFailed'));
        log.warn('follow-up child failed; recorded as an error on its follow-up', { quarter: f.quarter });
      })
      .finally(changed);
  }

  return {
    async start() {
      const quarters = state.followUps.slice();
      const children = await Promise.all(quarters.map((f) => startChild(followUpWorkflow, options(f))));
      children.forEach((child, i) => recordOutcome(child, quarters[i]!));
    },
  };
}
