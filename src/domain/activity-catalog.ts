/**
 * Validation of a whole activity-code catalog (R-ACT-1) with zod, and the sample catalog shipped with
 * the service. Used at start-up (ACTIVITY_CATALOG_PATH), by the API and by tools — never by workflow
 * code, which uses the dependency-free `activity-codes.ts`.
 */
import { z } from 'zod';
import defaultCatalogJson from './data/activity-codes.json';
import { ACTIVITY_CATEGORIES, PROGRAMS, TRAINING_TYPES } from './enums';
import { DomainError } from './errors';
import { ACTIVITY_CODE_PATTERN, NEVER_RESTARTING_CATEGORIES, type ActivityCatalog, type ActivityCodeEntry } from './activity-codes';

export const ActivityCodeEntrySchema = z.strictObject({
  code: z.string().regex(ACTIVITY_CODE_PATTERN, 'code: 2-6 upper-case letters or digits'),
  title: z.string().trim().min(1),
  category: z.enum(ACTIVITY_CATEGORIES),
  restartsExitClock: z.boolean(),
  programs: z.array(z.enum(PROGRAMS)).min(1),
  trainingType: z.enum(TRAINING_TYPES).optional(),
}) satisfies z.ZodType<ActivityCodeEntry>;

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
      if (entry.trainingType !== undefined && entry.category !== 'training') {
        ctx.addIssue({ code: 'custom', path: ['codes', i, 'trainingType'], message: 'only training codes carry a PIRL 1303 training type (R-ACT-1)' });
      }
      if (entry.restartsExitClock && NEVER_RESTARTING_CATEGORIES.includes(entry.category)) {
        ctx.addIssue({
          code: 'custom',
          path: ['codes', i, 'restartsExitClock'],
          message: `${entry.category} codes never restart the exit clock (R-CLOCK-3)`,
        });
      }
    });
  }) satisfies z.ZodType<ActivityCatalog>;

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
