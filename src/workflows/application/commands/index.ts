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

import type { CommandName, CommandPayloads } from '../contract';
import type { CommandSpec } from '../state';
import { addActivityCommand, beginActivityCommand, closeActivityCommand } from './service-activities';
import { approvePlannedBreakCommand, cancelPlannedBreakCommand, requestPlannedBreakCommand } from './planned-breaks';
import { closureCommand, exclusionaryExitCommand, participationCommand } from './lifecycle';
import { assignCaseManagerCommand, caseNoteCommand, educationAtParticipationCommand } from './case-management';
import { declineFollowUpsCommand } from './follow-ups';
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

/** One spec per command of the contract, under its Update's name. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each spec's decision type is its own
export type CommandSpecs = { readonly [N in CommandName]: CommandSpec<CommandPayloads[N], any, N> };

/**
 * Every command the workflow registers as an Update handler, in registration order. Typed over the
 * contract's `CommandPayloads`: a command without a spec here, or a spec filed under another command's
 * name, does not compile. A new command is its line in `CommandPayloads`, a spec in its family's file
 * and its line here.
 */
export const COMMANDS = {
  recordParticipation: participationCommand,
  addActivity: addActivityCommand,
  beginActivity: beginActivityCommand,
  closeActivity: closeActivityCommand,
  requestPlannedBreak: requestPlannedBreakCommand,
  approvePlannedBreak: approvePlannedBreakCommand,
  cancelPlannedBreak: cancelPlannedBreakCommand,
  recordClosure: closureCommand,
  recordExclusionaryExit: exclusionaryExitCommand,
  addCaseNote: caseNoteCommand,
  assignCaseManager: assignCaseManagerCommand,
  recordAssessmentSection: assessmentSectionCommand,
  createPlan: createPlanCommand,
  addPlanGoal: addPlanGoalCommand,
  completePlanGoal: completePlanGoalCommand,
  addPlanObjective: addPlanObjectiveCommand,
  reviewPlanObjective: reviewPlanObjectiveCommand,
  linkPlanService: linkPlanServiceCommand,
  closePlan: closePlanCommand,
  requestDataChange: requestDataChangeCommand,
  approveDataChange: approveDataChangeCommand,
  rejectDataChange: rejectDataChangeCommand,
  recordCredential: recordCredentialCommand,
  recordSkillGain: recordSkillGainCommand,
  setEducationAtParticipation: educationAtParticipationCommand,
  // Last, as it always was: it also signals the follow-up children (handlers.ts).
  declineFollowUps: declineFollowUpsCommand,
} as const satisfies CommandSpecs;
