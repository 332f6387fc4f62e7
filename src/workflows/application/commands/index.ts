/** The application workflow's commands, by family (the workflow file only registers them). */
export * from './lifecycle';
export * from './service-activities';
export * from './planned-breaks';
export * from './case-management';
export * from './follow-ups';
export * from './alerts';
export * from './assessment';
export * from './plans';
export * from './corrections';
export * from './outcomes';

import type { AnyCommandSpec } from '../state';
import { addActivityCommand, beginActivityCommand, closeActivityCommand } from './service-activities';
import { approvePlannedBreakCommand, cancelPlannedBreakCommand, requestPlannedBreakCommand } from './planned-breaks';
import { closureCommand, exclusionaryExitCommand, participationCommand } from './lifecycle';
import { assignCaseManagerCommand, caseNoteCommand, educationAtParticipationCommand } from './case-management';
import { assessmentSectionCommand } from './assessment';
import {
  addPlanGoalCommand,
  addPlanObjectiveCommand,
  closePlanCommand,
  completePlanGoalCommand,
  createPlanCommand,
  linkPlanServiceCommand,
  reviewPlanObjectiveCommand,
} from './plans';
import { approveDataChangeCommand, rejectDataChangeCommand, requestDataChangeCommand } from './corrections';
import { recordCredentialCommand, recordSkillGainCommand } from './outcomes';

/**
 * Every command the workflow registers as an Update handler, in registration order (declineFollowUps,
 * which also signals the children, is registered by the workflow after these). A new command is one
 * spec in its family's file, one Update definition in the contract, and one line here.
 */
export const COMMANDS: readonly AnyCommandSpec[] = [
  participationCommand,
  addActivityCommand,
  beginActivityCommand,
  closeActivityCommand,
  requestPlannedBreakCommand,
  approvePlannedBreakCommand,
  cancelPlannedBreakCommand,
  closureCommand,
  exclusionaryExitCommand,
  caseNoteCommand,
  assignCaseManagerCommand,
  assessmentSectionCommand,
  createPlanCommand,
  addPlanGoalCommand,
  completePlanGoalCommand,
  addPlanObjectiveCommand,
  reviewPlanObjectiveCommand,
  linkPlanServiceCommand,
  closePlanCommand,
  requestDataChangeCommand,
  approveDataChangeCommand,
  rejectDataChangeCommand,
  recordCredentialCommand,
  recordSkillGainCommand,
  educationAtParticipationCommand,
];
