import { z } from './zod';
import { isIsoDate } from '../domain/dates';
import {
  APPLICATION_STATUSES,
  EXIT_CLOCK_STATES,
  FOLLOW_UP_STATUSES,
  PROGRAMS,
} from '../domain/enums';

/** `YYYY-MM-DD`, a real calendar date. */
export const IsoDateSchema = z
  .string()
  .refine(isIsoDate, { message: 'must be a real calendar date YYYY-MM-DD' })
  .openapi({ type: 'string', format: 'date', example: '2024-01-10' });

export const ProgramSchema = z.enum(PROGRAMS).openapi('Program');
export const IdParams = z.object({ id: z.string().min(1).max(100) });
const nonEmpty = (max: number) => z.string().trim().min(1).max(max);
const StaffIdSchema = nonEmpty(64).openapi({ example: 'S-1042' });

// ---- participants --------------------------------------------------------------------------------
export const CreateParticipantBody = z
  .object({
    firstName: nonEmpty(100),
    lastName: nonEmpty(100),
    birthDate: IsoDateSchema,
    ssn: z
      .string()
      .regex(/^\d{3}-?\d{2}-?\d{4}$/, 'must be 9 digits, optionally as 123-45-6789')
      .optional(),
  })
  .strict()
  .openapi('CreateParticipant');

export const ParticipantCreated = z
  .object({ id: z.string().uuid(), ssnLast4: z.string().nullable(), pseudoSsn: z.string().nullable() })
  .openapi('ParticipantCreated');

// ---- applications --------------------------------------------------------------------------------
export const CreateApplicationBody = z
  .object({
    participantId: z.string().uuid(),
    programs: z.array(ProgramSchema).min(1).max(PROGRAMS.length)
      .refine((p) => new Set(p).size === p.length, 'programs must not repeat'),
    eligibilityDate: IsoDateSchema,
    office: nonEmpty(64).openapi({ example: 'LA-2703' }),
    caseManagerId: StaffIdSchema.optional(),
  })
  .strict()
  .openapi('CreateApplication');

const nullableDate = IsoDateSchema.nullable();
export const ApplicationViewSchema = z
  .object({
    id: z.string(),
    participantId: z.string(),
    programs: z.array(ProgramSchema),
    office: z.string(),
    caseManagerId: z.string().nullable(),
    status: z.enum(APPLICATION_STATUSES),
    eligibilityDate: IsoDateSchema,
    participationDate: nullableDate,
    lastServiceDate: nullableDate,
    exitClock: z.object({
      state: z.enum(EXIT_CLOCK_STATES),
      softExitDate: nullableDate,
      softExitAt: z.string().datetime().nullable(),
      daysRemaining: z.number().int().nullable(),
    }),
    plannedBreak: z.object({}).passthrough().nullable(),
    activities: z.array(z.object({}).passthrough()),
    closure: z.object({}).passthrough().nullable(),
    exit: z
      .object({
        type: z.enum(['soft', 'exclusionary']),
        exitDate: IsoDateSchema,
        exitedAt: z.string().datetime(),
        reason: z.string().optional(),
      })
      .nullable(),
    followUps: z.array(
      z.object({
        quarter: z.number().int(),
        periodStart: IsoDateSchema,
        periodEnd: IsoDateSchema,
        dueDate: IsoDateSchema,
        status: z.enum(FOLLOW_UP_STATUSES),
        contactAttempts: z.array(z.object({}).passthrough()),
        completedOn: IsoDateSchema.optional(),
      }),
    ),
    version: z.number().int(),
    createdAt: z.string().datetime(),
    updatedAt: z.string().datetime(),
  })
  .openapi('ApplicationView');
