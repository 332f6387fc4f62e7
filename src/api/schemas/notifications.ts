/** Schemas of alert subscriptions and notifications (SPEC §9 R-SUB-1 … R-SUB-3). */
import { z } from '../zod';
import { IsoDateSchema, queryInt } from '../schemas';
import { NOTIFY_MODES, SUBSCRIPTION_DAYS_MAX, SUBSCRIPTION_DAYS_MIN, SUBSCRIPTION_TYPES } from '../../domain/alert-subscriptions';

const SubscriptionTypeSchema = z.enum(SUBSCRIPTION_TYPES).openapi('AlertSubscriptionType');

const SubscriptionSchema = z
  .object({
    type: SubscriptionTypeSchema,
    // Outside 1–90 the body does not match the schema: 400 VALIDATION_FAILED (SPEC §5), not a rule's 422.
    days: z
      .number()
      .int()
      .min(SUBSCRIPTION_DAYS_MIN)
      .max(SUBSCRIPTION_DAYS_MAX)
      .optional()
      .openapi({
        description: `${SUBSCRIPTION_DAYS_MIN}–${SUBSCRIPTION_DAYS_MAX} (400 outside); only for exit_approaching, followup_due_soon, case_note_due, plan_objective_review_due (422 otherwise): replaces the case's threshold for your notifications`,
      }),
    notify: z.enum(NOTIFY_MODES),
  })
  .strict()
  .openapi('AlertSubscription');

export const SubscriptionsBody = z
  .object({ subscriptions: z.array(SubscriptionSchema).max(SUBSCRIPTION_TYPES.length * 2) })
  .strict()
  .openapi('AlertSubscriptions');

const NotificationSchema = z
  .object({
    id: z.uuid(),
    applicationId: z.string(),
    type: z.string(),
    subjectKey: z.string().openapi({ description: "what the alert is about within the case: '' (the case), an activity id, q1…q4, a break id" }),
    day: IsoDateSchema,
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .openapi('Notification');

const Bool = z.enum(['true', 'false']).transform((v) => v === 'true');
export const NotificationsQuery = z
  .object({
    since: IsoDateSchema.optional().openapi({ description: 'notifications of this day and later' }),
    unread: Bool.optional().openapi({ type: 'string', enum: ['true', 'false'], description: 'true: only unread; false: only read' }),
    limit: queryInt(1, 200).default(50).openapi({ type: 'integer', minimum: 1, maximum: 200, default: 50 }),
    offset: queryInt(0, 1_000_000).default(0).openapi({ type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 }),
  })
  .strict();

export const NotificationPage = z
  .object({ items: z.array(NotificationSchema), total: z.number().int(), limit: z.number().int(), offset: z.number().int() })
  .openapi('NotificationPage');

export const NotificationParams = z.object({ id: z.uuid() });
export const NotificationResult = z.object({ notification: NotificationSchema }).openapi('NotificationResult');

export const RunNotificationsBody = z
  .object({ day: IsoDateSchema.optional().openapi({ description: 'the agency-local day to run the job for (default: today); not in the future' }) })
  .strict()
  .openapi('RunDailyNotifications');
export const RunNotificationsResult = z
  .object({ day: IsoDateSchema, staff: z.number().int(), created: z.number().int(), digestsSent: z.number().int() })
  .openapi('DailyNotificationsRun');
