/**
 * Measurable skill gains (SPEC §8, PIRL 1806–1810): what may be recorded (R-MSG-1) and the program
 * year each gain belongs to (R-MSG-2). Pure: "today" is a parameter. Safe in workflow code.
 */
import { requireActivity } from './activity-rules';
import { type BackdateResult, validateActualDate, validateNotBeforeParticipation } from './backdating';
import { dateParts, isIsoDate, type IsoDate } from './dates';
import { type ActivityCategory, type ApplicationStatus, isOneOf, type Role } from './enums';
import { DomainError } from './errors';
import type { ExitFacts } from './credentials';

/** R-MSG-1 skill-gain types. */
export const SKILL_GAIN_TYPES = [
  'educational_functioning_level',
  'postsecondary_transcript',
  'secondary_transcript',
  'training_milestone',
  'skills_progression',
] as const;
export type SkillGainType = (typeof SKILL_GAIN_TYPES)[number];

/** R-MSG-1: the PIRL data element that records each type (its date of attainment). */
export const SKILL_GAIN_PIRL: Readonly<Record<SkillGainType, number>> = {
  educational_functioning_level: 1806,
  postsecondary_transcript: 1807,
  secondary_transcript: 1808,
  training_milestone: 1809,
  skills_progression: 1810,
};

/** R-MSG-1: the activity categories a skill gain can be earned in. */
const SKILL_GAIN_ACTIVITY_CATEGORIES = ['training', 'individualized'] as const satisfies readonly ActivityCategory[];

/** R-MSG-1: whether a skill gain can be earned in an activity of this category. */
export const earnsSkillGains = (category: ActivityCategory): boolean => isOneOf(SKILL_GAIN_ACTIVITY_CATEGORIES, category);

/** R-MSG-2: a program year `PY2024` = July 1, 2024 – June 30, 2025. */
export type ProgramYear = `PY${number}`;

/** R-MSG-2: the program year of a date, named by the year it starts (2024-06-30 → PY2023, 2024-07-01 → PY2024). */
export function programYearOf(date: IsoDate): ProgramYear {
  const { year, month } = dateParts(date);
  return `PY${month >= 7 ? year : year - 1}`;
}

export interface SkillGainInput {
  applicationStatus: ApplicationStatus;
  participationDate: IsoDate | null;
  exit: ExitFacts | null;
  activities: readonly { id: string; category: ActivityCategory }[];
  today: IsoDate;
  callerRole: Role;
  backdateApprovedBy?: string | null;
  type: string;
  achievedOn: string;
  activityId: string;
  documentationRef: string | null | undefined;
}

export interface SkillGainDecision {
  type: SkillGainType;
  programYear: ProgramYear;
  documentationRef: string;
  backdate: BackdateResult;
}

/**
 * R-MSG-1, in this order: the application is open (`APPLICATION_EXITED` / `NOT_PARTICIPATING`, 409);
 * a known type (`SKILL_GAIN_TYPE_INVALID`, 400); a calendar date (`INVALID_DATE`, 400); a
 * documentation reference (`DOCUMENTATION_REF_REQUIRED`, 400); the activity is on the application
 * (`ACTIVITY_NOT_FOUND`, 404) with category training or individualized
 * (`SKILL_GAIN_ACTIVITY_NOT_ELIGIBLE`, 422); not after the exit date (`SKILL_GAIN_AFTER_EXIT`, 422:
 * a gain is earned during participation); not before participation (R-ACT-5); not in the future and
 * within R-ACT-4 backdating.
 */
export function validateSkillGain(input: SkillGainInput): SkillGainDecision {
  if (input.applicationStatus === 'completed' || input.applicationStatus === 'exited_exclusionary') {
    throw new DomainError('APPLICATION_EXITED', 'the application is closed');
  }
  if (input.applicationStatus === 'eligible' || input.participationDate === null) {
    throw new DomainError('NOT_PARTICIPATING', 'participation has not been created yet');
  }
  if (!isOneOf(SKILL_GAIN_TYPES, input.type)) {
    throw new DomainError('SKILL_GAIN_TYPE_INVALID', `type must be one of ${SKILL_GAIN_TYPES.join(', ')}`, { field: 'type' });
  }
  if (!isIsoDate(input.achievedOn)) throw new DomainError('INVALID_DATE', 'achievedOn must be a calendar date YYYY-MM-DD', { field: 'achievedOn' });
  const ref = typeof input.documentationRef === 'string' ? input.documentationRef.trim() : '';
  if (ref === '') throw new DomainError('DOCUMENTATION_REF_REQUIRED', 'a skill gain needs documentationRef', { field: 'documentationRef' });
  const activity = requireActivity(input.activities, input.activityId);
  if (!earnsSkillGains(activity.category)) {
    throw new DomainError(
      'SKILL_GAIN_ACTIVITY_NOT_ELIGIBLE',
      `a skill gain is earned in a training or individualized activity; activity ${activity.id} is ${activity.category}`,
      { activityId: activity.id, category: activity.category },
    );
  }
  if (input.exit !== null && input.achievedOn > input.exit.exitDate) {
    throw new DomainError('SKILL_GAIN_AFTER_EXIT', `achievedOn ${input.achievedOn} is after the exit date ${input.exit.exitDate}`, {
      field: 'achievedOn',
      achievedOn: input.achievedOn,
      exitDate: input.exit.exitDate,
    });
  }
  validateNotBeforeParticipation(input.achievedOn, input.participationDate, 'achievedOn');
  const backdate = validateActualDate({
    date: input.achievedOn,
    today: input.today,
    callerRole: input.callerRole,
    backdateApprovedBy: input.backdateApprovedBy ?? null,
    field: 'achievedOn',
  });
  return { type: input.type, programYear: programYearOf(input.achievedOn), documentationRef: ref, backdate };
}
