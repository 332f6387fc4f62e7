/**
 * Task queue names. The configuration's default and the workflow contract both take them from here:
 * config sits below the workflows, so it must not import the contract. Workflow code imports this file
 * (through the contract), so it stays free of imports.
 */

/** The queue one worker serves for every workflow and activity of the service (TEMPORAL_TASK_QUEUE's default). */
export const DEFAULT_TASK_QUEUE = 'wioa-applications';
