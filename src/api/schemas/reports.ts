/** Query and response schemas of the timeliness report (R-TIMELY-3). */
import { z } from '../zod';
import { plainString } from '../text';
import { IsoDateSchema, queryInt } from '../schemas';
import { REPORT_PROGRAMS } from '../../domain/reporting';

export const TimelinessReportQuery = z
  .object({
    from: IsoDateSchema.openapi({ description: 'First day of entry (agency-local), inclusive; after `to` is a 422 INVALID_DATE_RANGE' }),
    to: IsoDateSchema.openapi({ description: 'Last day of entry (agency-local), inclusive' }),
    office: plainString(64).optional(),
  })
  .strict();
// from ≤ to is a rule over two fields, which the document cannot state: the route answers 422
// INVALID_DATE_RANGE (not a 400 for a request the schema accepts).

const Counts = {
  entries: z.number().int(),
  lateEntries: z.number().int(),
  onTimeRate: z.number().min(0).max(1).openapi({ description: '(entries − late entries) / entries' }),
};

export const TimelinessReport = z
  .object({
    from: IsoDateSchema,
    to: IsoDateSchema,
    office: z.string().nullable(),
    items: z.array(
      z.object({
        staffId: z.string(),
        ...Counts,
        byKind: z.record(z.string(), z.object({ entries: z.number().int(), lateEntries: z.number().int() })),
      }),
    ),
    total: z.object(Counts),
  })
  .openapi('TimelinessReport');

// ---- §10 federal performance reporting (R-RPT-7 … R-RPT-9) -------------------------------------------
const Period = z
  .string()
  .regex(/^PY20\d{2}(Q[1-4])?$/, 'period: PY<year> or PY<year>Q<1-4>')
  .openapi({
    description:
      'The quarterly report `PY<year>Q<n>` (rolling four quarters, e.g. PY2025Q2) or the annual report `PY<year>` (the cohorts of PY<year>Q4). Anything else → 400 INVALID_PERIOD',
    example: 'PY2025Q2',
  });
const Office = plainString(64).optional().openapi({ description: 'One office (default: every office the caller may see)' });

export const PerformanceReportQuery = z
  .object({
    period: Period,
    program: z.enum(REPORT_PROGRAMS).openapi({ description: 'The WIOA Title I program reported on' }),
    office: Office,
  })
  .strict();

const Range = z.object({ from: IsoDateSchema, to: IsoDateSchema });
const Ratio = z.object({
  numerator: z.number().int(),
  denominator: z.number().int(),
  rate: z.number().min(0).max(1).nullable().openapi({ description: 'numerator ÷ denominator to 4 decimals; null when the denominator is 0' }),
});

export const PerformanceReport = z
  .object({
    period: z.string(),
    program: z.enum(REPORT_PROGRAMS),
    office: z.string().nullable(),
    reportQuarter: z.object({ start: IsoDateSchema, end: IsoDateSchema }),
    cohorts: z.object({ served: Range, exited: Range, employmentQ2: Range, employmentQ4: Range, credential: Range, skillGains: Range }),
    indicators: z.object({
      participantsServed: z.object({ count: z.number().int() }),
      participantsExited: z.object({ count: z.number().int() }),
      employmentRateQ2: Ratio,
      employmentRateQ4: Ratio,
      credentialRate: Ratio,
      measurableSkillGains: Ratio,
      retentionWithSameEmployer: Ratio,
      medianEarningsQ2: z.object({
        value: z.number().nullable().openapi({ description: 'dollars to the cent; null when no earnings are known' }),
        count: z.number().int().openapi({ description: 'periods employed in Q2 whose earnings are known' }),
      }),
    }),
  })
  .openapi('PerformanceReport');

export const PirlExportQuery = z.object({ period: Period, office: Office }).strict();

export const DataQualityQuery = z
  .object({
    period: Period,
    office: Office,
    limit: queryInt(1, 500).default(100).openapi({ type: 'integer', minimum: 1, maximum: 500, default: 100 }),
    offset: queryInt(0, 1_000_000).default(0).openapi({ type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 }),
  })
  .strict();

export const DataQualityReport = z
  .object({
    period: z.string(),
    items: z.array(
      z.object({
        applicationId: z.string(),
        element: z.string().openapi({ description: 'PIRL element number, e.g. 1602' }),
        code: z
          .enum(['FOLLOW_UP_OPEN', 'EARNINGS_MISSING', 'EMPLOYER_ID_MISSING', 'TRAINING_TYPE_MISSING', 'NO_SSN_FOR_WAGE_MATCH'])
          .openapi({ description: 'NO_SSN_FOR_WAGE_MATCH (R-WAGE-6): a pseudo-SSN participant, listed once wage records are in use' }),
        detail: z.string(),
      }),
    ),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  })
  .openapi('DataQualityReport');
