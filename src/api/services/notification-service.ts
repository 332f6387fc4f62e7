/**
 * Alert subscriptions and notifications of the caller (SPEC §9 R-SUB-1, R-SUB-3), and running the
 * daily job for a day on demand (R-SUB-2; the same code the Temporal activities run).
 */
import { type Db, sqlRows } from '../../db/client';
import type { OfficeScope } from '../../config';
import type { Prisma } from '../../generated/prisma/client';
import { type AlertSubscription, type NotifyMode, validateSubscriptions } from '../../domain/alert-subscriptions';
import { agencyToday, compareIsoDates, type IsoDate } from '../../domain/dates';
import { DomainError } from '../../domain/errors';
import { dbDate } from '../../activities/projection';
import type { NotificationJob } from '../../activities/notifications';

export interface NotificationServiceDeps {
  db: Db;
  job: NotificationJob;
  agencyTimeZone: string;
  /** The current instant (the time-skipping server's clock in sandbox mode). */
  now: () => Promise<number>;
}

export interface NotificationQuery {
  since?: string;
  unread?: boolean;
  limit: number;
  offset: number;
}

type Row = Prisma.NotificationGetPayload<object>;
const toItem = (n: Row) => ({
  id: n.id,
  applicationId: n.applicationId,
  type: n.type,
  subjectKey: n.subjectKey,
  day: n.day.toISOString().slice(0, 10),
  createdAt: n.createdAt.toISOString(),
  readAt: n.readAt?.toISOString() ?? null,
});

export class NotificationService {
  constructor(private readonly deps: NotificationServiceDeps) {}

  async subscriptions(staffId: string): Promise<{ subscriptions: AlertSubscription[] }> {
    const rows = await this.deps.db.alertSubscription.findMany({ where: { staffId } });
    return {
      subscriptions: validateSubscriptions(rows.map((r) => ({ type: r.type, notify: r.notify as NotifyMode, ...(r.days !== null ? { days: r.days } : {}) }))),
    };
  }

  /** R-SUB-1: replaces the caller's subscriptions (all or nothing). */
  async replaceSubscriptions(staffId: string, subscriptions: AlertSubscription[]): Promise<{ subscriptions: AlertSubscription[] }> {
    const valid = validateSubscriptions(subscriptions);
    await this.deps.db.$transaction([
      this.deps.db.alertSubscription.deleteMany({ where: { staffId } }),
      this.deps.db.alertSubscription.createMany({ data: valid.map((s) => ({ staffId, type: s.type, notify: s.notify, days: s.days ?? null })) }),
    ]);
    return { subscriptions: valid };
  }

  /**
   * §11 R-AUTH-2: the applications among `staffId`'s notifications that lie in `offices` (a staff
   * member's offices may have changed since a notification was made).
   */
  private async applicationsInScope(staffId: string, offices: readonly string[]): Promise<string[]> {
    const rows = await sqlRows<{ id: string }>(
      this.deps.db,
      'SELECT DISTINCT n.application_id AS id FROM notifications n JOIN applications a ON a.id = n.application_id WHERE n.staff_id = $1 AND a.office = ANY($2::text[])',
      [staffId, [...offices]],
    );
    return rows.map((r) => r.id);
  }

  /** R-SUB-3: the caller's notifications, newest day first, paged like the caseload; R-AUTH-2: of the caller's offices only. */
  async list(staffId: string, q: NotificationQuery, offices: OfficeScope) {
    const where: Prisma.NotificationWhereInput = {
      staffId,
      ...(offices !== '*' ? { applicationId: { in: await this.applicationsInScope(staffId, offices) } } : {}),
      ...(q.since ? { day: { gte: dbDate(q.since)! } } : {}),
      ...(q.unread === true ? { readAt: null } : q.unread === false ? { readAt: { not: null } } : {}),
    };
    const [rows, total] = await Promise.all([
      this.deps.db.notification.findMany({
        where,
        orderBy: [{ day: 'desc' }, { createdAt: 'desc' }, { type: 'asc' }, { applicationId: 'asc' }, { id: 'asc' }],
        take: q.limit,
        skip: q.offset,
      }),
      this.deps.db.notification.count({ where }),
    ]);
    return { items: rows.map(toItem), total, limit: q.limit, offset: q.offset };
  }

  /** R-SUB-3: marks one of the caller's notifications read (again: keeps the first time). 404 for anyone else's. */
  async markRead(staffId: string, id: string, offices: OfficeScope) {
    const row = await this.deps.db.notification.findFirst({ where: { id, staffId } });
    const inScope = row && (offices === '*' || (await this.applicationsInScope(staffId, offices)).includes(row.applicationId));
    if (!row || !inScope) throw new DomainError('NOTIFICATION_NOT_FOUND', `no notification ${id} of yours`, { notificationId: id });
    if (row.readAt) return { notification: toItem(row) };
    await this.deps.db.notification.updateMany({ where: { id, staffId, readAt: null }, data: { readAt: new Date(await this.deps.now()) } });
    const updated = await this.deps.db.notification.findUniqueOrThrow({ where: { id } });
    return { notification: toItem(updated) };
  }

  /** R-SUB-2 on demand for one agency-local day (default today; never a future day). Idempotent. */
  async run(day?: IsoDate) {
    const today = agencyToday(await this.deps.now(), this.deps.agencyTimeZone);
    const d = day ?? today;
    if (compareIsoDates(d, today) > 0) throw new DomainError('FUTURE_DATE', `${d} is after today (${today}) in agency time`, { day: d });
    const created = await this.deps.job.createNotifications(d);
    const digests = await this.deps.job.sendDigests(d);
    return { day: d, staff: created.staff, created: created.created, digestsSent: digests.sent };
  }
}
