/**
 * Activity codes (R-ACT-1): the catalog's shape and the rules that read it. Pure and dependency-free,
 * so workflow code can use it: the workflow sandbox evaluates every module it imports once per
 * workflow it creates, and a validation library there costs each cache miss and each replay (zod was
 * ~450 KiB of the bundle). Validating a whole agency catalog — at start-up and in the API — is
 * `activity-catalog.ts` (zod), which accepts exactly what {@link isActivityCodeEntry} accepts.
 */
import { ACTIVITY_CATEGORIES, PROGRAMS, TRAINING_TYPES, type ActivityCategory, type Program, type TrainingType } from './enums';
import { DomainError } from './errors';

/** Categories that never move L (R-CLOCK-3); a catalog may not mark them `restartsExitClock`. */
export const NEVER_RESTARTING_CATEGORIES: readonly ActivityCategory[] = ['supportive', 'follow_up', 'planned_break'];

/** An activity code: 2-6 upper-case letters or digits. */
export const ACTIVITY_CODE_PATTERN = /^[A-Z0-9]{2,6}$/;

export interface ActivityCodeEntry {
  code: string;
  title: string;
  category: ActivityCategory;
  restartsExitClock: boolean;
  programs: Program[];
  /** R-ACT-1 (amended): PIRL 1303 type of a `training` code (absent on other categories). */
  trainingType?: TrainingType;
}

export interface ActivityCatalog {
  version?: string;
  source?: string;
  codes: ActivityCodeEntry[];
}

const ENTRY_KEYS = new Set(['code', 'title', 'category', 'restartsExitClock', 'programs', 'trainingType']);

/**
 * Whether `value` is a well-formed catalog entry (the per-entry rules of `ActivityCodeEntrySchema`):
 * exactly the five fields, a code matching {@link ACTIVITY_CODE_PATTERN}, a non-blank title, a known
 * category, a boolean flag and at least one known program.
 */
export function isActivityCodeEntry(value: unknown): value is ActivityCodeEntry {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const e = value as Record<string, unknown>;
  if (!Object.keys(e).every((k) => ENTRY_KEYS.has(k))) return false;
  return (
    typeof e.code === 'string' &&
    ACTIVITY_CODE_PATTERN.test(e.code) &&
    typeof e.title === 'string' &&
    e.title.trim().length > 0 &&
    typeof e.category === 'string' &&
    (ACTIVITY_CATEGORIES as readonly string[]).includes(e.category) &&
    typeof e.restartsExitClock === 'boolean' &&
    Array.isArray(e.programs) &&
    e.programs.length > 0 &&
    e.programs.every((p) => typeof p === 'string' && (PROGRAMS as readonly string[]).includes(p)) &&
    (e.trainingType === undefined || (e.category === 'training' && (TRAINING_TYPES as readonly unknown[]).includes(e.trainingType)))
  );
}

/** The catalog entry for `code`, or undefined. */
export function findCode(catalog: ActivityCatalog, code: string): ActivityCodeEntry | undefined {
  return catalog.codes.find((entry) => entry.code === code);
}

/** The catalog entry for `code`; throws `UNKNOWN_ACTIVITY_CODE` (422). */
export function requireCode(catalog: ActivityCatalog, code: string): ActivityCodeEntry {
  const entry = findCode(catalog, code);
  if (!entry) throw new DomainError('UNKNOWN_ACTIVITY_CODE', `unknown activity code ${code}`, { code });
  return entry;
}

/** F-code (category `follow_up`): the only codes accepted after exit (R-CLOCK-4). */
export function isFollowUpCode(catalog: ActivityCatalog, code: string): boolean {
  return findCode(catalog, code)?.category === 'follow_up';
}

/** Whether closing an activity with this code moves L (R-CLOCK-1); unknown codes never do. */
export function restartsExitClock(catalog: ActivityCatalog, code: string): boolean {
  return findCode(catalog, code)?.restartsExitClock === true;
}

/** Whether the code may be used for the program. */
export function codeAppliesToProgram(entry: ActivityCodeEntry, program: Program): boolean {
  return entry.programs.includes(program);
}
