/**
 * Objective assessment (R-OAS-1): twelve sections, each recorded `complete` or `incomplete`; the
 * assessment is `complete` when all twelve are complete. Pure: the instant and the agency-local
 * date of a change are parameters. The sections' summaries are free text (PII like case notes):
 * they are not part of what this module keeps.
 */
import type { IsoDate } from './dates';
import { DomainError } from './errors';
import type { ApplicationStatus } from './enums';

/** R-OAS-1: the twelve sections, in the order of the assessment screens. */
export const ASSESSMENT_SECTIONS = [
  'general',
  'expectation',
  'education',
  'degree',
  'certificate',
  'employment',
  'household_income',
  'work_readiness',
  'barriers',
  'criminal_background',
  'tests',
  'referrals',
] as const;
export type AssessmentSection = (typeof ASSESSMENT_SECTIONS)[number];

export const ASSESSMENT_SECTION_STATUSES = ['complete', 'incomplete'] as const;
export type AssessmentSectionStatus = (typeof ASSESSMENT_SECTION_STATUSES)[number];

export const ASSESSMENT_STATUSES = ['not_started', 'in_progress', 'complete'] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

export interface AssessmentSectionView {
  section: AssessmentSection;
  status: AssessmentSectionStatus;
  updatedAt: string;
  /** Extension: who recorded the section last. */
  updatedBy: string;
}

/** The view's `assessment` (R-OAS-1); sections recorded so far, in {@link ASSESSMENT_SECTIONS} order. */
export interface AssessmentView {
  status: AssessmentStatus;
  sections: AssessmentSectionView[];
  /** The agency-local date on which the twelfth section became complete; null while not complete. */
  completedOn: IsoDate | null;
}

export const EMPTY_ASSESSMENT: Readonly<AssessmentView> = Object.freeze({ status: 'not_started', sections: [], completedOn: null });

function isAssessmentSection(s: unknown): s is AssessmentSection {
  return typeof s === 'string' && (ASSESSMENT_SECTIONS as readonly string[]).includes(s);
}

/** R-OAS-1: `not_started` with no section, `complete` when all twelve are complete, else `in_progress`. */
export function assessmentStatus(sections: readonly Pick<AssessmentSectionView, 'section' | 'status'>[]): AssessmentStatus {
  if (sections.length === 0) return 'not_started';
  const complete = new Set(sections.filter((s) => s.status === 'complete').map((s) => s.section));
  return ASSESSMENT_SECTIONS.every((s) => complete.has(s)) ? 'complete' : 'in_progress';
}

/**
 * R-OAS-1: sections may be recorded from participation on (also after a soft exit, to finish the
 * record); not before participation (409 NOT_PARTICIPATING), not on a closed case (409 APPLICATION_EXITED).
 */
export function validateAssessmentSection(status: ApplicationStatus, section: unknown, sectionStatus: unknown): void {
  switch (status) {
    case 'eligible':
      throw new DomainError('NOT_PARTICIPATING', 'the objective assessment is recorded from participation on');
    case 'exited_exclusionary':
    case 'completed':
      throw new DomainError('APPLICATION_EXITED', 'the application is closed');
    case 'participating':
    case 'exited':
      break;
  }
  if (!isAssessmentSection(section)) {
    throw new DomainError('ASSESSMENT_SECTION_UNKNOWN', `unknown assessment section ${String(section)}`, { field: 'section' });
  }
  if (sectionStatus !== 'complete' && sectionStatus !== 'incomplete') {
    throw new DomainError('ASSESSMENT_SECTION_UNKNOWN', 'status must be complete or incomplete', { field: 'status' });
  }
}

/**
 * R-OAS-1: the assessment after recording one section at `at` (instant) on `today` (agency date).
 * `completedOn` is set on the day the assessment becomes complete and kept while it stays complete;
 * a section set back to incomplete clears it.
 */
export function recordAssessmentSection(
  current: AssessmentView,
  change: { section: AssessmentSection; status: AssessmentSectionStatus; at: string; by: string },
  today: IsoDate,
): AssessmentView {
  const others = current.sections.filter((s) => s.section !== change.section);
  const sections = [...others, { section: change.section, status: change.status, updatedAt: change.at, updatedBy: change.by }].sort(
    (a, b) => ASSESSMENT_SECTIONS.indexOf(a.section) - ASSESSMENT_SECTIONS.indexOf(b.section),
  );
  const status = assessmentStatus(sections);
  const completedOn = status === 'complete' ? (current.status === 'complete' ? current.completedOn : today) : null;
  return { status, sections, completedOn };
}
