/**
 * Domain errors (SPEC §5 error model).
 *
 * Every rule violation in `src/domain` is reported by throwing a {@link DomainError} carrying a
 * machine `code` and the HTTP `status` the API maps it to:
 * - 400 malformed input the schema could not catch (impossible calendar date, bad SSN, …)
 * - 403 wrong role (supervisor needed, self-approval)
 * - 404 unknown id (activity, planned break, follow-up)
 * - 409 conflicts with the current state (exited, already closed, not pending, open activities, …)
 * - 422 rule violations (dates, backdating, planned break too long, …)
 *
 * The error is plain data (`name`, `code`, `status`, `message`, optional JSON `details`) so it
 * survives being thrown inside a Temporal workflow update validator: the workflow layer converts it
 * into an `ApplicationFailure` whose `type` is the code, and the API converts that back with
 * {@link isDomainErrorCode}. Never rely on `instanceof` across that boundary; use {@link isDomainError}.
 */

/** Status per code. The single source of truth for the code list (the union is derived from it). */
export const DOMAIN_ERROR_STATUS = {
  // 400: malformed values
  INVALID_DATE: 400,
  INVALID_TIME: 400,
  INVALID_TIME_ZONE: 400,
  INVALID_SSN: 400,
  INVALID_ACTIVITY_CATALOG: 400,
  BEGIN_DATE_CONFLICT: 400,
  PLANNED_BREAK_REASON_INVALID: 400,
  EXCLUSIONARY_REASON_INVALID: 400,
  // §10 reports: a period that is not PY<year> or PY<year>Q<n>
  INVALID_PERIOD: 400,
  // §14 wage records: a calendar quarter that is not YYYYQn, or a range that ends before it starts
  INVALID_QUARTER: 400,
  INVALID_QUARTER_RANGE: 400,
  // §8 plan (R-OAS-1, R-IEP-*)
  ASSESSMENT_SECTION_UNKNOWN: 400,
  INVALID_GOAL_OUTCOME: 400,
  CREDENTIAL_TYPE_INVALID: 400,
  CREDENTIAL_VERIFICATION_INVALID: 400,
  SKILL_GAIN_TYPE_INVALID: 400,
  DOCUMENTATION_REF_REQUIRED: 400,

  // 403: role
  SUPERVISOR_REQUIRED: 403,
  SELF_APPROVAL: 422,

  // 404: unknown id
  ACTIVITY_NOT_FOUND: 404,
  PLANNED_BREAK_NOT_FOUND: 404,
  FOLLOW_UP_NOT_FOUND: 404,
  PLAN_NOT_FOUND: 404,
  GOAL_NOT_FOUND: 404,
  OBJECTIVE_NOT_FOUND: 404,
  CHANGE_REQUEST_NOT_FOUND: 404,
  GROUP_NOT_FOUND: 404,
  NOTIFICATION_NOT_FOUND: 404,

  // 409: conflicts with the current state
  APPLICATION_EXITED: 409,
  NOT_PARTICIPATING: 409,
  ALREADY_PARTICIPATING: 409,
  OPEN_ACTIVITIES: 409,
  ACTIVITY_ALREADY_CLOSED: 409,
  ACTIVITY_NOT_FUTURE: 409,
  ACTIVITY_NOT_OPEN: 409,
  ONLY_FOLLOW_UP_CODES: 409,
  FOLLOW_UP_CODE_NOT_ALLOWED: 409,
  PLANNED_BREAK_NOT_PENDING: 409,
  PLANNED_BREAK_NOT_ACTIVE: 409,
  PLANNED_BREAK_EXISTS: 409,
  CLOSURE_EXISTS: 409,
  FOLLOW_UP_NOT_OPEN: 409,
  PLAN_ALREADY_OPEN: 409,
  PLAN_CLOSED: 409,
  GOAL_NOT_OPEN: 409,
  OBJECTIVE_NOT_OPEN: 409,
  SERVICE_ALREADY_LINKED: 409,
  OPEN_GOALS: 409,
  CHANGE_REQUEST_NOT_PENDING: 409,
  GROUP_NAME_TAKEN: 409,

  // 422: rule violations
  // R-IMP-2: a workflow Update that carries the import-only lifted backdating windows
  IMPORT_ONLY: 422,
  // R-IMP-1: an imported case needs an activity that begins on its participation date (its first service)
  PARTICIPATION_ACTIVITY_MISSING: 422,
  FUTURE_DATE: 422,
  BACKDATE_APPROVAL_REQUIRED: 422,
  BACKDATE_LIMIT: 422,
  DATE_BEFORE_PARTICIPATION: 422,
  END_BEFORE_BEGIN: 422,
  PARTICIPATION_BEFORE_ELIGIBILITY: 422,
  PROJECTED_BEGIN_NOT_FUTURE: 422,
  UNKNOWN_ACTIVITY_CODE: 422,
  PROGRAM_NOT_ENROLLED: 422,
  CODE_NOT_FOR_PROGRAM: 422,
  PLANNED_BREAK_CODE_NOT_ALLOWED: 422,
  CASE_NOTE_REQUIRED: 422,
  DOCUMENTATION_REQUIRED: 422,
  PLANNED_BREAK_TOO_LONG: 422,
  PLANNED_BREAK_RESUME_NOT_FUTURE: 422,
  PLANNED_BREAK_RESUME_MISMATCH: 422,
  EXCLUSIONARY_REASON_NOT_FOR_PROGRAM: 422,
  EXCLUSION_REASON_NOT_ALLOWED: 422,
  FOLLOW_UP_DATE_BEFORE_QUARTER: 422,
  STATUS_AT_FOLLOW_UP_REQUIRED: 422,
  CONTACT_ATTEMPTS_REQUIRED: 422,
  ASSESSMENT_INCOMPLETE: 422,
  IEP_ACTIVITY_REQUIRED: 422,
  INVALID_DATE_RANGE: 422,
  NEXT_REVIEW_DATE_REQUIRED: 422,
  TEXT_REQUIRED: 422,
  CHANGE_NOT_APPLICABLE: 422,
  REASON_REQUIRED: 422,
  CREDENTIAL_WINDOW_CLOSED: 422,
  SKILL_GAIN_ACTIVITY_NOT_ELIGIBLE: 422,
  SKILL_GAIN_AFTER_EXIT: 422,
  // §9 case management groups (R-GRP-1, R-GRP-2) and alert subscriptions (R-SUB-1)
  GROUP_LEAD_NOT_MEMBER: 422,
  UNKNOWN_STAFF: 422,
  CASE_MANAGER_NOT_IN_GROUP: 422,
  UNKNOWN_ALERT_TYPE: 422,
  DUPLICATE_SUBSCRIPTION: 422,
  SUBSCRIPTION_DAYS_NOT_ALLOWED: 422,
  SUBSCRIPTION_DAYS_OUT_OF_RANGE: 422,
} as const satisfies Record<string, 400 | 403 | 404 | 409 | 422>;

export type DomainErrorCode = keyof typeof DOMAIN_ERROR_STATUS;
export type DomainErrorStatus = (typeof DOMAIN_ERROR_STATUS)[DomainErrorCode];

/** Every code, for schemas and documentation (e.g. the OpenAPI error `code` enum). */
export const DOMAIN_ERROR_CODES = Object.keys(DOMAIN_ERROR_STATUS) as DomainErrorCode[];

/** Type guard for a string coming back from an `ApplicationFailure.type` or a JSON body. */
export function isDomainErrorCode(s: string): s is DomainErrorCode {
  return Object.prototype.hasOwnProperty.call(DOMAIN_ERROR_STATUS, s);
}

/** JSON-safe extra information (field name, limits, …); never PII. */
export type DomainErrorDetails = Record<string, string | number | boolean | null>;

export class DomainError extends Error {
  override readonly name = 'DomainError' as const;
  readonly code: DomainErrorCode;
  readonly status: DomainErrorStatus;
  readonly details: DomainErrorDetails | undefined;

  constructor(code: DomainErrorCode, message?: string, details?: DomainErrorDetails) {
    super(message ?? code);
    this.code = code;
    this.status = DOMAIN_ERROR_STATUS[code];
    this.details = details;
  }

  /** Plain JSON form (what crosses the workflow boundary as ApplicationFailure details). */
  toJSON(): { name: 'DomainError'; code: DomainErrorCode; status: DomainErrorStatus; message: string; details?: DomainErrorDetails } {
    return {
      name: this.name,
      code: this.code,
      status: this.status,
      message: this.message,
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

/**
 * Structural check (works for errors re-created from another realm, e.g. the workflow sandbox,
 * where `instanceof DomainError` is false).
 */
export function isDomainError(e: unknown): e is DomainError {
  if (typeof e !== 'object' || e === null) return false;
  const { name, code } = e as { name?: unknown; code?: unknown };
  return name === 'DomainError' && typeof code === 'string' && isDomainErrorCode(code);
}
