/**
 * SPEC §9 alert subscriptions and daily notifications over HTTP (sandbox mode). The daily job runs on
 * Temporal: in sandbox mode the clock workflow sleeps until 06:00 agency time, runs the job and
 * continues as new; the sandbox clock is advanced day by day through the API. Two staff members
 * subscribe to exit_approaching: S-CM-1 `on_the_day` (the case's 14 days), S-CM-2 `daily_while_open`
 * with `days: 3`. Digests go to a real SMTP server started here.
 */
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { ok, problem, sandboxApiCase } from '../helpers/api-case';
import { waitFor } from '../helpers/wait';
import { ensureDailyNotifications } from '../../src/temporal/notification-schedule';
import { DAILY_NOTIFICATIONS_CLOCK_WORKFLOW_ID } from '../../src/workflows/notifications/contract';
import { createDataConverter } from '../../src/temporal/codec';
import type { Payload } from '@temporalio/common';

let smtp: SMTPServer;
let smtpPort: number;
const mails: { to: string[]; raw: string }[] = [];

/** Quoted-printable soft breaks and escapes, enough to read the digest text. */
const decodeQp = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString()));
      stream.on('end', () => {
        mails.push({ to: (session.envelope.rcptTo || []).map((r) => r.address), raw: decodeQp(raw) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  smtpPort = (smtp.server.address() as AddressInfo).port;
});
const sandbox = sandboxApiCase('2024-01-10T18:00:00Z', {
  name: 'api_notifications',
  env: () => ({
    API_TOKENS: 'dev-staff:S-CM-1:staff,cm-2:S-CM-2:staff,dev-supervisor:S-SUP-1:supervisor,dev-viewer:S-VIEW:viewer',
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    STAFF_EMAILS: 'S-CM-1:cm1@agency.example,S-CM-2:cm2@agency.example',
    PUBLIC_BASE_URL: 'https://wioa.agency.example',
  }),
});
beforeAll(async () => {
  const first = await ensureDailyNotifications(sandbox.env.client, {
    mode: 'sandbox',
    taskQueue: sandbox.stack.config.temporal.taskQueue,
    agencyTimeZone: sandbox.stack.config.agencyTimeZone,
  });
  const again = await ensureDailyNotifications(sandbox.env.client, {
    mode: 'sandbox',
    taskQueue: sandbox.stack.config.temporal.taskQueue,
    agencyTimeZone: sandbox.stack.config.agencyTimeZone,
  });
  expect([first.created, again.created]).toEqual([true, false]);
});
afterAll(async () => {
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

const { api, advanceTo } = sandbox;
const CM2 = { token: 'cm-2' };
/** 06:30 agency time (PDT from 2024-03-10: 13:30Z) on `date`. */
const morning = (date: string) => `${date}T13:30:00Z`;
async function mine(token?: string, query = ''): Promise<any> {
  return ok(api().get(`/api/v1/me/notifications${query}`, token ? { token } : undefined));
}
const days = (page: any) =>
  page.items.map((n: any) => `${n.day}:${n.type}:${n.applicationId === caseOf.cm1 ? 'A' : n.applicationId === caseOf.cm2 ? 'B' : '?'}`).sort();

const caseOf = { cm1: '', cm2: '' };
const PII = ['Uniquefirst', 'Uniquelast', '1979-03-14', 'Secret assessment words'];

describe('R-SUB-1 alert subscriptions', () => {
  it("R-SUB-1 PUT replaces the caller's subscriptions and GET returns them", async () => {
    expect(await ok(api().get('/api/v1/me/alert-subscriptions'))).toEqual({ subscriptions: [] });
    await ok(
      api().put('/api/v1/me/alert-subscriptions', {
        subscriptions: [
          { type: 'followup_overdue', notify: 'daily_while_open' },
          { type: 'plan_objective_review_due', days: 10, notify: 'on_the_day' },
        ],
      }),
    );
    const put = await ok(api().put('/api/v1/me/alert-subscriptions', { subscriptions: [{ type: 'exit_approaching', notify: 'on_the_day' }] }));
    expect(put).toEqual({ subscriptions: [{ type: 'exit_approaching', notify: 'on_the_day' }] });
    expect(await ok(api().get('/api/v1/me/alert-subscriptions'))).toEqual(put);
    await ok(api().put('/api/v1/me/alert-subscriptions', { subscriptions: [{ type: 'exit_approaching', days: 3, notify: 'daily_while_open' }] }, CM2));
    expect((await ok(api().get('/api/v1/me/alert-subscriptions', CM2))).subscriptions).toEqual([
      { type: 'exit_approaching', days: 3, notify: 'daily_while_open' },
    ]);
  });

  it('R-SUB-1 bad subscriptions are refused and change nothing', async () => {
    const bad = async (subscriptions: unknown[], status: number, code: string) =>
      problem(api().put('/api/v1/me/alert-subscriptions', { subscriptions }), status, code);
    // days outside 1–90 does not match the schema: 400, like any schema-invalid body (SPEC §5).
    await bad([{ type: 'exit_approaching', days: 91, notify: 'on_the_day' }], 400, 'VALIDATION_FAILED');
    await bad([{ type: 'exit_approaching', days: 0, notify: 'on_the_day' }], 400, 'VALIDATION_FAILED');
    await bad([{ type: 'exit_approaching', days: 500, notify: 'on_the_day' }], 400, 'VALIDATION_FAILED');
    await bad([{ type: 'followup_overdue', days: 5, notify: 'on_the_day' }], 422, 'SUBSCRIPTION_DAYS_NOT_ALLOWED');
    await bad(
      [
        { type: 'exit_approaching', notify: 'on_the_day' },
        { type: 'exit_approaching', notify: 'daily_while_open' },
      ],
      422,
      'DUPLICATE_SUBSCRIPTION',
    );
    await bad([{ type: 'job_order_expiring', notify: 'on_the_day' }], 400, 'VALIDATION_FAILED');
    await bad([{ type: 'exit_approaching', notify: 'weekly' }], 400, 'VALIDATION_FAILED');
    await problem(api().put('/api/v1/me/alert-subscriptions', { subscriptions: [] }, { token: 'dev-viewer' }), 403, 'FORBIDDEN');
    expect((await ok(api().get('/api/v1/me/alert-subscriptions'))).subscriptions).toEqual([{ type: 'exit_approaching', notify: 'on_the_day' }]);
  });
});

describe('R-SUB-2 daily notifications at 06:00 agency time (sandbox clock workflow)', () => {
  it('set-up: one case per staff member, L = 2024-01-10 (soft exit 2024-04-10)', async () => {
    const p = await ok(api().post('/api/v1/participants', { firstName: 'Uniquefirst', lastName: 'Uniquelast', birthDate: '1979-03-14' }), 201);
    for (const [key, cm] of [
      ['cm1', 'S-CM-1'],
      ['cm2', 'S-CM-2'],
    ] as const) {
      const app = await ok(
        api().post('/api/v1/applications', { participantId: p.id, programs: ['ADULT'], eligibilityDate: '2024-01-02', office: 'LA-2703', caseManagerId: cm }),
        201,
      );
      caseOf[key] = app.id;
      const part = await ok(
        api().post(`/api/v1/applications/${app.id}/participation`, {
          participationDate: '2024-01-03',
          activity: { code: '101', program: 'ADULT', projectedEndDate: '2024-01-10', caseNote: 'Secret assessment words' },
        }),
      );
      const closed = await ok(
        api().post(`/api/v1/applications/${app.id}/activities/${part.activity.id}/close`, { actualEndDate: '2024-01-10', completionCode: 'successful' }),
      );
      expect(closed.application.exitClock.softExitDate).toBe('2024-04-10');
    }
  });

  it('R-SUB-2 nothing before the condition holds; the job ran every morning on Temporal (clock workflow continued as new)', async () => {
    await advanceTo(morning('2024-03-26'));
    expect((await mine()).total).toBe(0);
    expect((await mine('cm-2')).total).toBe(0);
    const handle = sandbox.env.client.workflow.getHandle(DAILY_NOTIFICATIONS_CLOCK_WORKFLOW_ID);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    // the current run was continued from the previous day's (one run per day)
    const started = (await handle.fetchHistory()).events?.[0]?.workflowExecutionStartedEventAttributes;
    expect(started?.continuedExecutionRunId).toEqual(expect.any(String));
    expect(started?.continuedExecutionRunId).not.toBe('');
  });

  it('R-SUB-2 on_the_day: one notification on the first day (2024-03-27), none on the following days', async () => {
    await advanceTo(morning('2024-03-27'));
    await waitFor(async () => (await mine()).total === 1, 15_000, "S-CM-1's first notification");
    expect(days(await mine())).toEqual(['2024-03-27:exit_approaching:A']);
    expect((await mine('cm-2')).total).toBe(0); // S-CM-2's 3-day threshold: not yet
    for (const d of ['2024-03-28', '2024-03-29', '2024-04-01', '2024-04-06']) await advanceTo(morning(d));
    expect(days(await mine())).toEqual(['2024-03-27:exit_approaching:A']);
    expect((await mine('cm-2')).total).toBe(0);
  });

  it("R-SUB-2 daily_while_open with days 3: one per day from 2024-04-07 on S-CM-2's case only", async () => {
    await advanceTo(morning('2024-04-07'));
    await waitFor(async () => (await mine('cm-2')).total === 1, 15_000, "S-CM-2's first notification");
    await advanceTo(morning('2024-04-08'));
    await waitFor(async () => (await mine('cm-2')).total === 2, 15_000, "S-CM-2's second notification");
    expect(days(await mine('cm-2'))).toEqual(['2024-04-07:exit_approaching:B', '2024-04-08:exit_approaching:B']);
    expect((await mine()).total).toBe(1);
  });

  it('R-SUB-2 the job run twice for a day (on demand before 06:00, then by Temporal at 06:00, then again) gives no duplicates', async () => {
    await advanceTo('2024-04-09T10:00:00Z'); // 03:00 agency time: the 06:00 run has not happened
    await problem(api().post('/api/v1/notifications/run', {}, CM2), 403, 'FORBIDDEN');
    await problem(api().post('/api/v1/notifications/run', { day: '2024-04-10' }, { token: 'dev-supervisor' }), 422, 'FUTURE_DATE');
    const first = await ok(api().post('/api/v1/notifications/run', {}, { token: 'dev-supervisor' }));
    expect(first).toMatchObject({ day: '2024-04-09', staff: 2, created: 1, digestsSent: 1 });
    const second = await ok(api().post('/api/v1/notifications/run', { day: '2024-04-09' }, { token: 'dev-supervisor' }));
    expect(second).toMatchObject({ day: '2024-04-09', created: 0, digestsSent: 0 });
    await advanceTo(morning('2024-04-09')); // the clock workflow's run for 2024-04-09
    expect(days(await mine('cm-2'))).toEqual(['2024-04-07:exit_approaching:B', '2024-04-08:exit_approaching:B', '2024-04-09:exit_approaching:B']);
    const rows = await sandbox.stack.db.notification.count({ where: { day: new Date('2024-04-09T00:00:00Z') } });
    expect(rows).toBe(1);
    // a past day again: nothing new either
    expect((await ok(api().post('/api/v1/notifications/run', { day: '2024-03-27' }, { token: 'dev-supervisor' }))).created).toBe(0);
  });

  it('R-SUB-2 none after the alert clears (the soft exit on 2024-04-10)', async () => {
    for (const d of ['2024-04-10', '2024-04-11', '2024-04-12']) await advanceTo(morning(d));
    await waitFor(async () => (await api().get(`/api/v1/applications/${caseOf.cm2}`)).body.status === 'exited', 15_000, 'soft exit');
    expect((await mine('cm-2')).total).toBe(3);
    expect((await mine()).total).toBe(1);
  });
});

describe('R-SUB-3 notifications: list, read, e-mail digest', () => {
  it("R-SUB-3 GET /me/notifications pages, filters by since and unread; POST …/read marks only the owner's", async () => {
    const all = await mine('cm-2');
    expect(all.items.map((n: any) => n.day)).toEqual(['2024-04-09', '2024-04-08', '2024-04-07']);
    expect(all.items[0]).toEqual({
      id: expect.any(String),
      applicationId: caseOf.cm2,
      type: 'exit_approaching',
      subjectKey: '',
      day: '2024-04-09',
      createdAt: expect.any(String),
      readAt: null,
    });
    expect((await mine('cm-2', '?limit=1&offset=1')).items.map((n: any) => n.day)).toEqual(['2024-04-08']);
    expect((await mine('cm-2', '?since=2024-04-08')).total).toBe(2);
    const target = all.items[1].id;
    await problem(api().post(`/api/v1/me/notifications/${target}/read`), 404, 'NOTIFICATION_NOT_FOUND'); // S-CM-1 is not the owner
    const read = await ok(api().post(`/api/v1/me/notifications/${target}/read`, undefined, CM2));
    expect(read.notification.readAt).toEqual(expect.any(String));
    const again = await ok(api().post(`/api/v1/me/notifications/${target}/read`, undefined, CM2));
    expect(again.notification.readAt).toBe(read.notification.readAt);
    expect((await mine('cm-2', '?unread=true')).items.map((n: any) => n.day)).toEqual(['2024-04-09', '2024-04-07']);
    expect((await mine('cm-2', '?unread=false')).items.map((n: any) => n.id)).toEqual([target]);
    await problem(api().get('/api/v1/me/notifications?unread=maybe'), 400, 'VALIDATION_FAILED');
  });

  it('R-SUB-3 one e-mail digest per staff member per day, with ids, types, dates and links only (no PII)', async () => {
    const subjects = mails.map((m) => `${m.to.join(',')} ${/^Subject: (.*)$/m.exec(m.raw)?.[1] ?? ''}`).sort();
    expect(subjects).toEqual([
      'cm1@agency.example WIOA alerts for 2024-03-27: 1 notification',
      'cm2@agency.example WIOA alerts for 2024-04-07: 1 notification',
      'cm2@agency.example WIOA alerts for 2024-04-08: 1 notification',
      'cm2@agency.example WIOA alerts for 2024-04-09: 1 notification',
    ]);
    const digest = mails.find((m) => m.raw.includes('2024-04-09'))!;
    expect(digest.raw).toContain(`exit_approaching | application ${caseOf.cm2} | 2024-04-09`);
    expect(digest.raw).toContain(`https://wioa.agency.example/api/v1/applications/${caseOf.cm2}`);
    for (const m of mails) for (const pii of PII) expect(m.raw).not.toContain(pii);
    const recorded = await sandbox.stack.db.notificationDigest.findMany({ where: { sentAt: { not: null } } });
    expect(recorded).toHaveLength(4);
  });

  it("R-SUB-2 the job carries no PII through Temporal: a run's history, payloads decoded, names ids and dates only", async () => {
    const current = await sandbox.env.client.workflow.getHandle(DAILY_NOTIFICATIONS_CLOCK_WORKFLOW_ID).fetchHistory();
    const previousRunId = current.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId ?? '';
    const history = await sandbox.env.client.workflow.getHandle(DAILY_NOTIFICATIONS_CLOCK_WORKFLOW_ID, previousRunId).fetchHistory();
    const codec = createDataConverter(sandbox.stack.config.payloadKeys).payloadCodecs![0]!;
    const payloads: Payload[] = [];
    const walk = (v: unknown): void => {
      if (!v || typeof v !== 'object') return;
      if ((v as Payload).data instanceof Uint8Array && (v as Payload).metadata) payloads.push(v as Payload);
      else for (const x of Object.values(v)) walk(x);
    };
    walk(history);
    const decoded = (await codec.decode(payloads)).map((p) => Buffer.from(p.data ?? new Uint8Array()).toString('utf8'));
    const text = JSON.stringify(history.events?.map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name)) + decoded.join('\n');
    expect(text).toContain('createDailyNotifications');
    expect(text).toMatch(/"day":"\d{4}-\d{2}-\d{2}"/);
    for (const pii of PII) expect(text).not.toContain(pii);
  });
});
