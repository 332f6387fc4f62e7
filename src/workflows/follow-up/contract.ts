/**
 * Contract of the quarterly follow-up child workflow (R-FU-1…7): one per quarter after a soft exit,
 * ID `wioa-application-<applicationId>-followup-q<k>`.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Actor, Command, EmploymentAtClosure, FollowUpEmployer, FollowUpView, IsoDate } from '../application/contract';
import type { ContactOutcome, ContactType, FollowUpStatus, StatusAtFollowUp, YouthPlacementCode } from '../../domain/enums';
import type { FollowUpEducation } from '../../domain/follow-ups';

export const FOLLOW_UP_WORKFLOW_TYPE = 'followUpWorkflow';

/**
 * Task-queue priority of the follow-up children (1 highest … 5 lowest; everything else runs at the
 * default, 3). Only a backed-up queue orders by it: at a shared agency midnight, N exits and their
 * 4N children's first tasks compete, and the exits (and staff commands) go first. A follow-up's
 * first deadline is a quarter away; its start can wait seconds.
 */
export const FOLLOW_UP_PRIORITY = 4;

export interface FollowUpWorkflowInput {
  applicationId: string;
  /** The application workflow to report every change to (signal `followUpReported`). */
  parentWorkflowId: string;
  quarter: number;
  periodStart: IsoDate;
  periodEnd: IsoDate;
  dueDate: IsoDate;
  agencyTimeZone: string;
  graceDays: number;
  prefill: EmploymentAtClosure | null;
  searchAttributes: boolean;
  /**
   * The status the application holds for this follow-up when it starts the child: the child reports its
   * first view only if its own status differs (at a shared midnight, four reports fewer per exit).
   * Absent (a follow-up started by hand), the child reports its first view.
   */
  knownStatus?: FollowUpStatus;
  /** History bounds of the child's runs (default: the application's defaults); tests lower them. */
  continueAsNewAfterEvents?: number;
  continueAsNewAfterBytes?: number;
  /** R-ABUSE-2, R-FU-7: silence before a liveness report to the application (default 30 days, LIVENESS_CHECK_MS). */
  livenessCheckMs?: number;
  /** docs/versioning.md: each run continues as new after this many days (the application's). */
  checkpointAfterDays?: number;
}

/** What a follow-up run hands to the next when it continues as new (R-ABUSE-2). */
export interface FollowUpCarried {
  /** The carried shape's version (docs/versioning.md): 1 since the 1.0 baseline. */
  stateVersion: 1;
  view: FollowUpView;
  /** A decline heard but not yet applied. */
  declined: { date: IsoDate } | null;
  /** When the application last heard from the follow-up (epoch ms): the liveness check counts from it. */
  lastTold: number;
}

export interface ContactAttemptPayload {
  date: IsoDate;
  time: string;
  type: ContactType;
  outcome: ContactOutcome;
  note?: string;
}

export interface CompleteFollowUpPayload {
  actualDate: IsoDate;
  contactType: ContactType;
  workedInQuarter: boolean;
  employers?: FollowUpEmployer[];
  education?: FollowUpEducation;
  youthPlacement?: string;
  youthPlacementCode?: YouthPlacementCode;
  credential?: string;
  statusAtFollowUp?: StatusAtFollowUp;
  overrideReason?: string;
}

export interface DeclinePayload {
  date: IsoDate;
  by: Actor;
}

export const getFollowUp = defineQuery<FollowUpView>('getFollowUp');
export const recordContactAttempt = defineUpdate<FollowUpView, [Command<ContactAttemptPayload>]>('recordContactAttempt');
export const completeFollowUp = defineUpdate<FollowUpView, [Command<CompleteFollowUpPayload>]>('completeFollowUp');
/** From the application: the participant declined follow-up (R-FU-5). */
export const declineFollowUp = defineSignal<[DeclinePayload]>('declineFollowUp');
