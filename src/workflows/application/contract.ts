/**
 * Contract of the application workflow: task queue, IDs, messages and their types. Imported by the
 * workflow, the worker, the API and the tests — the one place where names that end up in workflow
 * histories are spelled. Renaming anything here breaks replay of running cases.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type {
  ApplicationStatus,
  CompletionCode,
  ExclusionaryReason,
  ExitClockState,
  FollowUpStatus,
  PlannedBreakReason,
  Program,
  Role,
} from '../../domain/enums';

export const WORKFLOW_TYPE = 'applicationWorkflow';
export const DEFAULT_TASK_QUEUE = 'wioa-applications';

export const applicationWorkflowId = (applicationId: string): string => `wioa-application-${applicationId}`;
export const followUpWorkflowId = (applicationId: string, quarter: number): string =>
  `wioa-application-${applicationId}-followup-q${quarter}`;

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

export type IsoDate = string;
export type IsoInstant = string;

export interface ActivityView {
  id: string;
  code: string;
  program: Program;
  status: 'future' | 'open' | 'closed';
  actualBeginDate: IsoDate | null;
  projectedBeginDate: IsoDate | null;
  projectedEndDate: IsoDate | null;
  actualEndDate: IsoDate | null;
  completionCode: CompletionCode | null;
  provider: string | null;
  restartsExitClock: boolean;
}

export interface PlannedBreakView {
  id: string;
  status: 'pending' | 'approved' | 'cancelled' | 'ended';
  reason: PlannedBreakReason;
  resumeDate: IsoDate;
  activityId: string;
  requestedBy: string;
  requestedAt: IsoInstant;
  approvedBy: string | null;
  approvedAt: IsoInstant | null;
}

export interface EmploymentAtClosure {
  employer: string;
  naics?: string;
  occupation?: string;
  hourlyWage?: number;
  hoursPerWeek?: number;
  startDate?: IsoDate;
}

export interface ClosureView {
  closedOn: IsoDate;
  closureStatus: string;
  schoolStatusAtExit?: string;
  youthPlacement?: string;
  employment?: EmploymentAtClosure | null;
  recordedBy: string;
  recordedAt: IsoInstant;
}

export interface ExitView {
  type: 'soft' | 'exclusionary';
  exitDate: IsoDate;
  exitedAt: IsoInstant;
  reason?: ExclusionaryReason;
}

export interface ContactAttemptView {
  date: IsoDate;
  time: string;
  type: string;
  outcome: string;
  note?: string;
  recordedBy: string;
}

export interface FollowUpView {
  quarter: number;
  periodStart: IsoDate;
  periodEnd: IsoDate;
  dueDate: IsoDate;
  status: FollowUpStatus;
  contactAttempts: ContactAttemptView[];
  completedOn?: IsoDate;
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
}

// ---- Queries -------------------------------------------------------------------------------------
export const getApplicationView = defineQuery<ApplicationView>('getApplicationView');

// ---- Updates (every mutation; validators reject bad requests before they reach history) -----------
export interface Command<P> {
  actor: Actor;
  payload: P;
}

export interface ParticipationPayload {
  participationDate: IsoDate;
  activity: { code: string; program: Program; projectedEndDate: IsoDate; caseNote: string; provider?: string };
}
export const recordParticipation = defineUpdate<ApplicationView, [Command<ParticipationPayload>]>('recordParticipation');

export const STATUSES_OPEN_FOR_COMMANDS: readonly ApplicationStatus[] = ['eligible', 'participating'];
