/**
 * R-IMP-1: one line of an import file (NDJSON, one legacy case per line) and the import's answer. The
 * line reuses the API's own schemas (participant, application, dates, programs, codes), so a line is
 * checked as the API checks the same data.
 */
import { z } from '../zod';
import { plainString, trimmedText } from '../text';
import { COMPLETION_CODES, EDUCATION_AT_PARTICIPATION, PLANNED_BREAK_REASONS } from '../../domain/enums';
import { CreateApplicationBody, CreateParticipantBody, IsoDateSchema, ProgramSchema } from '../schemas';

const Ref = plainString(64).openapi({ description: "The line's own name for the activity (plannedBreak.activityRef names it)" });

const ImportActivity = z
  .object({
    ref: Ref,
    code: trimmedText(10).openapi({ example: '205' }),
    program: ProgramSchema,
    actualBeginDate: IsoDateSchema.optional(),
    projectedBeginDate: IsoDateSchema.optional(),
    projectedEndDate: IsoDateSchema,
    actualEndDate: IsoDateSchema.optional(),
    completionCode: z.enum(COMPLETION_CODES).optional(),
  })
  .strict()
  .refine((a) => a.actualEndDate === undefined || a.completionCode !== undefined, {
    message: 'a closed activity (actualEndDate) needs its completionCode',
    path: ['completionCode'],
  })
  .refine((a) => a.completionCode === undefined || a.actualEndDate !== undefined, {
    message: 'completionCode is only for a closed activity (actualEndDate)',
    path: ['actualEndDate'],
  });

export const ImportLineSchema = z
  .object({
    externalId: plainString(200).openapi({ description: "The case's id in the legacy system: the import's key (importing it again creates nothing)" }),
    participant: CreateParticipantBody,
    application: CreateApplicationBody.omit({ participantId: true }).extend({
      participationDate: IsoDateSchema,
      educationAtParticipation: z.enum(EDUCATION_AT_PARTICIPATION).optional(),
    }),
    activities: z.array(ImportActivity).min(1).max(500),
    plannedBreak: z
      .object({ reason: z.enum(PLANNED_BREAK_REASONS), resumeDate: IsoDateSchema, activityRef: Ref, approvedBy: trimmedText(64) })
      .strict()
      .optional(),
    caseNotes: z
      .array(z.object({ contactDate: IsoDateSchema, subject: trimmedText(200), body: trimmedText(20_000) }).strict())
      .max(1_000)
      .optional(),
  })
  .strict()
  .openapi('ImportLine');
export type ImportLine = z.infer<typeof ImportLineSchema>;

export const ImportQuery = z
  .object({
    dryRun: z.enum(['true', 'false']).default('false').openapi({ description: 'true: check every line, create nothing' }),
  })
  .strict();

const ImportErrorSchema = z
  .object({
    line: z.number().int().openapi({ description: '1-based line of the file' }),
    externalId: z.string().nullable(),
    field: z.string().openapi({ description: 'Path in the line, e.g. `activities[2].actualEndDate`; `(line)` for the line as a whole' }),
    code: z.string().openapi({ example: 'PLANNED_BREAK_TOO_LONG' }),
    detail: z.string(),
  })
  .openapi('ImportError');

export const ImportSummarySchema = z
  .object({
    dryRun: z.boolean(),
    lines: z.number().int().openapi({ description: 'Non-blank lines read' }),
    created: z.number().int().openapi({ description: 'Cases created (in a dry run: that would be created)' }),
    skipped: z.number().int().openapi({ description: 'Lines whose externalId was already imported (or repeated in the file)' }),
    failed: z.number().int(),
    errors: z.array(ImportErrorSchema),
  })
  .openapi('ImportSummary');

export const IMPORT_MEDIA_TYPE = 'application/x-ndjson';
export const IMPORT_BODY_LIMIT = '50mb';
