/** Query and response schemas of the timeliness report (R-TIMELY-3). */
import { z } from '../zod';
import { plainString } from '../text';
import { IsoDateSchema } from '../schemas';

export const TimelinessReportQuery = z
  .object({
    from: IsoDateSchema.openapi({ description: 'First day of entry (agency-local), inclusive' }),
    to: IsoDateSchema.openapi({ description: 'Last day of entry (agency-local), inclusive' }),
    office: plainString(64).optional(),
  })
  .strict()
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['from'] });

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
