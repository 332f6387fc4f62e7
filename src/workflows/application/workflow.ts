import {
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import {
  type ApplicationView,
  type ApplicationWorkflowInput,
  getApplicationView,
} from './contract';

const { projectApplication } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

/** Plain-JSON state carried across continue-as-new. */
export interface ApplicationState {
  view: ApplicationView;
}

function initialState(input: ApplicationWorkflowInput): ApplicationState {
  // Workflow time: Date is deterministic inside the workflow sandbox.
  const now = new Date().toISOString();
  return {
    view: {
      id: input.applicationId,
      participantId: input.participantId,
      programs: input.programs,
      office: input.office,
      caseManagerId: input.caseManagerId,
      status: 'eligible',
      eligibilityDate: input.eligibilityDate,
      participationDate: null,
      lastServiceDate: null,
      exitClock: { state: 'not_started', softExitDate: null, softExitAt: null, daysRemaining: null },
      plannedBreak: null,
      activities: [],
      closure: null,
      exit: null,
      followUps: [],
      version: 1,
      createdAt: now,
      updatedAt: now,
    },
  };
}

/** One long-lived workflow per WIOA application (SPEC §4). */
export async function applicationWorkflow(input: ApplicationWorkflowInput, carried?: ApplicationState): Promise<ApplicationView> {
  const state = carried ?? initialState(input);
  setHandler(getApplicationView, () => state.view);

  if (!carried) await projectApplication(state.view);

  const done = (): boolean => state.view.status === 'completed' || state.view.status === 'exited_exclusionary';
  await condition(() => done() || workflowInfo().continueAsNewSuggested);
  if (!done()) {
    await condition(allHandlersFinished);
    await continueAsNew<typeof applicationWorkflow>(input, state);
  }
  await condition(allHandlersFinished);
  return state.view;
}
