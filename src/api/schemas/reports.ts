/** Query and response schemas of the timeliness report (R-TIMELY-3). */
import { z } from '../zod';
import { plainString } from '../text';
import { IsoDateSchema } from '../schemas';

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
