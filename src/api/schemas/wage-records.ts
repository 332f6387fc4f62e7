/** SPEC §14 wage records: the loader's answer (R-WAGE-1), coverage (R-WAGE-2), one case (R-WAGE-7), the match request (R-WAGE-6). */
import { TYPES_OF_MATCH } from '../../domain/wages';
import { z } from '../zod';

const QUARTER_PATTERN = /^\d{4}Q[1-4]$/;
const Quarter = z.string().regex(QUARTER_PATTERN, 'a calendar quarter YYYYQn (n 1–4)').openapi({ example: '2024Q3' });

export const WageLoadQuery = z
  .object({
    dryRun: z.enum(['true', 'false']).default('false').openapi({ description: 'true: check and match every row, keep nothing' }),
  })
  .strict();

export const WageLoadSummarySchema = z
  .object({
    dryRun: z.boolean(),
    rows: z.number().int().openapi({ description: 'Rows read (the header and blank lines not counted)' }),
    matched: z.number().int().openapi({ description: 'Valid rows whose SSN is a participant’s (kept; in a dry run: would be kept)' }),
    unmatched: z.number().int().openapi({ description: 'Valid rows of people who are not participants (never kept)' }),
    replaced: z
      .number()
      .int()
      .openapi({ description: 'Matched rows that replace one kept before (same participant, year, quarter, FEIN, source) or repeated later in the file' }),
    failed: z.number().int().openapi({ description: 'Malformed rows (each fails alone)' }),
    errors: z
      .array(z.object({ line: z.number().int(), field: z.string(), code: z.string().openapi({ example: 'INVALID_WAGES' }) }))
      .openapi({ description: 'The malformed rows by line (the first 1,000; `failed` counts them all)' }),
    quarters: z.array(Quarter).openapi({ description: 'The calendar quarters of the valid rows, oldest first' }),
  })
  .openapi('WageLoadSummary');

export const CoverageBody = z
  .object({
    from: Quarter,
    to: Quarter.openapi({ description: 'Inclusive; before `from` is a 400 INVALID_QUARTER_RANGE' }),
    complete: z.boolean(),
  })
  .strict()
  .openapi('WageCoverageMark');

export const CoverageList = z
  .object({
    items: z.array(
      z.object({
        quarter: Quarter,
        complete: z.boolean(),
        rows: z.number().int().openapi({ description: 'Wage records kept for the quarter' }),
        loads: z.number().int().openapi({ description: 'Loads (not dry runs) with rows of the quarter' }),
        lastLoadedAt: z.string().nullable().openapi({ format: 'date-time' }),
      }),
    ),
  })
  .openapi('WageCoverage');

export const EmploymentAfterExitSchema = z
  .object({
    quarters: z.array(
      z.object({
        quarter: z.number().int().min(1).max(4),
        calendarQuarter: Quarter,
        complete: z.boolean().openapi({ description: 'Whether the agency marked the calendar quarter complete (R-WAGE-2)' }),
        employed: z.boolean().nullable().openapi({ description: 'null: not yet available' }),
        typeOfMatch: z.enum(TYPES_OF_MATCH).nullable().openapi({
          description: 'PIRL 1601…1607: 1 UI/SWIS, 2 federal, 3 military, 4 other, 5 supplemental (follow-up), 6 not yet available; null when not employed',
        }),
        earnings: z.number().nullable().openapi({ description: 'Dollars; null when not employed or unknown' }),
        employers: z.array(z.object({ fein: z.string().nullable(), wages: z.number(), source: z.string() })).openapi({
          description: "The quarter's wage records",
        }),
      }),
    ),
  })
  .openapi('EmploymentAfterExit');

export const WageMatchRequestQuery = z
  .object({
    period: z
      .string()
      .regex(/^PY20\d{2}(Q[1-4])?$/, 'period: PY<year> or PY<year>Q<1-4>')
      .openapi({ description: 'The report period whose cohorts need the wage records', example: 'PY2025Q2' }),
  })
  .strict();
