import { documents, z } from './zod';
import type { PlannedBreakView } from '../domain/planned-breaks';
import type { ActivityView } from '../domain/activity-rules';
import { plainString, trimmedText } from './text';
import { isIsoDate } from '../domain/dates';
import { BACKDATE_FREE_DAYS, BACKDATE_MAX_DAYS } from '../domain/backdating';
import { FOLLOW_UP_QUARTER_NUMBERS } from '../domain/quarters';
import { TIMELY_BUSINESS_DAYS } from '../domain/timeliness';
import {
  ACTIVITY_STATUSES,
  ALERT_STATUSES,
  ALERT_TYPES,
  APPLICATION_STATUSES,
  COMPLETION_CODES,
  CONTACT_OUTCOMES,
  CONTACT_TYPES,
  STATUSES_AT_FOLLOW_UP,
  EXCLUSIONARY_REASONS,
  EXIT_CLOCK_STATES,
  EXIT_TYPES,
  PLANNED_BREAK_REASONS,
  PLANNED_BREAK_STATUSES,
  FOLLOW_UP_STATUSES,
  PROGRAMS,
  EMPLOYMENT_TYPES,
  FOLLOW_UP_EDUCATION_TYPES,
  TRAINING_TYPES,
  YOUTH_PLACEMENT_CODES,
  EDUCATION_AT_PARTICIPATION,
} from '../domain/enums';
import { AssessmentViewSchema, PlanViewSchema } from './schemas/plan-view';
import { CredentialViewSchema, SkillGainViewSchema } from './schemas/outcome-views';
import type { ApplicationView } from '../workflows/application/contract';

/**
 * `YYYY-MM-DD`, a real calendar date in the years 1000–9999 (R-TIME-1; `isIsoDate` refuses years
 * below 1000). The pattern states the year bound, `format: date` the calendar.
 */
const ISO_DATE_PATTERN = '^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$';
export const IsoDateSchema = z
  .string()
  .refine(isIsoDate, { message: 'must be a real calendar date YYYY-MM-DD' })
  .openapi({ format: 'date', pattern: ISO_DATE_PATTERN, example: '2024-01-10' });

/**
 * R-PART-1: an SSN the SSA issues (area not 000, 666 or 9xx; group not 00; serial not 0000), written
 * `ddd-dd-dddd` or `ddddddddd`. The zod regex is the loose shape; the service refuses the rest with
 * 400 INVALID_SSN (without echoing the value). The document states the exact rule.
 */
const SSN_AREA = '(00[1-9]|0[1-9][0-9]|[1-5][0-9]{2}|6[0-5][0-9]|66[0-57-9]|6[7-9][0-9]|[78][0-9]{2})';
const SSN_GROUP = '(0[1-9]|[1-9][0-9])';
const SSN_SERIAL = '(000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})';
const SSN_PATTERN = `^(${SSN_AREA}-${SSN_GROUP}-${SSN_SERIAL}|${SSN_AREA}${SSN_GROUP}${SSN_SERIAL})$`;

/**
 * A query or path integer: decimal digits only (an empty `offset=` or `1e2` is a 400, not 0 or 100).
 */
export const queryInt = (min: number, max: number) =>
  z.preprocess((v) => (typeof v === 'string' && !/^[0-9]+$/.test(v) ? Number.NaN : v), z.coerce.number().int().min(min).max(max));

export const ProgramSchema = z.enum(PROGRAMS).openapi('Program');
export const IdParams = z.object({ id: plainString(100) });
const nonEmpty = (max: number) => trimmedText(max);
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
      .openapi({ pattern: SSN_PATTERN, example: '123-45-6789' })
      .optional(),
  })
  .strict()
  .openapi('CreateParticipant');

export const ParticipantCreated = z
  .object({
    id: z.string().uuid(),
    ssnLast4: z
      .string()
      .regex(/^\d{4}$/)
      .openapi({
        description: 'R-PART-1: the last four digits of the SSN, or of the pseudo-SSN when none was given.',
        example: '0577',
      }),
    pseudoSsn: z.boolean().openapi({
      description: 'R-PART-1: true when no SSN was given and a pseudo-SSN was assigned. Neither an SSN nor a pseudo-SSN is ever returned in full.',
      example: true,
    }),
    pirlId: z
      .string()
      .regex(/^[0-9A-Z]{12}$/)
      .openapi({
        description:
          "R-RPT-8: PIRL 100, the participant's unique identifier in federal reports: 12 characters, random (derived from neither SSN nor birth date), stable across applications.",
        example: '7K2Q9X4M1B8Z',
      }),
  })
  .strict()
  .openapi('ParticipantCreated');

// ---- applications --------------------------------------------------------------------------------
/** R-RPT-4: PIRL 1401 (`secondary`: enrolled at or above 9th grade, no diploma) / 1332 (`postsecondary`), or `none`. */
const EducationAtParticipationSchema = z.enum(EDUCATION_AT_PARTICIPATION).openapi({ description: 'R-RPT-4: education at participation (default none)' });

export const CreateApplicationBody = z
  .object({
    participantId: z.string().uuid(),
    programs: z
      .array(ProgramSchema)
      .min(1)
      .max(PROGRAMS.length)
      .refine((p) => new Set(p).size === p.length, 'programs must not repeat')
      .openapi({ uniqueItems: true }),
    eligibilityDate: IsoDateSchema,
    office: nonEmpty(64).openapi({ example: 'LA-2703' }),
    caseManagerId: StaffIdSchema.optional(),
    educationAtParticipation: EducationAtParticipationSchema.optional(),
  })
  .strict()
  .openapi('CreateApplication');

export const EducationAtParticipationBody = z.object({ educationAtParticipation: EducationAtParticipationSchema }).strict().openapi('EducationAtParticipation');

// ---- views ---------------------------------------------------------------------------------------
const instant = z.string().datetime();
/** R-TIMELY-1/2: `enteredOn` (agency-local) and `late` of an entry (absent on entries recorded before them). */
const timeliness = (what: string) => ({
  enteredOn: IsoDateSchema.optional().openapi({ description: `R-TIMELY-1: the agency-local date ${what} was entered` }),
  late: z
    .boolean()
    .optional()
    .openapi({ description: `R-TIMELY-1/2: ${what} was entered more than ${TIMELY_BUSINESS_DAYS} business days after the date it describes` }),
});
const TimedEntrySchema = z.object({ datedOn: IsoDateSchema, enteredOn: IsoDateSchema, late: z.boolean(), enteredBy: z.string() }).openapi('TimedEntry');
export const ActivityViewSchema = documents<ActivityView>()(
  z
    .object({
      id: z.string(),
      code: z.string(),
      title: z.string(),
      category: z.string(),
      program: ProgramSchema,
      status: z.enum(ACTIVITY_STATUSES),
      actualBeginDate: IsoDateSchema.nullable(),
      projectedBeginDate: IsoDateSchema.nullable(),
      projectedEndDate: IsoDateSchema.nullable(),
      actualEndDate: IsoDateSchema.nullable(),
      completionCode: z.enum(COMPLETION_CODES).nullable(),
      provider: z.string().nullable(),
      restartsExitClock: z.boolean(),
      trainingType: z.enum(TRAINING_TYPES).optional().openapi({ description: 'R-ACT-1: PIRL 1303 type of a training service, from the catalog entry' }),
      createdBy: z.string(),
      createdAt: instant,
      ...timeliness('its latest dated entry (actual begin, then close)'),
      entries: z.object({ begin: TimedEntrySchema.optional(), close: TimedEntrySchema.optional() }).optional(),
    })
    .passthrough()
    .openapi('Activity'),
);
const PlannedBreakViewSchema = documents<PlannedBreakView>()(
  z
    .object({
      id: z.string(),
      status: z.enum(PLANNED_BREAK_STATUSES),
      reason: z.enum(PLANNED_BREAK_REASONS),
      resumeDate: IsoDateSchema,
      activityId: z.string(),
      requestedBy: z.string(),
      requestedAt: instant,
      approvedBy: z.string().nullable(),
      approvedAt: instant.nullable(),
    })
    .passthrough()
    .openapi('PlannedBreak'),
);

const nullableDate = IsoDateSchema.nullable();

export const ApplicationViewSchema = documents<ApplicationView>()(
  z
    .object({
      id: z.string(),
      participantId: z.string(),
      programs: z.array(ProgramSchema),
      office: z.string(),
      caseManagerId: z.string().nullable(),
      status: z.enum(APPLICATION_STATUSES),
      eligibilityDate: IsoDateSchema,
      participationDate: nullableDate,
      educationAtParticipation: z
        .enum(EDUCATION_AT_PARTICIPATION)
        .optional()
        .openapi({ description: 'R-RPT-4 (absent from views projected before it existed: none)' }),
      lastServiceDate: nullableDate,
      exitClock: z.object({
        state: z.enum(EXIT_CLOCK_STATES),
        softExitDate: nullableDate,
        softExitAt: z.string().datetime().nullable(),
        daysRemaining: z.number().int().nullable(),
      }),
      plannedBreak: PlannedBreakViewSchema.nullable(),
      activities: z.array(ActivityViewSchema),
      closure: z.object({}).passthrough().nullable(),
      exit: z
        .object({
          type: z.enum(EXIT_TYPES),
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
          completion: z
            .object({
              actualDate: IsoDateSchema,
              workedInQuarter: z.boolean(),
              employers: z.array(z.object({}).passthrough()).openapi({ description: 'schema FollowUpEmployer' }),
              education: z.object({}).passthrough().optional().openapi({ description: 'schema FollowUpEducation' }),
              youthPlacementCode: z.enum(YOUTH_PLACEMENT_CODES).optional(),
            })
            .passthrough()
            .optional(),
          ...timeliness('the completion'),
        }),
      ),
      assessment: AssessmentViewSchema,
      plans: z.array(PlanViewSchema),
      changeRequests: z
        .array(z.object({}).passthrough())
        .optional()
        .openapi({ description: 'R-DCR-1: the data change requests (schema ChangeRequest), oldest first' }),
      credentials: z.array(CredentialViewSchema),
      skillGains: z.array(SkillGainViewSchema),
      version: z.number().int(),
      createdAt: z.string().datetime(),
      updatedAt: z.string().datetime(),
    })
    .openapi('ApplicationView'),
);

// ---- commands on an application ------------------------------------------------------------------
const note = (max = 20_000) => trimmedText(max);
const ActivityCode = trimmedText(10).openapi({ example: '205' });
const approvedBy = StaffIdSchema.optional().openapi({
  description: `R-ACT-4: a supervisor who approved backdating ${BACKDATE_FREE_DAYS + 1}–${BACKDATE_MAX_DAYS} days (not needed when the caller is a supervisor).`,
});

export const ActivityParams = IdParams.extend({ activityId: plainString(100) });
export const BreakParams = IdParams.extend({ breakId: plainString(100) });

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
        provider: trimmedText(200).optional(),
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
    provider: trimmedText(200).optional(),
    backdateApprovedBy: approvedBy,
  })
  .strict()
  .refine((b) => Boolean(b.actualBeginDate) !== Boolean(b.projectedBeginDate), {
    message: 'give exactly one of actualBeginDate or projectedBeginDate',
    path: ['actualBeginDate'],
  })
  .openapi('AddActivity', {
    description: 'Exactly one of actualBeginDate (the activity has begun) or projectedBeginDate (a future activity).',
    oneOf: [{ required: ['actualBeginDate'] }, { required: ['projectedBeginDate'] }],
  });

export const BeginActivityBody = z.object({ actualBeginDate: IsoDateSchema, backdateApprovedBy: approvedBy }).strict().openapi('BeginActivity');

export const CloseActivityBody = z
  .object({ actualEndDate: IsoDateSchema, completionCode: z.enum(COMPLETION_CODES), backdateApprovedBy: approvedBy })
  .strict()
  .openapi('CloseActivity');

export const PlannedBreakBody = z
  .object({
    reason: z.enum(PLANNED_BREAK_REASONS),
    resumeDate: IsoDateSchema,
    activityId: plainString(100),
    caseNote: note(),
  })
  .strict()
  .openapi('PlannedBreakRequest');

export const EmptyBody = z.object({}).strict();

export const ClosureBody = z
  .object({
    closureStatus: trimmedText(100).openapi({ description: 'Accountability closure status' }),
    schoolStatusAtExit: trimmedText(100).optional(),
    youthPlacement: trimmedText(100).optional(),
    employment: z
      .object({
        employer: trimmedText(200),
        naics: z
          .string()
          .regex(/^\d{2,6}$/, 'NAICS: 2–6 digits')
          .optional(),
        occupation: trimmedText(200).optional(),
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
    documentationRef: trimmedText(200),
    caseNote: note(),
  })
  .strict()
  .openapi('ExclusionaryExit');

export const CaseNoteBody = z
  .object({
    contactDate: IsoDateSchema,
    subject: trimmedText(200),
    body: note(),
    activityId: plainString(100).optional(),
  })
  .strict()
  .openapi('CaseNote');

export const CaseManagerBody = z.object({ staffId: StaffIdSchema }).strict().openapi('AssignCaseManager');

export const CommandResultSchema = z
  .object({
    application: ApplicationViewSchema,
    activity: ActivityViewSchema.optional(),
    plannedBreak: PlannedBreakViewSchema.optional(),
    caseNote: z
      .object({ id: z.string(), contactDate: IsoDateSchema, subject: z.string(), activityId: z.string().nullable(), ...timeliness('the case note') })
      .optional(),
  })
  .openapi('CommandResult');

// ---- lists ---------------------------------------------------------------------------------------
// Explicit OpenAPI type: the generator documents a coerced number defaulting to 0 as `integer | null`.
const PageOffset = queryInt(0, 1_000_000).default(0).openapi({ type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 });
export const CaseloadQuery = z
  .object({
    caseManagerId: plainString(64).optional(),
    office: plainString(64).optional(),
    status: z.enum(APPLICATION_STATUSES).optional(),
    softExitBefore: IsoDateSchema.optional(),
    followUpStatus: z.enum(FOLLOW_UP_STATUSES).optional(),
    followUpDueAfter: IsoDateSchema.optional().openapi({ description: 'follow-ups due on or after this date' }),
    followUpDueBefore: IsoDateSchema.optional().openapi({ description: 'follow-ups due on or before this date' }),
    groupId: z.uuid().optional().openapi({ description: "R-GRP-3: the cases of this case management group's office whose case manager is a member" }),
    q: plainString(64)
      .optional()
      .openapi({ description: "R-UI-3: the participant's last name starts with this (case-insensitive), or the participant's PIRL id is exactly this" }),
    program: ProgramSchema.optional().openapi({ description: 'R-UI-3: applications to this program' }),
    limit: queryInt(1, 200).default(50).openapi({ type: 'integer', minimum: 1, maximum: 200, default: 50 }),
    offset: PageOffset,
  })
  .strict();

/** R-UI-3: a caseload row names its participant, so a list of cases needs no read per row. */
const CaseloadItemSchema = ApplicationViewSchema.extend({
  participant: z.object({ firstName: z.string(), lastName: z.string(), pirlId: z.string() }),
}).openapi('CaseloadItem');

export const CaseloadPage = z
  .object({
    items: z.array(CaseloadItemSchema),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  })
  .openapi('CaseloadPage');

export const HistoryEntrySchema = z
  .object({
    commandId: z.string(),
    command: z.string(),
    actorId: z.string(),
    actorRole: z.string(),
    at: z.string(),
    details: z.record(z.string(), z.unknown()),
  })
  .openapi('HistoryEntry');

export const SandboxAdvanceBody = z
  .object({
    days: z.number().positive().max(3660).optional(),
    until: z.string().datetime({ offset: true }).optional(),
  })
  .strict()
  .refine((b) => (b.days === undefined) !== (b.until === undefined), { message: 'give exactly one of days or until' })
  .openapi('SandboxAdvance', {
    description: 'Exactly one of days or until.',
    oneOf: [{ required: ['days'] }, { required: ['until'] }],
  });

// ---- follow-ups ----------------------------------------------------------------------------------
const HhMm = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:mm')
  .openapi({ example: '10:30' });
const [FIRST_QUARTER, LAST_QUARTER] = [Math.min(...FOLLOW_UP_QUARTER_NUMBERS), Math.max(...FOLLOW_UP_QUARTER_NUMBERS)];
export const FollowUpParams = IdParams.extend({
  quarter: queryInt(FIRST_QUARTER, LAST_QUARTER).openapi({ type: 'integer', minimum: FIRST_QUARTER, maximum: LAST_QUARTER }),
});

export const ContactAttemptBody = z
  .object({
    date: IsoDateSchema,
    time: HhMm,
    type: z.enum(CONTACT_TYPES),
    outcome: z.enum(CONTACT_OUTCOMES),
    note: trimmedText(5000).optional(),
  })
  .strict()
  .openapi('ContactAttempt');

/** R-FU-4 (amended): an employer at a follow-up; §10 reads employmentType, employerId and quarterlyEarnings. */
const FollowUpEmployerSchema = z
  .object({
    name: trimmedText(200),
    naics: z
      .string()
      .regex(/^\d{2,6}$/)
      .optional(),
    occupation: trimmedText(200).optional(),
    hourlyWage: z.number().nonnegative().max(10_000).optional(),
    hoursPerWeek: z.number().nonnegative().max(168).optional(),
    employmentType: z.enum(EMPLOYMENT_TYPES).optional().openapi({ description: 'PIRL 1600–1606 code 1, 2 or 3 (default unsubsidized)' }),
    employerId: z
      .string()
      .regex(/^\d{9}$/, 'employerId: the 9-digit FEIN')
      .optional(),
    quarterlyEarnings: z
      .number()
      .nonnegative()
      .max(10_000_000)
      .optional()
      .openapi({ description: 'dollars earned in the quarter; absent: hourly wage × hours per week × 13' }),
  })
  .strict()
  .openapi('FollowUpEmployer');

const FollowUpEducationSchema = z
  .object({
    enrolled: z.boolean(),
    school: trimmedText(200).optional(),
    type: z.enum(FOLLOW_UP_EDUCATION_TYPES).optional(),
    leadsToRecognizedCredential: z.boolean().optional().openapi({ description: 'R-CRED-4: leads to a recognized postsecondary credential' }),
  })
  .strict()
  .openapi('FollowUpEducation');

export const CompleteFollowUpBody = z
  .object({
    actualDate: IsoDateSchema,
    contactType: z.enum(CONTACT_TYPES),
    workedInQuarter: z.boolean(),
    employers: z.array(FollowUpEmployerSchema).max(10).optional(),
    education: FollowUpEducationSchema.optional(),
    youthPlacement: trimmedText(200).optional(),
    youthPlacementCode: z
      .enum(YOUTH_PLACEMENT_CODES)
      .optional()
      .openapi({ description: 'PIRL 1900/1901: 1 occupational skills training, 2 postsecondary, 3 secondary, 0 none' }),
    credential: trimmedText(200).optional(),
    statusAtFollowUp: z.enum(STATUSES_AT_FOLLOW_UP).optional(),
    overrideReason: trimmedText(1000).optional(),
  })
  .strict()
  .openapi('CompleteFollowUp');

export const DeclineFollowUpsBody = z.object({ date: IsoDateSchema, caseNote: note() }).strict().openapi('DeclineFollowUps');
export const FollowUpResult = z.object({ followUp: z.object({}).passthrough() }).openapi('FollowUpResult');

// ---- alerts --------------------------------------------------------------------------------------
export const AlertsQuery = z
  .object({
    caseManagerId: plainString(64).optional(),
    type: z.enum(ALERT_TYPES).optional(),
    status: z.enum(ALERT_STATUSES).default('open'),
    groupId: z.uuid().optional().openapi({ description: "R-GRP-3: alerts of the cases of this case management group's office whose case manager is a member" }),
    limit: queryInt(1, 500).default(100).openapi({ type: 'integer', minimum: 1, maximum: 500, default: 100 }),
    offset: PageOffset,
  })
  .strict();
export const AlertSchema = z
  .object({
    applicationId: z.string(),
    type: z.enum(ALERT_TYPES),
    subjectKey: z.string(),
    status: z.enum(ALERT_STATUSES),
    caseManagerId: z.string().nullable(),
    since: IsoDateSchema.nullable(),
    detail: z.record(z.string(), z.unknown()),
    raisedAt: z.string(),
    resolvedAt: z.string().nullable(),
  })
  .openapi('Alert');
