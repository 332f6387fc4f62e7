/**
 * Enumerations (SPEC §5 "extend, never rename", plus the state names of §3).
 * Each is an `as const` array (for zod / OpenAPI / iteration) and its string-literal union.
 */

/** §1, §5 programs an application may be co-enrolled in. */
export const PROGRAMS = ['ADULT', 'DISLOCATED_WORKER', 'YOUTH', 'WAGNER_PEYSER', 'TAA'] as const;
export type Program = (typeof PROGRAMS)[number];

/** §5 application `status`. */
export const APPLICATION_STATUSES = ['eligible', 'participating', 'exited', 'exited_exclusionary', 'completed'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** §5 `exitClock.state` (R-CLOCK-2, R-CLOCK-3, R-BREAK-2). */
export const EXIT_CLOCK_STATES = ['not_started', 'running', 'blocked', 'extended', 'stopped'] as const;
export type ExitClockState = (typeof EXIT_CLOCK_STATES)[number];

/** §5 `exit.type` (R-CLOCK-4, R-EXCL-1). */
export const EXIT_TYPES = ['soft', 'exclusionary'] as const;
export type ExitType = (typeof EXIT_TYPES)[number];

/** §5 activity `status`: `future` = projected begin only (R-CLOCK-5). */
export const ACTIVITY_STATUSES = ['open', 'future', 'closed'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

/** R-ACT-1 activity categories. */
export const ACTIVITY_CATEGORIES = [
  'self_service',
  'information',
  'career_staff_assisted',
  'individualized',
  'training',
  'supportive',
  'follow_up',
  'planned_break',
] as const;
export type ActivityCategory = (typeof ACTIVITY_CATEGORIES)[number];

/** §5 activity `completionCode`. */
export const COMPLETION_CODES = ['successful', 'unsuccessful', 'other'] as const;
export type CompletionCode = (typeof COMPLETION_CODES)[number];

/** §5 contact `type` / `contactType` (R-FU-3, R-FU-4). */
export const CONTACT_TYPES = ['phone', 'email', 'text', 'in_person', 'mail', 'other'] as const;
export type ContactType = (typeof CONTACT_TYPES)[number];

/** §5 contact attempt `outcome` (R-FU-3). */
export const CONTACT_OUTCOMES = ['reached', 'no_answer', 'left_message', 'wrong_number', 'returned_mail', 'other'] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

/** §5 `statusAtFollowUp` (R-FU-4). */
export const STATUSES_AT_FOLLOW_UP = ['cannot_locate', 'not_employed', 'in_education', 'unable_to_work', 'declined_to_answer', 'other'] as const;
export type StatusAtFollowUp = (typeof STATUSES_AT_FOLLOW_UP)[number];

/** R-FU-5 follow-up statuses. */
export const FOLLOW_UP_STATUSES = ['required', 'overdue', 'completed', 'declined', 'missed'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];
/** Statuses in which a follow-up can still be completed or declined. */
export const OPEN_FOLLOW_UP_STATUSES = ['required', 'overdue'] as const satisfies readonly FollowUpStatus[];

/** R-BREAK-1 planned-break reasons. */
export const PLANNED_BREAK_REASONS = ['training_delay', 'education_break', 'other'] as const;
export type PlannedBreakReason = (typeof PLANNED_BREAK_REASONS)[number];

/**
 * Planned-break lifecycle (R-BREAK-1, R-BREAK-2): `pending` until a supervisor approves;
 * `ended` when the future activity's actual begin is recorded; `cancelled` by staff/supervisor.
 */
export const PLANNED_BREAK_STATUSES = ['pending', 'approved', 'ended', 'cancelled'] as const;
export type PlannedBreakStatus = (typeof PLANNED_BREAK_STATUSES)[number];

/** §5 roles (`viewer` is read-only). */
export const ROLES = ['staff', 'supervisor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** R-EXCL-1 exclusionary exit reasons (PIRL 923). */
export const EXCLUSIONARY_REASONS = ['01', '02', '03', '04', '05', '06', '07'] as const;
export type ExclusionaryReason = (typeof EXCLUSIONARY_REASONS)[number];

export const EXCLUSIONARY_REASON_INFO: Readonly<Record<ExclusionaryReason, { readonly label: string; readonly youthOnly: boolean }>> = {
  '01': { label: 'Institutionalized', youthOnly: false },
  '02': { label: 'Health/medical', youthOnly: false },
  '03': { label: 'Deceased', youthOnly: false },
  '04': { label: 'Reserve forces called to active duty', youthOnly: false },
  '05': { label: 'Foster care (Youth only)', youthOnly: true },
  '06': { label: 'Ineligible', youthOnly: false },
  '07': { label: 'Criminal offender', youthOnly: false },
};

/**
 * R-EXCL-1 (amended): the PIRL 923 codes a Title I application may take today. `06` (Vocational
 * Rehabilitation) and `07` (Title II) never apply to this product's programs; cases recorded before the
 * amendment keep theirs.
 */
export const TITLE_I_EXCLUSION_REASONS = ['01', '02', '03', '04', '05'] as const satisfies readonly ExclusionaryReason[];

/** §3 "Alerts" types. */
export const ALERT_TYPES = [
  'exit_approaching',
  'open_activity_past_projected_end',
  'future_activity_beyond_exit',
  'planned_break_return_passed',
  'case_note_due',
  'followup_due_soon',
  'followup_overdue',
  // R-IEP-6 (derived only in runs that carry the plan-alerts-v1 patch marker)
  'plan_objective_review_due',
  'plan_goal_overdue',
  'plan_missing',
] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

/** §3 "Alerts": an alert is `open` while its condition holds, `resolved` once it no longer does. */
export const ALERT_STATUSES = ['open', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** Membership test usable as a type guard for any of the arrays above. */
export function isOneOf<T extends string>(values: readonly T[], s: unknown): s is T {
  return typeof s === 'string' && (values as readonly string[]).includes(s);
}

/** R-ACT-1 (amended): PIRL 1303 type of training service, carried by every `training` code of the catalog. */
export const TRAINING_TYPES = ['01', '02', '03', '04', '05', '06', '08', '09', '10', '11', '12'] as const;
export type TrainingType = (typeof TRAINING_TYPES)[number];
/** R-RPT-4: training types left out of the credential rate's denominator (OJT, customized training). */
export const TRAINING_TYPES_WITHOUT_CREDENTIAL_RATE: readonly TrainingType[] = ['01', '05'];

/** R-FU-4 (amended): an employer's employment type (PIRL 1600–1606 codes 1, 2, 3). */
export const EMPLOYMENT_TYPES = ['unsubsidized', 'registered_apprenticeship', 'military'] as const;
export type EmploymentType = (typeof EMPLOYMENT_TYPES)[number];
/** R-FU-4 (amended): the kind of education or training a follow-up records. */
export const FOLLOW_UP_EDUCATION_TYPES = ['secondary', 'postsecondary', 'occupational_skills_training'] as const;
export type FollowUpEducationType = (typeof FOLLOW_UP_EDUCATION_TYPES)[number];
/** R-FU-4 (amended): PIRL 1900/1901 youth placement: 1 occupational skills training, 2 postsecondary, 3 secondary, 0 none. */
export const YOUTH_PLACEMENT_CODES = ['0', '1', '2', '3'] as const;
export type YouthPlacementCode = (typeof YOUTH_PLACEMENT_CODES)[number];
/** R-RPT-4: education at participation (PIRL 1401 secondary, 1332 postsecondary). */
export const EDUCATION_AT_PARTICIPATION = ['none', 'secondary', 'postsecondary'] as const;
export type EducationAtParticipation = (typeof EDUCATION_AT_PARTICIPATION)[number];
