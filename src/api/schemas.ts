import { z } from './zod';
import { isIsoDate } from '../domain/dates';
import {
  ALERT_TYPES,
  APPLICATION_STATUSES,
  COMPLETION_CODES,
  CONTACT_OUTCOMES,
  CONTACT_TYPES,
  STATUSES_AT_FOLLOW_UP,
  EXCLUSIONARY_REASONS,
  EXIT_CLOCK_STATES,
  PLANNED_BREAK_REASONS,
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
  .object({
    id: z.string().uuid(),
    ssnLast4: z.string().regex(/^\d{4}$/).openapi({
      description: 'R-PART-1: the last four digits of the SSN, or of the pseudo-SSN when none was given.',
      example: '0577',
    }),
    pseudoSsn: z.boolean().openapi({
      description: 'R-PART-1: true when no SSN was given and a pseudo-SSN was assigned. Neither an SSN nor a pseudo-SSN is ever returned in full.',
      example: true,
    }),
  })
  .strict()
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

// ---- commands on an application ------------------------------------------------------------------
const note = (max = 20_000) => z.string().trim().min(1, 'must not be empty').max(max);
const ActivityCode = z.string().trim().min(1).max(10).openapi({ example: '205' });
const approvedBy = StaffIdSchema.optional().openapi({
  description: 'R-ACT-4: a supervisor who approved backdating 31–90 days (not needed when the caller is a supervisor).',
});

export const ActivityParams = IdParams.extend({ activityId: z.string().min(1).max(100) });
export const BreakParams = IdParams.extend({ breakId: z.string().min(1).max(100) });

export const ParticipationBody = z
  .object({
    participationDate: IsoDateSchema,
    backdateApprovedBy: approvedBy,
    activity: z
      .object({
        code: ActivityCode,
        program: ProgramSchema,
        projectedEndDate: IsoDateSchema,
        caseNote: note(),
        provider: z.string().trim().min(1).max(200).optional(),
      })
      .strict(),
  })
  .strict()
  .openapi('Participation');

export const AddActivityBody = z
  .object({
    code: ActivityCode,
    program: ProgramSchema,
    actualBeginDate: IsoDateSchema.optional(),
    projectedBeginDate: IsoDateSchema.optional(),
    projectedEndDate: IsoDateSchema,
    caseNote: note(),
    provider: z.string().trim().min(1).max(200).optional(),
    backdateApprovedBy: approvedBy,
  })
  .strict()
  .refine((b) => Boolean(b.actualBeginDate) !== Boolean(b.projectedBeginDate), {
    message: 'give exactly one of actualBeginDate or projectedBeginDate',
    path: ['actualBeginDate'],
  })
  .openapi('AddActivity');

export const BeginActivityBody = z
  .object({ actualBeginDate: IsoDateSchema, backdateApprovedBy: approvedBy })
  .strict()
  .openapi('BeginActivity');

export const CloseActivityBody = z
  .object({ actualEndDate: IsoDateSchema, completionCode: z.enum(COMPLETION_CODES), backdateApprovedBy: approvedBy })
  .strict()
  .openapi('CloseActivity');

export const PlannedBreakBody = z
  .object({
    reason: z.enum(PLANNED_BREAK_REASONS),
    resumeDate: IsoDateSchema,
    activityId: z.string().min(1).max(100),
    caseNote: note(),
  })
  .strict()
  .openapi('PlannedBreakRequest');

export const EmptyBody = z.object({}).strict();

export const ClosureBody = z
  .object({
    closureStatus: z.string().trim().min(1).max(100).openapi({ description: 'Accountability closure status' }),
    schoolStatusAtExit: z.string().trim().min(1).max(100).optional(),
    youthPlacement: z.string().trim().min(1).max(100).optional(),
    employment: z
      .object({
        employer: z.string().trim().min(1).max(200),
        naics: z.string().regex(/^\d{2,6}$/, 'NAICS: 2–6 digits').optional(),
        occupation: z.string().trim().min(1).max(200).optional(),
        hourlyWage: z.number().nonnegative().max(10_000).optional(),
        hoursPerWeek: z.number().nonnegative().max(168).optional(),
        startDate: IsoDateSchema.optional(),
      })
      .strict()
      .nullable()
      .optional(),
  })
  .strict()
  .openapi('Closure');

export const ExclusionaryExitBody = z
  .object({
    reason: z.enum(EXCLUSIONARY_REASONS).openapi({ description: 'PIRL 923 code' }),
    exitDate: IsoDateSchema.optional(),
    documentationRef: z.string().trim().min(1).max(200),
    caseNote: note(),
  })
  .strict()
  .openapi('ExclusionaryExit');

export const CaseNoteBody = z
  .object({
    contactDate: IsoDateSchema,
    subject: z.string().trim().min(1).max(200),
    body: note(),
    activityId: z.string().min(1).max(100).optional(),
  })
  .strict()
  .openapi('CaseNote');

export const CaseManagerBody = z.object({ staffId: StaffIdSchema }).strict().openapi('AssignCaseManager');

const PlannedBreakViewSchema = z.object({}).passthrough().openapi('PlannedBreak');
const ActivityViewSchema = z.object({}).passthrough().openapi('Activity');
export const CommandResultSchema = z
  .object({
    application: ApplicationViewSchema,
    activity: ActivityViewSchema.optional(),
    plannedBreak: PlannedBreakViewSchema.optional(),
    caseNote: z.object({ id: z.string(), contactDate: IsoDateSchema, subject: z.string(), activityId: z.string().nullable() }).optional(),
  })
  .openapi('CommandResult');

// ---- lists ---------------------------------------------------------------------------------------
// Explicit OpenAPI type: the generator documents a coerced number defaulting to 0 as `integer | null`.
const PageOffset = z.coerce.number().int().min(0).max(1_000_000).default(0).openapi({ type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 });
export const CaseloadQuery = z
  .object({
    caseManagerId: z.string().min(1).max(64).optional(),
    office: z.string().min(1).max(64).optional(),
    status: z.enum(APPLICATION_STATUSES).optional(),
    softExitBefore: IsoDateSchema.optional(),
    followUpStatus: z.enum(FOLLOW_UP_STATUSES).optional(),
    followUpDueAfter: IsoDateSchema.optional().openapi({ description: 'follow-ups due on or after this date' }),
    followUpDueBefore: IsoDateSchema.optional().openapi({ description: 'follow-ups due on or before this date' }),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: PageOffset,
  })
  .strict();

export const CaseloadPage = z
  .object({
    items: z.array(ApplicationViewSchema),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  })
  .openapi('CaseloadPage');

export const HistoryEntrySchema = z
  .object({ commandId: z.string(), command: z.string(), actorId: z.string(), actorRole: z.string(), at: z.string(), details: z.record(z.string(), z.unknown()) })
  .openapi('HistoryEntry');

export const SandboxAdvanceBody = z
  .object({
    days: z.number().positive().max(3660).optional(),
    until: z.string().datetime({ offset: true }).optional(),
  })
  .strict()
  .refine((b) => (b.days === undefined) !== (b.until === undefined), { message: 'give exactly one of days or until' })
  .openapi('SandboxAdvance');

// ---- follow-ups ----------------------------------------------------------------------------------
const HhMm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:mm').openapi({ example: '10:30' });
export const FollowUpParams = IdParams.extend({ quarter: z.coerce.number().int().min(1).max(4) });

export const ContactAttemptBody = z
  .object({
    date: IsoDateSchema,
    time: HhMm,
    type: z.enum(CONTACT_TYPES),
    outcome: z.enum(CONTACT_OUTCOMES),
    note: z.string().trim().min(1).max(5000).optional(),
  })
  .strict()
  .openapi('ContactAttempt');

export const CompleteFollowUpBody = z
  .object({
    actualDate: IsoDateSchema,
    contactType: z.enum(CONTACT_TYPES),
    workedInQuarter: z.boolean(),
    employers: z
      .array(
        z
          .object({
            name: z.string().trim().min(1).max(200),
            naics: z.string().regex(/^\d{2,6}$/).optional(),
            occupation: z.string().trim().min(1).max(200).optional(),
            hourlyWage: z.number().nonnegative().max(10_000).optional(),
            hoursPerWeek: z.number().nonnegative().max(168).optional(),
          })
          .strict(),
      )
      .max(10)
      .optional(),
    education: z.object({ enrolled: z.boolean(), school: z.string().trim().min(1).max(200).optional() }).strict().optional(),
    youthPlacement: z.string().trim().min(1).max(200).optional(),
    credential: z.string().trim().min(1).max(200).optional(),
    statusAtFollowUp: z.enum(STATUSES_AT_FOLLOW_UP).optional(),
    overrideReason: z.string().trim().min(1).max(1000).optional(),
  })
  .strict()
  .openapi('CompleteFollowUp');

export const DeclineFollowUpsBody = z.object({ date: IsoDateSchema, caseNote: note() }).strict().openapi('DeclineFollowUps');
export const FollowUpResult = z.object({ followUp: z.object({}).passthrough() }).openapi('FollowUpResult');

// ---- alerts --------------------------------------------------------------------------------------
export const AlertsQuery = z
  .object({
    caseManagerId: z.string().min(1).max(64).optional(),
    type: z.enum(ALERT_TYPES).optional(),
    status: z.enum(['open', 'resolved']).default('open'),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    offset: PageOffset,
  })
  .strict();
export const AlertSchema = z
  .object({
    applicationId: z.string(),
    type: z.enum(ALERT_TYPES),
    subjectKey: z.string(),
    status: z.enum(['open', 'resolved']),
    caseManagerId: z.string().nullable(),
    since: IsoDateSchema.nullable(),
    detail: z.record(z.string(), z.unknown()),
    raisedAt: z.string(),
    resolvedAt: z.string().nullable(),
  })
  .openapi('Alert');
