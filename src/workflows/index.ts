// Entry point bundled by the worker: every workflow type the worker runs.
export { applicationWorkflow } from './application/workflow';
export { followUpWorkflow } from './follow-up/workflow';
export { dailyNotificationsWorkflow, dailyNotificationsClockWorkflow } from './notifications/workflow';
