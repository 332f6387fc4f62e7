/**
 * The caller's alert subscriptions and notifications (SPEC §9 R-SUB-1, R-SUB-3), and the daily job
 * on demand for supervisors and operators (R-SUB-2).
 */
import type { Router } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { defineRoute } from '../route';
import { READ_ROLES, WRITE_ROLES } from '../auth';
import { ProblemError } from '../problem';
import {
  NotificationPage,
  NotificationParams,
  NotificationResult,
  NotificationsQuery,
  RunNotificationsBody,
  RunNotificationsResult,
  SubscriptionsBody,
} from '../schemas/notifications';
import type { NotificationService } from '../services/notification-service';

export function notificationRoutes(router: Router, registry: OpenAPIRegistry, notifications: NotificationService): void {
  defineRoute(router, registry, {
    method: 'get',
    path: '/api/v1/me/alert-subscriptions',
    summary: 'Your alert subscriptions',
    tags: ['notifications'],
    roles: READ_ROLES,
    responses: { 200: { description: 'Your subscriptions, in alert type order', schema: SubscriptionsBody } },
    errors: [],
    handler: async ({ actor }) => ({ status: 200, body: await notifications.subscriptions(actor.staffId) }),
  });

  defineRoute(router, registry, {
    method: 'put',
    path: '/api/v1/me/alert-subscriptions',
    summary: 'Replace your alert subscriptions (R-SUB-1): one per type, notify on_the_day or daily_while_open, days 1–90 where the type has a threshold',
    tags: ['notifications'],
    roles: WRITE_ROLES,
    body: SubscriptionsBody,
    responses: { 200: { description: 'Your subscriptions now', schema: SubscriptionsBody } },
    errors: [422],
    handler: async ({ actor, body }) => ({ status: 200, body: await notifications.replaceSubscriptions(actor.staffId, body.subscriptions) }),
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/v1/me/notifications',
    summary: 'Your notifications (R-SUB-3), newest day first; since = from this day, unread = true|false; paged',
    tags: ['notifications'],
    roles: READ_ROLES,
    query: NotificationsQuery,
    responses: { 200: { description: 'A page of your notifications', schema: NotificationPage } },
    errors: [],
    handler: async ({ caller, query }) => ({ status: 200, body: await notifications.list(caller.staffId, query, caller.offices) }),
  });

  defineRoute(router, registry, {
    method: 'post',
    path: '/api/v1/me/notifications/:id/read',
    summary: 'Mark one of your notifications read (again: keeps the first time)',
    tags: ['notifications'],
    roles: READ_ROLES,
    params: NotificationParams,
    responses: { 200: { description: 'The notification', schema: NotificationResult } },
    errors: [404],
    handler: async ({ caller, params }) => ({ status: 200, body: await notifications.markRead(caller.staffId, params.id, caller.offices) }),
  });

  defineRoute(router, registry, {
    method: 'post',
    path: '/api/v1/notifications/run',
    summary:
      'Run the daily notifications job now for a day (supervisor of every office; default today, never a future day). Idempotent: a day run twice creates nothing twice',
    description:
      'The body is optional (no body = today). The job is agency-wide: a supervisor whose offices are not all offices gets 403 OFFICE_OUT_OF_SCOPE (R-AUTH-2).',
    tags: ['notifications'],
    roles: ['supervisor'],
    body: RunNotificationsBody,
    bodyOptional: true,
    responses: { 200: { description: 'What the run did', schema: RunNotificationsResult } },
    errors: [403, 422],
    handler: async ({ body, caller }) => {
      if (caller.offices !== '*')
        throw new ProblemError(403, 'OFFICE_OUT_OF_SCOPE', 'The daily notifications job covers every office: it needs a supervisor of every office');
      return { status: 200, body: await notifications.run(body.day) };
    },
  });
}
