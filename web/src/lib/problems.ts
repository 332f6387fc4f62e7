/**
 * Where a refused command's problem goes in its form (R-UI-5): pure, unit-tested in test/web.
 */

/** The part of an API problem this needs (ApiProblem has it). */
export interface ProblemLike {
  code: string;
  detail: string;
  errors: readonly { path: string; message: string }[];
}

/** Codes that are about the date a form sends (the API names no field for domain refusals). */
const DATE_CODES = new Set([
  'FUTURE_DATE',
  'BACKDATE_APPROVAL_REQUIRED',
  'BACKDATE_LIMIT',
  'DATE_BEFORE_PARTICIPATION',
  'END_BEFORE_BEGIN',
  'PARTICIPATION_BEFORE_ELIGIBILITY',
  'PROJECTED_BEGIN_NOT_FUTURE',
  'INVALID_DATE',
  'FOLLOW_UP_DATE_BEFORE_QUARTER',
  'PLANNED_BREAK_RESUME_NOT_FUTURE',
  'PLANNED_BREAK_TOO_LONG',
  'PLANNED_BREAK_RESUME_MISMATCH',
]);

/** The form field a problem names: its `errors[].path` (last segment), else the form's own map of codes. */
export function fieldErrors(problem: ProblemLike | null, fields: readonly string[], codeFields: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  if (!problem) return out;
  for (const e of problem.errors) {
    const segments = e.path.split('.');
    const name = [...segments].reverse().find((s) => fields.includes(s)) ?? (fields.includes(e.path) ? e.path : undefined);
    if (name && out[name] === undefined) out[name] = e.message;
  }
  const byCode = codeFields[problem.code] ?? (DATE_CODES.has(problem.code) ? codeFields['*date'] : undefined);
  if (byCode && out[byCode] === undefined) out[byCode] = problem.detail;
  return out;
}
