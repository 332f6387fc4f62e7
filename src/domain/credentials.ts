/**
 * Credentials (SPEC §8, PIRL 1800–1805): what may be recorded (R-CRED-1), the window in which a
 * credential is still accepted (R-CRED-2), when an exited application may complete (R-CRED-3) and
 * whether a credential counts for the credential attainment rate (R-CRED-4).
 *
 * Pure: "today" is a parameter; no clock, no I/O. Safe in workflow code.
 */
import { requireActivity } from './activity-rules';
import { type BackdateResult, validateActualDate, validateNotBeforeParticipation } from './backdating';
import { addDays, dateParts, isIsoDate, isoDateOf, type IsoDate } from './dates';
import { type ApplicationStatus, isOneOf, type FollowUpStatus, type Role } from './enums';
import { DomainError } from './errors';

/** R-CRED-1: PIRL 1800 "type of recognized credential", as strings. */
export const CREDENTIAL_TYPES = ['1', '2', '3', '4', '5', '6', '7'] as const;
export type CredentialType = (typeof CREDENTIAL_TYPES)[number];

/** R-CRED-1: how the credential was verified (CalJOBS: "Copy contained in case file" unless verified). */
export const CREDENTIAL_VERIFICATION_METHODS = ['copy_in_case_file', 'verified'] as const;
export type CredentialVerificationMethod = (typeof CREDENTIAL_VERIFICATION_METHODS)[number];

export interface CredentialVerificationInput {
  method: string;
  documentationRef?: string | null;
}

/** The verification as recorded: the method and the reference (free text, PII), trimmed; null when none. */
export interface CredentialVerification {
  method: CredentialVerificationMethod;
  documentationRef: string | null;
}

/** The exit as these rules see it. */
export interface ExitFacts {
  type: 'soft' | 'exclusionary';
  exitDate: IsoDate;
}

/**
 * R-CRED-2: the last day a credential may be attained after an exit: the exit date plus one calendar
 * year (2024-01-10 → 2025-01-10); an exit on February 29 ends on February 28 of the next year.
 */
export function credentialWindowEnd(exitDate: IsoDate): IsoDate {
  const { year, month, day } = dateParts(exitDate);
  const sameDay = isoDateOf(year + 1, month, day);
  // Day overflow (Feb 29 in a common year → Mar 1): the last day of that month instead.
  return dateParts(sameDay).month === month ? sameDay : isoDateOf(year + 1, month + 1, 0);
}

/**
 * R-CRED-3: the first day an exited application may complete (the day after its credential window
 * ends), whatever its follow-ups.
 */
export function credentialWindowCompletionDate(exitDate: IsoDate): IsoDate {
  return addDays(credentialWindowEnd(exitDate), 1);
}

/** R-CRED-2: whether a credential attained on `attainedOn` is within the window of `exit` (always, before any exit). */
function withinCredentialWindow(attainedOn: IsoDate, exit: ExitFacts | null): boolean {
  return exit === null || attainedOn <= credentialWindowEnd(exit.exitDate);
}

function validateCredentialVerification(v: CredentialVerificationInput | null | undefined): CredentialVerification {
  if (!v || !isOneOf(CREDENTIAL_VERIFICATION_METHODS, v.method)) {
    throw new DomainError('CREDENTIAL_VERIFICATION_INVALID', `verification.method must be one of ${CREDENTIAL_VERIFICATION_METHODS.join(', ')}`, {
      field: 'verification.method',
    });
  }
  const ref = typeof v.documentationRef === 'string' && v.documentationRef.trim() !== '' ? v.documentationRef.trim() : null;
  if (v.method === 'verified' && ref === null) {
    // The message never echoes the reference (free text).
    throw new DomainError('DOCUMENTATION_REF_REQUIRED', 'a verified credential needs verification.documentationRef', {
      field: 'verification.documentationRef',
    });
  }
  return { method: v.method, documentationRef: ref };
}

export interface CredentialInput {
  applicationStatus: ApplicationStatus;
  participationDate: IsoDate | null;
  exit: ExitFacts | null;
  activities: readonly { id: string }[];
  today: IsoDate;
  callerRole: Role;
  backdateApprovedBy?: string | null;
  type: string;
  attainedOn: string;
  activityId: string;
  verification: CredentialVerificationInput | null | undefined;
}

export interface CredentialDecision {
  type: CredentialType;
  verification: CredentialVerification;
  backdate: BackdateResult;
  /** The window's last day when the application has exited, else null. */
  windowEnd: IsoDate | null;
}

/** Statuses in which nothing more is accepted (§8: 409 `APPLICATION_EXITED`). */
function refuseClosed(status: ApplicationStatus, participationDate: IsoDate | null): IsoDate {
  if (status === 'completed' || status === 'exited_exclusionary') throw new DomainError('APPLICATION_EXITED', 'the application is closed');
  if (status === 'eligible' || participationDate === null) throw new DomainError('NOT_PARTICIPATING', 'participation has not been created yet');
  return participationDate;
}

/**
 * R-CRED-1 / R-CRED-2, in this order: the application is open (`APPLICATION_EXITED`,
 * `NOT_PARTICIPATING`, 409); the type is a PIRL 1800 code (`CREDENTIAL_TYPE_INVALID`, 400); the date is
 * a calendar date (`INVALID_DATE`, 400); the activity is on the application (`ACTIVITY_NOT_FOUND`, 404);
 * the verification is a known method and `verified` has a reference (400); after an exit `attainedOn` ≤
 * exit + 1 year (`CREDENTIAL_WINDOW_CLOSED`, 422 — checked before "future" because no later day can
 * lift it); not before participation (R-ACT-5); not in the future and within R-ACT-4 backdating.
 */
export function validateCredential(input: CredentialInput): CredentialDecision {
  const participationDate = refuseClosed(input.applicationStatus, input.participationDate);
  if (!isOneOf(CREDENTIAL_TYPES, input.type)) {
    throw new DomainError('CREDENTIAL_TYPE_INVALID', `type must be a PIRL 1800 code ${CREDENTIAL_TYPES.join(', ')}`, { field: 'type' });
  }
  if (!isIsoDate(input.attainedOn)) throw new DomainError('INVALID_DATE', 'attainedOn must be a calendar date YYYY-MM-DD', { field: 'attainedOn' });
  requireActivity(input.activities, input.activityId);
  const verification = validateCredentialVerification(input.verification);
  const windowEnd = input.exit ? credentialWindowEnd(input.exit.exitDate) : null;
  if (windowEnd !== null && input.attainedOn > windowEnd) {
    throw new DomainError(
      'CREDENTIAL_WINDOW_CLOSED',
      `attainedOn ${input.attainedOn} is after the credential window, which ended ${windowEnd} (exit date + 1 year)`,
      { field: 'attainedOn', attainedOn: input.attainedOn, windowEnd },
    );
  }
  validateNotBeforeParticipation(input.attainedOn, participationDate, 'attainedOn');
  const backdate = validateActualDate({
    date: input.attainedOn,
    today: input.today,
    callerRole: input.callerRole,
    backdateApprovedBy: input.backdateApprovedBy ?? null,
    field: 'attainedOn',
  });
  return { type: input.type, verification, backdate, windowEnd };
}

/** What R-CRED-4 reads of a follow-up (the follow-up view's completion form). */
export interface FollowUpFacts {
  status: FollowUpStatus;
  completion?: {
    actualDate: IsoDate;
    workedInQuarter: boolean;
    employers: readonly unknown[];
    education?: { enrolled: boolean; leadsToRecognizedCredential?: boolean };
  };
}

/**
 * R-CRED-4 (amended): a completed follow-up, dated within the window, that records employment or
 * enrollment in education or training leading to a recognized postsecondary credential (enrollment
 * alone no longer counts).
 */
function employedOrEnrolledWithin(followUps: readonly FollowUpFacts[], windowEnd: IsoDate): boolean {
  return followUps.some(
    (f) =>
      f.status === 'completed' &&
      f.completion !== undefined &&
      f.completion.actualDate <= windowEnd &&
      (f.completion.workedInQuarter ||
        f.completion.employers.length > 0 ||
        (f.completion.education?.enrolled === true && f.completion.education.leadsToRecognizedCredential === true)),
  );
}

/**
 * R-CRED-4 `countsForCredentialRate`: types 2–7 count when attained within the window; type 1
 * (secondary diploma) only once a follow-up completed within one year after exit records employment
 * or enrollment in education leading to a recognized postsecondary credential (true), false once the window has passed without one, null while that
 * is unknown (before the exit, or inside the window without such a follow-up).
 */
export function countsForCredentialRate(
  credential: { type: CredentialType; attainedOn: IsoDate },
  facts: { exit: ExitFacts | null; followUps: readonly FollowUpFacts[]; today: IsoDate },
): boolean | null {
  const within = withinCredentialWindow(credential.attainedOn, facts.exit);
  if (credential.type !== '1') return within;
  if (!within) return false;
  if (facts.exit === null) return null;
  const windowEnd = credentialWindowEnd(facts.exit.exitDate);
  if (employedOrEnrolledWithin(facts.followUps, windowEnd)) return true;
  return facts.today > windowEnd ? false : null;
}
