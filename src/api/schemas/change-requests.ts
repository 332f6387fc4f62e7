/** Request and response schemas of data change requests (R-DCR-1 … R-DCR-3). */
import type { ChangeRequestView } from '../../workflows/application/contract';
import { documents, z } from '../zod';
import { plainString, trimmedText } from '../text';
import { COMPLETION_CODES } from '../../domain/enums';
import { CHANGE_REQUEST_STATUSES } from '../../domain/change-requests';
import { ActivityViewSchema, ApplicationViewSchema, IdParams, IsoDateSchema } from '../schemas';

export const ChangeRequestParams = IdParams.extend({ requestId: plainString(100) });

const ActivityTarget = z.object({ kind: z.literal('activity'), activityId: plainString(100) }).strict();
const ParticipationTarget = z.object({ kind: z.literal('participation') }).strict();
const ChangeTargetSchema = z.discriminatedUnion('kind', [ActivityTarget, ParticipationTarget]).openapi('ChangeTarget');

const RequestedChangesSchema = z
  .object({
    actualBeginDate: IsoDateSchema.optional(),
    actualEndDate: IsoDateSchema.optional(),
    projectedEndDate: IsoDateSchema.optional(),
    completionCode: z.enum(COMPLETION_CODES).optional(),
    code: trimmedText(10).optional().openapi({ description: "A code of the agency catalog valid for the activity's program", example: '102' }),
    participationDate: IsoDateSchema.optional(),
  })
  .strict()
  .refine((c) => Object.values(c).some((v) => v !== undefined), { message: 'give at least one change' })
  .openapi('RequestedChanges', {
    description:
      'At least one change. An activity target corrects actualBeginDate, actualEndDate, projectedEndDate, completionCode or code; a participation target corrects participationDate.',
    // The refine above, stated in the document: `{}` is malformed (400), not a rule violation.
    minProperties: 1,
  });

const reason = (what: string) => trimmedText(5000, `${what} Free text: stored in PostgreSQL only, never in the application view.`);

export const ChangeRequestBody = z
  .object({ target: ChangeTargetSchema, changes: RequestedChangesSchema, reason: reason('Why the data entered is wrong.') })
  .strict()
  .openapi('ChangeRequestBody');

export const RejectChangeRequestBody = z
  .object({ reason: reason('Why the request is rejected.') })
  .strict()
  .openapi('RejectChangeRequest');

const ChangeRequestViewSchema = documents<ChangeRequestView>()(
  z
    .object({
      id: z.string(),
      target: ChangeTargetSchema,
      changes: z.object({}).passthrough(),
      status: z.enum(CHANGE_REQUEST_STATUSES),
      requestedBy: z.string(),
      requestedAt: z.string().datetime(),
      decidedBy: z.string().nullable(),
      decidedAt: z.string().datetime().nullable(),
    })
    .openapi('ChangeRequest'),
);

export const ChangeRequestResult = z
  .object({ changeRequest: ChangeRequestViewSchema, application: ApplicationViewSchema, activity: ActivityViewSchema.optional() })
  .openapi('ChangeRequestResult');
