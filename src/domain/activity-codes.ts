/**
 * Activity-code catalog (R-ACT-1): data, not code.
 *
 * The shipped sample lives in `data/activity-codes.json`; an agency file with the same shape can be
 * validated with {@link loadActivityCatalog}. The catalog is plain JSON so it can also be passed
 * into a workflow as input.
 */
import { z } from 'zod';
import defaultCatalogJson from './data/activity-codes.json';
import { ACTIVITY_CATEGORIES, PROGRAMS, type ActivityCategory, type Program } from './enums';
import { DomainError } from './errors';

/** Categories that never move L (R-CLOCK-3); the schema refuses `restartsExitClock: true` for them. */
export const NEVER_RESTARTING_CATEGORIES: readonly ActivityCategory[] = ['supportive', 'follow_up', 'planned_break'];

export const ActivityCodeEntrySchema = z.strictObject({
  code: z.string().regex(/^[A-Z0-9]{2,6}$/, 'code: 2-6 upper-case letters or digits'),
  title: z.string().trim().min(1),
  category: z.enum(ACTIVITY_CATEGORIES),
  restartsExitClock: z.boolean(),
  programs: z.array(z.enum(PROGRAMS)).min(1),
});

export const ActivityCatalogSchema = z
  .object({
    version: z.string().min(1).optional(),
    source: z.string().optional(),
    codes: z.array(ActivityCodeEntrySchema).min(1),
  })
  .superRefine((catalog, ctx) => {
    const seen = new Set<string>();
    catalog.codes.forEach((entry, i) => {
      if (seen.has(entry.code)) {
        ctx.addIssue({ code: 'custom', path: ['codes', i, 'code'], message: `duplicate code ${entry.code}` });
      }
      seen.add(entry.code);
      if (entry.restartsExitClock && NEVER_RESTARTING_CATEGORIES.includes(entry.category)) {
        ctx.addIssue({
          code: 'custom',
          path: ['codes', i, 'restartsExitClock'],
          message: `${entry.category} codes never restart the exit clock (R-CLOCK-3)`,
        });
      }
    });
  });

export type ActivityCodeEntry = z.infer<typeof ActivityCodeEntrySchema>;
export type ActivityCatalog = z.infer<typeof ActivityCatalogSchema>;

/**
 * Validate an agency-provided catalog (parsed JSON). Throws `INVALID_ACTIVITY_CATALOG` (400) with
 * the first issues listed in the message.
 */
export function loadActivityCatalog(json: unknown): ActivityCatalog {
  const result = ActivityCatalogSchema.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw new DomainError('INVALID_ACTIVITY_CATALOG', `invalid activity catalog: ${issues}`, {
      issueCount: result.error.issues.length,
    });
  }
  return result.data;
}

/** The sample catalog shipped with the service (R-ACT-1). */
export const defaultActivityCatalog: ActivityCatalog = loadActivityCatalog(defaultCatalogJson);

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
