/**
 * The daily notifications job (SPEC §9 R-SUB-2, R-SUB-3): what the Temporal activities run, and what
 * the on-demand route runs for a given day. Every step is idempotent, so activity retries, a second
 * run of the same day and a restart mid-run create nothing twice:
 * - notifications: unique (staff, application, type, subject, day), inserted with skipDuplicates;
 * - the `on_the_day` memory (notification_conditions): the decision for day D depends only on what
 *   was remembered before D (src/domain/notifications.ts), so a re-run decides the same;
 * - e-mail digests: a (staff, day) row is claimed before sending and released if the send fails, so a
 *   digest goes out at most once per staff member per day.
 * No PII: the job reads projected views (ids, dates, codes), case-note DATES only, and writes ids,
 * types and dates; logs carry counts and ids.
 */
import { createTransport, type Transporter } from 'nodemailer';
import { Prisma } from '../generated/prisma/client';
import type { Db } from '../db/client';
import type { Logger } from '../logger';
import type { Config } from '../config';
import type { ApplicationView } from '../workflows/application/contract';
import { type Alert, type AlertThresholds, DEFAULT_ALERT_THRESHOLDS, computeAlerts } from '../domain/alerts';
import { type AlertSubscription, type NotifyMode, thresholdsFor } from '../domain/alert-subscriptions';
import { type ConditionMemory, conditionKey, digestMessage, notificationsForDay } from '../domain/notifications';
import { DEFAULT_AGENCY_TIME_ZONE, parseIsoDate, type IsoDate } from '../domain/dates';
import { dbDate } from './projection';

export interface NotificationJobConfig {
  agencyTimeZone: string;
  /** The case thresholds (a subscription's `days` replaces one for its staff member). */
  alertThresholds: AlertThresholds;
  smtpUrl?: string;
  smtpFrom: string;
  staffEmails: Record<string, string>;
  publicBaseUrl: string;
}

const DEFAULT_NOTIFICATION_JOB_CONFIG: NotificationJobConfig = {
  agencyTimeZone: DEFAULT_AGENCY_TIME_ZONE,
  alertThresholds: { ...DEFAULT_ALERT_THRESHOLDS },
  smtpFrom: 'WIOA alerts <wioa-alerts@localhost>',
  staffEmails: {},
  publicBaseUrl: 'http://127.0.0.1:3000',
};

/** The job's configuration from the service's. */
export function notificationJobConfig(config: Config): NotificationJobConfig {
  return {
    agencyTimeZone: config.agencyTimeZone,
    alertThresholds: config.alertThresholds,
    ...(config.notifications.smtpUrl ? { smtpUrl: config.notifications.smtpUrl } : {}),
    smtpFrom: config.notifications.smtpFrom,
    staffEmails: config.notifications.staffEmails,
    publicBaseUrl: config.notifications.publicBaseUrl,
  };
}

const isoDay = (d: Date): IsoDate => d.toISOString().slice(0, 10);

export class NotificationJob {
  private transport: Transporter | undefined;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    private readonly config: NotificationJobConfig,
  ) {}

  /** R-SUB-2 for one agency-local day: one notification per matching condition, per staff member. */
  async createNotifications(day: IsoDate): Promise<{ staff: number; created: number }> {
    parseIsoDate(day, 'day');
    const subs = await this.db.alertSubscription.findMany({ orderBy: [{ staffId: 'asc' }, { type: 'asc' }] });
    const byStaff = new Map<string, AlertSubscription[]>();
    for (const s of subs) {
      const list = byStaff.get(s.staffId) ?? [];
      list.push({ type: s.type, notify: s.notify as NotifyMode, ...(s.days !== null ? { days: s.days } : {}) });
      byStaff.set(s.staffId, list);
    }
    let created = 0;
    for (const [staffId, subscriptions] of byStaff) created += await this.forStaff(staffId, subscriptions, day);
    this.logger.info({ day, staff: byStaff.size, created }, 'daily notifications created');
    return { staff: byStaff.size, created };
  }

  private async forStaff(staffId: string, subscriptions: AlertSubscription[], day: IsoDate): Promise<number> {
    const thresholds = thresholdsFor(subscriptions, this.config.alertThresholds);
    const applications = await this.db.application.findMany({ where: { caseManagerId: staffId }, select: { id: true, view: true } });
    if (applications.length === 0) return 0;
    const ids = applications.map((a) => a.id);
    const notes = await this.db.caseNote.groupBy({
      by: ['applicationId'],
      where: { applicationId: { in: ids }, contactDate: { lte: dbDate(day)! } },
      _max: { contactDate: true },
    });
    const lastNote = new Map(notes.map((n) => [n.applicationId, n._max.contactDate ? isoDay(n._max.contactDate) : null]));
    const alertsByApplication = new Map<string, Alert[]>();
    for (const a of applications) {
      try {
        const view = a.view as unknown as ApplicationView;
        alertsByApplication.set(a.id, computeAlerts({ ...view, lastCaseNoteDate: lastNote.get(a.id) ?? null }, day, thresholds));
      } catch (err) {
        // A view the rules cannot read must not stop everybody's notifications.
        this.logger.warn({ err: (err as Error).name, applicationId: a.id, day }, 'alerts could not be evaluated for an application; skipped');
      }
    }
    const memoryRows = await this.db.notificationCondition.findMany({ where: { staffId, applicationId: { in: ids } } });
    const memory = new Map<string, ConditionMemory>(
      memoryRows.map((r) => {
        const m: ConditionMemory = {
          applicationId: r.applicationId,
          type: r.type,
          subjectKey: r.subjectKey,
          lastHeldDay: isoDay(r.lastHeldDay),
          episodeStart: isoDay(r.episodeStart),
        };
        return [conditionKey(m), m];
      }),
    );
    const result = notificationsForDay({ day, subscriptions, alertsByApplication, memory });
    // Notifications first, memory second, in one transaction: a crash between them cannot make a
    // retry see "already held today" without the notification that goes with it.
    return this.db.$transaction(async (tx) => {
      const inserted = result.notifications.length
        ? await tx.notification.createMany({
            data: result.notifications.map((n) => ({ staffId, applicationId: n.applicationId, type: n.type, subjectKey: n.subjectKey, day: dbDate(n.day)! })),
            skipDuplicates: true,
          })
        : { count: 0 };
      for (const m of result.memory) {
        const data = { lastHeldDay: dbDate(m.lastHeldDay)!, episodeStart: dbDate(m.episodeStart)! };
        await tx.notificationCondition.upsert({
          where: { staffId_applicationId_type_subjectKey: { staffId, applicationId: m.applicationId, type: m.type, subjectKey: m.subjectKey } },
          create: { staffId, applicationId: m.applicationId, type: m.type, subjectKey: m.subjectKey, ...data },
          update: data,
        });
      }
      return inserted.count;
    });
  }

  private mailer(): Transporter | undefined {
    if (!this.config.smtpUrl) return undefined;
    this.transport ??= createTransport(this.config.smtpUrl);
    return this.transport;
  }

  /** R-SUB-3: one e-mail digest per staff member (with an address and notifications that day) per day. */
  async sendDigests(day: IsoDate): Promise<{ sent: number }> {
    parseIsoDate(day, 'day');
    const mailer = this.mailer();
    if (!mailer) return { sent: 0 };
    let sent = 0;
    for (const [staffId, address] of Object.entries(this.config.staffEmails)) {
      const items = await this.db.notification.findMany({
        where: { staffId, day: dbDate(day)! },
        orderBy: [{ type: 'asc' }, { applicationId: 'asc' }, { subjectKey: 'asc' }],
      });
      if (items.length === 0) continue;
      try {
        await this.db.notificationDigest.create({ data: { staffId, day: dbDate(day)!, itemCount: items.length } });
      } catch (err) {
        if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') continue; // already sent (or being sent)
        throw err;
      }
      const message = digestMessage(
        staffId,
        day,
        items.map((i) => ({ id: i.id, applicationId: i.applicationId, type: i.type, day })),
        this.config.publicBaseUrl,
      );
      try {
        await mailer.sendMail({ from: this.config.smtpFrom, to: address, subject: message.subject, text: message.text });
      } catch (err) {
        // Release the claim so the activity's retry sends it; the error names no address or content.
        await this.db.notificationDigest.delete({ where: { staffId_day: { staffId, day: dbDate(day)! } } }).catch(() => undefined);
        this.logger.warn({ staffId, day, code: (err as { code?: string }).code ?? null }, 'notification digest could not be sent; will retry');
        throw new Error(`SMTP send of the ${day} digest failed (${(err as { code?: string }).code ?? 'error'})`);
      }
      await this.db.notificationDigest.update({ where: { staffId_day: { staffId, day: dbDate(day)! } }, data: { sentAt: new Date() } });
      sent += 1;
    }
    if (sent > 0) this.logger.info({ day, sent }, 'notification digests sent');
    return { sent };
  }
}

export interface NotificationActivityDeps {
  db: Db;
  logger: Logger;
  notifications?: NotificationJobConfig;
}

/** Activities of the daily job (the worker registers them with the others). */
export function createNotificationActivities(deps: NotificationActivityDeps) {
  const job = new NotificationJob(deps.db, deps.logger.child({ component: 'notifications' }), deps.notifications ?? DEFAULT_NOTIFICATION_JOB_CONFIG);
  return {
    createDailyNotifications: (input: { day: IsoDate }) => job.createNotifications(input.day),
    sendNotificationDigests: (input: { day: IsoDate }) => job.sendDigests(input.day),
  };
}
