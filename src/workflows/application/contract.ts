/**
 * Contract of the application workflow: task queue, IDs, messages and their types. Imported by the
 * workflow, the worker, the API and the tests — the one place where names that end up in workflow
 * histories are spelled. Renaming anything here breaks replay of running cases.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { applicationWorkflow } from './workflow';
import { defineSearchAttributeKey, SearchAttributeType, type UpdateDefinition } from '@temporalio/common';
import type { ActivityCodeEntry } from '../../domain/activity-codes';
import type { AlertThresholds } from '../../domain/alerts';
import type { AssessmentSection, AssessmentSectionStatus, AssessmentView } from '../../domain/assessment';
import type { GoalOutcome, GoalTerm, GoalType, ObjectiveStatus, PlanGoalView, PlanObjectiveView, PlanView } from '../../domain/employment-plans';
import type { ChangeRequestStatus, ChangeTarget, RequestedChanges } from '../../domain/change-requests';
import type { CredentialType, CredentialVerificationMethod } from '../../domain/credentials';
import type { ProgramYear, SkillGainType } from '../../domain/skill-gains';
import type {
  ApplicationStatus,
  CompletionCode,
  ExclusionaryReason,
  ExitClockState,
  PlannedBreakReason,
  Program,
  Role,
  EducationAtParticipation,
} from '../../domain/enums';
import type { IsoDate, IsoInstant } from '../../domain/dates';
import type { ActivityView } from '../../domain/activity-rules';
import type { PlannedBreakView } from '../../domain/planned-breaks';
import type { EmploymentAtClosure } from '../../domain/exits';
import type { FollowUpView } from '../../domain/follow-ups';

export const WORKFLOW_TYPE = 'applicationWorkflow';
/**
 * The workflow function's type (type-only import: no workflow code is loaded). Start the workflow with
 * `client.workflow.start<ApplicationWorkflow>(WORKFLOW_TYPE, { args })` so its arguments are type-checked;
 * test/workflows/bundle.test.ts checks that the exported function carries the name WORKFLOW_TYPE.
 */
export type ApplicationWorkflow = typeof applicationWorkflow;

export const applicationWorkflowId = (applicationId: string): string => `wioa-application-${applicationId}`;
export const followUpWorkflowId = (applicationId: string, quarter: number): string => `wioa-application-${applicationId}-followup-q${quarter}`;

/** Custom search attributes (SPEC §4). No PII ever goes into these. */
export const SA = {
  status: defineSearchAttributeKey('WioaStatus', SearchAttributeType.KEYWORD),
  office: defineSearchAttributeKey('WioaOffice', SearchAttributeType.KEYWORD),
  caseManager: defineSearchAttributeKey('WioaCaseManager', SearchAttributeType.KEYWORD),
  softExitAt: defineSearchAttributeKey('WioaSoftExitAt', SearchAttributeType.DATETIME),
  exitDate: defineSearchAttributeKey('WioaExitDate', SearchAttributeType.DATETIME),
  followUpQuarter: defineSearchAttributeKey('WioaFollowUpQuarter', SearchAttributeType.INT),
} as const;
export const ALL_SEARCH_ATTRIBUTES = Object.values(SA);

/** Who did it: every command carries its actor, recorded in the audit trail. */
export interface Actor {
  staffId: string;
  role: Role;
}

// The view shapes the pure domain reads are defined in src/domain (which must not import from this
// file) and re-exported here, so every importer of the contract keeps finding them in one place.
export type { IsoDate, IsoInstant } from '../../domain/dates';
// The task queue is named below config (config must not import this contract) and offered here too.
export { DEFAULT_TASK_QUEUE } from '../../temporal/task-queues';
export type { ActivityView } from '../../domain/activity-rules';
export type { TimedEntryView } from '../../domain/timeliness';
export type { PlannedBreakView } from '../../domain/planned-breaks';
export type { EmploymentAtClosure } from '../../domain/exits';
export type { ContactAttemptView, FollowUpCompletion, FollowUpEmployer, FollowUpView } from '../../domain/follow-ups';
import type { ContactAttemptView } from '../../domain/follow-ups';

/** R-DCR-1: a data change request as the view lists it (its reason is PII: PostgreSQL only). */
export interface ChangeRequestView {
  id: string;
  target: ChangeTarget;
  changes: RequestedChanges;
  status: ChangeRequestStatus;
  requestedBy: string;
  requestedAt: IsoInstant;
  decidedBy: string | null;
  decidedAt: IsoInstant | null;
}

export interface ClosureView {
  closedOn: IsoDate;
  closureStatus: string;
  schoolStatusAtExit?: string;
  youthPlacement?: string;
  employment?: EmploymentAtClosure | null;
  recordedBy: string;
  recordedAt: IsoInstant;
  /** R-TIMELY-1: the closure describes the day services ended (the latest actual end date). */
  datedOn?: IsoDate;
  enteredOn?: IsoDate;
  late?: boolean;
}

export interface ExitView {
  type: 'soft' | 'exclusionary';
  exitDate: IsoDate;
  exitedAt: IsoInstant;
  reason?: ExclusionaryReason;
}

/** The application view of SPEC §5, returned by the query and by the API. */
export interface ApplicationView {
  id: string;
  participantId: string;
  programs: Program[];
  office: string;
  caseManagerId: string | null;
  status: ApplicationStatus;
  eligibilityDate: IsoDate;
  participationDate: IsoDate | null;
  /** R-RPT-4: PIRL 1401 (`secondary`) / 1332 (`postsecondary`), or `none`. */
  educationAtParticipation: EducationAtParticipation;
  lastServiceDate: IsoDate | null;
  exitClock: {
    state: ExitClockState;
    softExitDate: IsoDate | null;
    softExitAt: IsoInstant | null;
    daysRemaining: number | null;
  };
  plannedBreak: PlannedBreakView | null;
  activities: ActivityView[];
  closure: ClosureView | null;
  exit: ExitView | null;
  followUps: FollowUpView[];
  /** R-OAS-1: the objective assessment (sections recorded so far; summaries stay in PostgreSQL). */
  assessment: AssessmentView;
  /** R-IEP-1: the plans (IEP, or ISS for YOUTH), newest last; descriptions and notes stay in PostgreSQL. */
  plans: PlanView[];
  /** R-DCR-1: data change requests, oldest first (always set by the workflow; absent in views projected before they existed). */
  changeRequests?: ChangeRequestView[];
  /** R-CRED-4: credentials attained (SPEC §8). */
  credentials: CredentialView[];
  /** R-MSG-2: measurable skill gains (SPEC §8). */
  skillGains: SkillGainView[];
  /** Monotonic: increases with every accepted change; the projection never goes backwards. */
  version: number;
  createdAt: IsoInstant;
  updatedAt: IsoInstant;
}

/** Input of a new application workflow. */
export interface ApplicationWorkflowInput {
  applicationId: string;
  participantId: string;
  programs: Program[];
  eligibilityDate: IsoDate;
  office: string;
  caseManagerId: string | null;
  createdBy: Actor;
  /** Agency time zone (R-TIME-1); fixed for the life of the case. */
  agencyTimeZone: string;
  /** Whether the server supports the custom search attributes (not the time-skipping test server). */
  searchAttributes: boolean;
  /** Alert thresholds in days (SPEC "Alerts"); defaults 14 / 14 / 30. */
  alertThresholds?: AlertThresholds;
  /** R-FU-5 grace period after the due date before a follow-up is missed (default 90). */
  followUpGraceDays?: number;
  /** Continue-as-new once the history has this many events (default {@link DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS}). */
  continueAsNewAfterEvents?: number;
  /**
   * Continue-as-new once the history holds this many bytes (default {@link DEFAULT_CONTINUE_AS_NEW_AFTER_BYTES}).
   * Every command's result carries the case's view, so bytes per event grow with the number of services:
   * the event count alone does not bound a run's size (bench:scale: 513 events = 5.1 MiB at 250 services).
   */
  continueAsNewAfterBytes?: number;
  /**
   * R-ABUSE-2, R-FU-7: how long a detached follow-up stays silent before it tells the application it is
   * still open (default 30 days, LIVENESS_CHECK_MS; how a terminated application's follow-ups find out). Tests lower it.
   */
  followUpLivenessCheckMs?: number;
  /** R-RPT-4: education at participation given at creation (default `none`). */
  educationAtParticipation?: EducationAtParticipation;
  /**
   * Every run continues as new after this many days (default {@link DEFAULT_CHECKPOINT_AFTER_DAYS};
   * CHECKPOINT_AFTER_DAYS), so that every open case — and its follow-ups — runs the current code within
   * that time and a patch can be removed after it (docs/versioning.md).
   */
  checkpointAfterDays?: number;
}

// ---- Queries -------------------------------------------------------------------------------------
/** The application view (SPEC §5). `exitClock.daysRemaining` is as of the workflow's last task. */
export const getApplicationView = defineQuery<ApplicationView>('getApplicationView');

// ---- Updates (every mutation; validators reject bad requests before they reach history) -----------
/** Every update carries who asks; the update id is the request's idempotency key. */
export interface Command<P> {
  actor: Actor;
  payload: P;
  /**
   * R-IMP-2, imports only: an imported case's state is built outside the workflow by these same
   * commands, with R-ACT-4's 30/90-day backdating windows lifted (a future date is still refused).
   * The workflow's Updates refuse a command that carries it (IMPORT_ONLY), so no API call can lift them.
   */
  backdatingWindows?: 'lifted';
}

/** What every update returns: the view after the change, plus the entity it created or changed. */
export interface CommandResult {
  application: ApplicationView;
  activity?: ActivityView;
  plannedBreak?: PlannedBreakView;
  caseNote?: { id: string; contactDate: IsoDate; subject: string; activityId: string | null; enteredOn?: IsoDate; late?: boolean };
  changeRequest?: ChangeRequestView;
  /** §8: the plan, goal or objective a plan command created or changed. */
  plan?: PlanView;
  goal?: PlanGoalView;
  objective?: PlanObjectiveView;
  credential?: CredentialView;
  skillGain?: SkillGainView;
}

/** The catalog entry of a code, resolved by the API from the agency's catalog (R-ACT-1: data, not code). */
export type CodeEntry = ActivityCodeEntry;

export interface ParticipationPayload {
  participationDate: IsoDate;
  backdateApprovedBy?: string;
  activity: { code: string; entry: CodeEntry; program: Program; projectedEndDate: IsoDate; caseNote: string; provider?: string };
}
export interface AddActivityPayload {
  code: string;
  entry: CodeEntry;
  program: Program;
  actualBeginDate?: IsoDate;
  projectedBeginDate?: IsoDate;
  projectedEndDate: IsoDate;
  caseNote: string;
  provider?: string;
  backdateApprovedBy?: string;
}
export interface BeginActivityPayload {
  activityId: string;
  actualBeginDate: IsoDate;
  backdateApprovedBy?: string;
}
export interface CloseActivityPayload {
  activityId: string;
  actualEndDate: IsoDate;
  completionCode: CompletionCode;
  backdateApprovedBy?: string;
}
export interface PlannedBreakRequestPayload {
  reason: PlannedBreakReason;
  resumeDate: IsoDate;
  activityId: string;
  caseNote: string;
}
export interface PlannedBreakDecisionPayload {
  breakId: string;
}
export interface ClosurePayload {
  closureStatus: string;
  schoolStatusAtExit?: string;
  youthPlacement?: string;
  employment?: EmploymentAtClosure | null;
}
export interface ExclusionaryExitPayload {
  reason: ExclusionaryReason;
  exitDate?: IsoDate;
  documentationRef: string;
  caseNote: string;
}
export interface CaseNotePayload {
  contactDate: IsoDate;
  subject: string;
  body: string;
  activityId?: string;
}
export interface AssignCaseManagerPayload {
  staffId: string;
}

export interface DeclineFollowUpsPayload {
  date: IsoDate;
  caseNote: string;
}

/**
 * §11 R-ABUSE-2: what a follow-up child started since `bounded-follow-up-year-v1` tells its application
 * instead of its whole view: the contact attempts recorded since its last report (appended), and its
 * other fields when they changed. Its size does not grow with the number of attempts (R-FU-3: unlimited).
 */
export interface FollowUpReport {
  quarter: number;
  /** Contact attempts recorded since the last report, oldest first. */
  newContactAttempts?: ContactAttemptView[];
  /** Everything but the contact attempts, when anything of it changed (status, completion, dates …). */
  fields?: Omit<FollowUpView, 'contactAttempts'>;
  /** How many contact attempts the follow-up holds after this report. */
  contactAttemptCount: number;
}
export const followUpReported = defineSignal<[FollowUpReport]>('followUpReported');

/** R-RPT-4: `PUT …/:id/education-at-participation` (staff, before exit). */
export interface EducationAtParticipationPayload {
  educationAtParticipation: EducationAtParticipation;
}

// ---- §8 objective assessment and plan (R-OAS-1, R-IEP-1 … R-IEP-5) ------------------------------
// Free text (summary, description, note) travels in these payloads (encrypted by the codec) and is
// written to PostgreSQL through the outbox; it is never part of the view, memo or search attributes.
export interface AssessmentSectionPayload {
  section: AssessmentSection;
  status: AssessmentSectionStatus;
  summary: string;
}
export interface CreatePlanPayload {
  startDate: IsoDate;
  office: string;
  backdateApprovedBy?: string;
}
export interface AddPlanGoalPayload {
  planId: string;
  type: GoalType;
  term: GoalTerm;
  description: string;
  dateEstablished: IsoDate;
  estimatedCompletionDate: IsoDate;
  program: Program;
  backdateApprovedBy?: string;
}
export interface CompletePlanGoalPayload {
  planId: string;
  goalId: string;
  actualCompletionDate: IsoDate;
  outcome: GoalOutcome;
  backdateApprovedBy?: string;
}
export interface AddPlanObjectivePayload {
  planId: string;
  goalId: string;
  description: string;
  dateEstablished: IsoDate;
  reviewDate: IsoDate;
  program: Program;
  backdateApprovedBy?: string;
}
export interface ReviewPlanObjectivePayload {
  planId: string;
  objectiveId: string;
  reviewedOn: IsoDate;
  status: ObjectiveStatus;
  nextReviewDate?: IsoDate;
  note: string;
  backdateApprovedBy?: string;
}
export interface LinkPlanServicePayload {
  planId: string;
  activityId: string;
}
export interface ClosePlanPayload {
  planId: string;
  closedOn: IsoDate;
  cancelOpenGoals?: boolean;
  backdateApprovedBy?: string;
}
// ---- Data change requests (R-DCR-1 … R-DCR-3) ------------------------------------------------------
export interface ChangeRequestPayload {
  target: ChangeTarget;
  changes: RequestedChanges;
  /** Why the data is wrong: free text, PII (PostgreSQL and encrypted payloads only, never the view). */
  reason: string;
  /** The catalog entry of `changes.code`, resolved by the API (R-ACT-1). */
  entry?: CodeEntry;
}
export interface ChangeRequestDecisionPayload {
  requestId: string;
}
export interface RejectChangeRequestPayload {
  requestId: string;
  /** Free text, PII like `ChangeRequestPayload.reason`. */
  reason: string;
}

/** Default history length after which the workflow continues as new (bounded history). */
export const DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS = 4000;
/** docs/versioning.md: the longest a run of an open case (or follow-up) lasts before it continues as new. */
export { DEFAULT_CHECKPOINT_AFTER_DAYS } from '../../temporal/checkpoint';
/** Default history size after which the workflow continues as new: well under the server's 10 MB warning and 50 MB limit. */
export const DEFAULT_CONTINUE_AS_NEW_AFTER_BYTES = 4 * 1024 * 1024;

// ---- §8 outcomes: credentials (R-CRED-*) and measurable skill gains (R-MSG-*) ----------------------
/**
 * A credential in the view (R-CRED-4). The documentation reference is free text (PII, like a case
 * note): it is written to PostgreSQL only, so the view says whether there is one, never what it is.
 */
export interface CredentialView {
  id: string;
  type: CredentialType;
  attainedOn: IsoDate;
  activityId: string;
  verification: { method: CredentialVerificationMethod; hasDocumentationRef: boolean };
  recordedBy: string;
  /** R-CRED-4: true / false, or null while unknown (type 1 before a qualifying follow-up). */
  countsForCredentialRate: boolean | null;
  /** R-TIMELY-1: the agency-local day it was entered, and whether that was late. */
  enteredOn: IsoDate;
  late: boolean;
  recordedAt: IsoInstant;
}

/** A measurable skill gain in the view (R-MSG-2); its documentation reference is in PostgreSQL only. */
export interface SkillGainView {
  id: string;
  type: SkillGainType;
  achievedOn: IsoDate;
  programYear: ProgramYear;
  activityId: string;
  recordedBy: string;
  enteredOn: IsoDate;
  late: boolean;
  recordedAt: IsoInstant;
}

export interface RecordCredentialPayload {
  type: string;
  attainedOn: IsoDate;
  activityId: string;
  verification: { method: string; documentationRef?: string };
  backdateApprovedBy?: string;
}
export interface RecordSkillGainPayload {
  type: string;
  achievedOn: IsoDate;
  activityId: string;
  documentationRef: string;
  backdateApprovedBy?: string;
}

// ---- The commands, declared once ----------------------------------------------------------------
/**
 * Every command of the application workflow: its Update name and its payload, one line each. The
 * Update definitions below, the workflow's registry of specs (`COMMANDS` in `commands/index.ts`) and
 * the API's command routes (`src/api/routes/commands.ts`) are typed over this map, so a command
 * without its spec or without its route does not compile. The names are in every recorded history:
 * never rename one.
 */
export interface CommandPayloads {
  recordParticipation: ParticipationPayload;
  addActivity: AddActivityPayload;
  beginActivity: BeginActivityPayload;
  closeActivity: CloseActivityPayload;
  requestPlannedBreak: PlannedBreakRequestPayload;
  approvePlannedBreak: PlannedBreakDecisionPayload;
  cancelPlannedBreak: PlannedBreakDecisionPayload;
  recordClosure: ClosurePayload;
  recordExclusionaryExit: ExclusionaryExitPayload;
  addCaseNote: CaseNotePayload;
  declineFollowUps: DeclineFollowUpsPayload;
  assignCaseManager: AssignCaseManagerPayload;
  setEducationAtParticipation: EducationAtParticipationPayload;
  recordAssessmentSection: AssessmentSectionPayload;
  createPlan: CreatePlanPayload;
  addPlanGoal: AddPlanGoalPayload;
  completePlanGoal: CompletePlanGoalPayload;
  addPlanObjective: AddPlanObjectivePayload;
  reviewPlanObjective: ReviewPlanObjectivePayload;
  linkPlanService: LinkPlanServicePayload;
  closePlan: ClosePlanPayload;
  requestDataChange: ChangeRequestPayload;
  approveDataChange: ChangeRequestDecisionPayload;
  rejectDataChange: RejectChangeRequestPayload;
  recordCredential: RecordCredentialPayload;
  recordSkillGain: RecordSkillGainPayload;
}
export type CommandName = keyof CommandPayloads;
/** The Update that carries a command (its name is part of its type). */
export type CommandUpdate<N extends CommandName = CommandName> = UpdateDefinition<CommandResult, [Command<CommandPayloads[N]>], N>;
/** The Update definition of a command, by its name (a name outside `CommandPayloads` does not compile). */
export const commandUpdate = <N extends CommandName>(name: N): CommandUpdate<N> => defineUpdate<CommandResult, [Command<CommandPayloads[N]>], N>(name);

export const recordParticipation = commandUpdate('recordParticipation');
export const addActivity = commandUpdate('addActivity');
export const beginActivity = commandUpdate('beginActivity');
export const closeActivity = commandUpdate('closeActivity');
export const requestPlannedBreak = commandUpdate('requestPlannedBreak');
export const approvePlannedBreak = commandUpdate('approvePlannedBreak');
export const cancelPlannedBreak = commandUpdate('cancelPlannedBreak');
export const recordClosure = commandUpdate('recordClosure');
export const recordExclusionaryExit = commandUpdate('recordExclusionaryExit');
export const addCaseNote = commandUpdate('addCaseNote');
export const declineFollowUps = commandUpdate('declineFollowUps');
export const assignCaseManager = commandUpdate('assignCaseManager');
export const setEducationAtParticipation = commandUpdate('setEducationAtParticipation');
export const recordAssessmentSection = commandUpdate('recordAssessmentSection');
export const createPlan = commandUpdate('createPlan');
export const addPlanGoal = commandUpdate('addPlanGoal');
export const completePlanGoal = commandUpdate('completePlanGoal');
export const addPlanObjective = commandUpdate('addPlanObjective');
export const reviewPlanObjective = commandUpdate('reviewPlanObjective');
export const linkPlanService = commandUpdate('linkPlanService');
export const closePlan = commandUpdate('closePlan');
export const requestDataChange = commandUpdate('requestDataChange');
export const approveDataChange = commandUpdate('approveDataChange');
export const rejectDataChange = commandUpdate('rejectDataChange');
export const recordCredential = commandUpdate('recordCredential');
export const recordSkillGain = commandUpdate('recordSkillGain');
