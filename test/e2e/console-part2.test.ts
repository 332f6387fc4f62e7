/**
 * SPEC §13 R-UI-4 (assessment, plan, corrections, alerts of a case), R-UI-7, R-UI-8, R-UI-9 and the
 * supervisors' groups in Chromium, on the real service in sandbox mode (time-skipping Temporal server
 * whose clock starts on 2024-01-10, real PostgreSQL); one stack for every scenario. The console is
 * driven only by role and accessible name; axe-core runs on every new page.
 *
 * - A skill gain and a type 1 credential entered on screen (two cases in a training activity 306) make the
 *   PY2023Q3 measurable-skill-gains indicator 2 of 2, in the table and the chart; a supervisor downloads
 *   the PIRL export and reads the access log.
 * - The twelve assessment sections, a plan and a goal entered on screen; the plan prints (200, a PDF).
 * - Staff request a correction of an activity's end date (2024-01-10 → 2024-01-08); another person, a
 *   supervisor, approves it: the soft exit date moves from 2024-04-10 to 2024-04-08 on the timeline.
 * - An open activity past its projected end raises an alert; closing it on screen clears it.
 * - Subscriptions, a notification marked read; a file imported on screen shows its error lines; a group.
 */
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { SCREENSHOTS_DIR } from '../helpers/browser';
import { axe, openConsole, screenshot, signInAsDev, startConsoleStack, type ConsoleStack, type PageProblems } from '../helpers/console';

let c: ConsoleStack;
/** dev-staff's page, and dev-supervisor's. */
let staff: Page;
let supervisor: Page;
const problems: PageProblems[] = [];
const contexts: { close(): Promise<void> }[] = [];
const cases: Record<string, { id: string; activityId: string }> = {};

/** A participating ADULT case in LA-2703 whose case manager is dev-staff (participation 2024-01-03). */
async function newCase(lastName: string, code: string, projectedEndDate: string): Promise<{ id: string; activityId: string }> {
  const { http } = c.stack;
  const p = await http.post('/api/v1/participants', { firstName: 'Test', lastName, birthDate: '1985-04-12' });
  expect(p.status).toBe(201);
  const a = await http.post('/api/v1/applications', {
    participantId: p.body.id,
    programs: ['ADULT'],
    eligibilityDate: '2024-01-02',
    office: 'LA-2703',
    caseManagerId: 'S-DEV-STAFF',
  });
  expect(a.status).toBe(201);
  const part = await http.post(`/api/v1/applications/${a.body.id}/participation`, {
    participationDate: '2024-01-03',
    activity: { code, program: 'ADULT', projectedEndDate, caseNote: 'Enrolled.' },
  });
  expect(part.status).toBe(200);
  return { id: a.body.id, activityId: part.body.activity.id };
}

beforeAll(async () => {
  c = await startConsoleStack({ name: 'console_part2' });
  cases.gain = await newCase('Gainer', '306', '2024-06-30');
  cases.credential = await newCase('Credentia', '306', '2024-06-30');
  cases.plan = await newCase('Planner', '205', '2024-02-29');
  cases.correction = await newCase('Corrigan', '101', '2024-01-31');
  const closed = await c.stack.http.post(`/api/v1/applications/${cases.correction.id}/activities/${cases.correction.activityId}/close`, {
    actualEndDate: '2024-01-10',
    completionCode: 'successful',
  });
  expect(closed.status).toBe(200);
  cases.alert = await newCase('Alertson', '101', '2024-01-05');
  for (const identity of ['dev-staff', 'dev-supervisor'] as const) {
    const opened = await openConsole(c.browser, c.origin);
    contexts.push(opened.context);
    problems.push(opened.problems);
    await signInAsDev(opened.page, identity);
    if (identity === 'dev-staff') staff = opened.page;
    else supervisor = opened.page;
  }
}, 240_000);

afterAll(async () => {
  for (const ctx of contexts) await ctx.close().catch(() => undefined);
  await c?.stop();
});

afterEach(() => {
  // No uncaught script error and no Content-Security-Policy violation on any page.
  for (const p of problems) expect(p.errors).toEqual([]);
});

const open = async (page: Page, path: string, heading: string | RegExp): Promise<void> => {
  await page.goto(`${c.origin}${path}`);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor({ timeout: 20_000 });
};

/** A screenshot of one section of a long page (the case page), in data/screenshots/. */
const sectionShot = (page: Page, heading: string | RegExp, name: string): Promise<Buffer> =>
  page.getByRole('region', { name: heading }).screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`) });

/** The form named by its heading. */
const form = (page: Page, name: string | RegExp): Locator => page.getByRole('form', { name });

describe('outcomes on the case page (R-MSG-1)', () => {
  it('the skill gain form offers only activities a skill gain can be earned in', async () => {
    // A case whose only activity is training (306): offered.
    await open(staff, `/cases/${cases.gain!.id}`, /Gainer/);
    const offered = form(staff, 'New measurable skill gain').getByRole('combobox', { name: 'Skill gain activity' });
    await offered.waitFor();
    expect(await offered.getByRole('option').allInnerTexts()).toEqual(['306 Registered Apprenticeship']);
    // A case whose only activity is a staff-assisted career service (101): nothing to pick, and why.
    await open(staff, `/cases/${cases.alert!.id}`, /Alertson/);
    const none = form(staff, 'New measurable skill gain');
    await none.getByText('A skill gain is earned in a training or individualized activity, and this case has none begun yet.').waitFor();
    expect(await none.getByRole('combobox', { name: 'Skill gain activity' }).count()).toBe(0);
    // The credential form still lists every begun activity.
    expect(await form(staff, 'New credential').getByRole('combobox', { name: 'Credential activity' }).getByRole('option').allInnerTexts()).toEqual([
      '101 Orientation (Staff-Assisted)',
    ]);
    await axe(staff, 'case page (no activity earns a skill gain)');
  });
});

describe('reports (R-UI-8)', () => {
  it('a skill gain and a credential entered on screen count in the measurable skill gains of the report page', async () => {
    await open(staff, `/cases/${cases.gain!.id}`, /Gainer/);
    const gain = form(staff, 'New measurable skill gain');
    await gain.getByLabel('Documentation reference', { exact: true }).fill('Module 1 certificate');
    await gain.getByRole('button', { name: 'Add skill gain' }).click();
    await staff.getByText('Skill gain (training milestone) on 2024-01-10').waitFor({ timeout: 15_000 });

    await open(staff, `/cases/${cases.credential!.id}`, /Credentia/);
    const credential = form(staff, 'New credential');
    await credential.getByLabel('Credential type', { exact: true }).selectOption('1');
    await credential.getByRole('button', { name: 'Add credential' }).click();
    await staff.getByText('Credential type 1 attained on 2024-01-10').waitFor({ timeout: 15_000 });

    await staff.getByRole('link', { name: 'Reports', exact: true }).click();
    await staff.getByRole('heading', { level: 1, name: 'Reports' }).waitFor();
    // The page opens on the sandbox's quarter: PY2023 Q3 (January–March 2024).
    expect(await staff.getByLabel('Program year', { exact: true }).inputValue()).toBe('2023');
    expect(await staff.getByLabel('Quarter', { exact: true }).inputValue()).toBe('3');
    const msg = staff.getByRole('row', { name: /^Measurable skill gains/ });
    await expect_text(msg, /Measurable skill gains\s+2\s+2\s+100\.0%/);
    const chart = staff.getByRole('img', { name: /Primary indicators, PY2023Q3/ });
    expect(await chart.getAttribute('aria-label')).toContain('Measurable skill gains 100.0% (2 of 2)');
    await chart.locator('.recharts-bar-rectangle').first().waitFor();
    await staff
      .getByRole('row', { name: /S-DEV-STAFF/ })
      .first()
      .waitFor();
    await axe(staff, 'reports (staff)');
    await screenshot(staff, 'console-part2-reports');
  });

  it('a supervisor downloads the PIRL export and reads the access log', async () => {
    await open(supervisor, '/reports?period=PY2023Q3&program=ADULT', 'Reports');
    const download = supervisor.waitForEvent('download');
    await supervisor.getByRole('button', { name: 'Download PIRL export' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('pirl-PY2023Q3.csv');
    const path = await file.path();
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(path, 'utf8').split('\n')[0]).toBe(
      '100,200,900,901,903,904,905,923,1303,1332,1401,1600,1602,1604,1606,1618,1703,1704,1705,1706,1800,1801,1806,1807,1808,1809,1810,1811,1900,1901',
    );
    await supervisor.getByRole('heading', { name: 'Access log' }).waitFor();
    await supervisor.getByRole('cell', { name: 'export', exact: true }).first().waitFor({ timeout: 10_000 });
    await axe(supervisor, 'reports (supervisor)');
    await screenshot(supervisor, 'console-part2-reports-supervisor');
  });

  it('a supervisor pages through the access log of one case', async () => {
    // More reads of one case than a page holds (50), each an access-log entry (R-AUDIT-1).
    const plan = cases.plan!;
    for (let i = 0; i < 51; i++) expect((await c.stack.http.get(`/api/v1/applications/${plan.id}`)).status).toBe(200);
    await open(supervisor, '/reports?period=PY2023Q3&program=ADULT', 'Reports');
    const filters = supervisor.getByRole('form', { name: 'Access log filters' });
    await filters.getByLabel('Case id').fill(plan.id);
    await filters.getByRole('button', { name: 'Filter the access log' }).click();
    const summary = supervisor.getByText(/^(Entries \d+–\d+ of \d+|No entries) \(reads of a case/);
    await expect_text(summary, /^Entries 1–50 of (\d+)/);
    const total = Number(/of (\d+)/.exec(await summary.innerText())![1]);
    expect(total).toBeGreaterThanOrEqual(51);
    const pages = supervisor.getByRole('navigation', { name: 'Pages of the access log' });
    expect(await pages.getByRole('button', { name: 'Previous page' }).isDisabled()).toBe(true);
    await pages.getByRole('button', { name: 'Next page' }).click();
    await expect_text(summary, new RegExp(`^Entries 51–${Math.min(total, 100)} of ${total}`));
    // The second page holds the entries after the first 50 (the API was asked from offset 50), all of the filtered case.
    const caseLinks = supervisor.getByRole('table', { name: /Who read, exported or changed what/ }).getByRole('link', { name: /^Case / });
    await expect_count(caseLinks, Math.min(50, total - 50));
    expect(new Set(await caseLinks.allInnerTexts())).toEqual(new Set([`Case ${plan.id.slice(0, 8)}`]));
    await pages.getByRole('button', { name: 'Previous page' }).click();
    await expect_text(summary, /^Entries 1–50 of /);
    await axe(supervisor, 'reports (access log, paged)');
  });
});

/** Waits until a locator matches exactly `n` elements. */
async function expect_count(l: Locator, n: number, timeout = 15_000): Promise<void> {
  const deadline = Date.now() + timeout;
  let last = -1;
  while (Date.now() < deadline) {
    last = await l.count();
    if (last === n) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`expected ${n} elements, last count: ${last}`);
}

/** Waits until a locator's text matches. */
async function expect_text(l: Locator, re: RegExp, timeout = 15_000): Promise<void> {
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    last = (
      await l
        .first()
        .innerText()
        .catch(() => '')
    ).replace(/\s+/g, ' ');
    if (re.test(last)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`expected ${String(re)}, last text: ${last}`);
}

describe('assessment and plan (R-UI-4)', () => {
  it('the twelve sections, a plan and a goal entered on screen; the plan prints as a PDF', async () => {
    await open(staff, `/cases/${cases.plan!.id}`, /Planner/);
    // No plan before the assessment is complete: not offered.
    expect(await staff.getByRole('button', { name: 'Create plan' }).count()).toBe(0);
    const assessment = form(staff, 'Record an assessment section');
    const sections = await assessment
      .getByLabel('Assessment section', { exact: true })
      .locator('option')
      .evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value));
    expect(sections).toHaveLength(12);
    for (const [i, section] of sections.entries()) {
      await assessment.getByLabel('Assessment section', { exact: true }).selectOption(section);
      await assessment.getByLabel('Section summary', { exact: true }).fill(`Reviewed ${section}.`);
      await assessment.getByRole('button', { name: 'Record assessment section' }).click();
      await staff.getByText(`${i + 1} of 12 sections complete`).waitFor({ timeout: 15_000 });
    }
    const create = form(staff, 'New plan');
    await create.getByRole('button', { name: 'Create plan' }).click();
    await staff.getByRole('heading', { name: 'IEP started 2024-01-10, open' }).waitFor({ timeout: 15_000 });

    const goal = form(staff, 'New goal');
    await goal.getByLabel('Goal', { exact: true }).fill('A job as a welder.');
    await goal.getByLabel('Estimated completion date', { exact: true }).fill('2024-06-28');
    await goal.getByRole('button', { name: 'Add goal' }).click();
    await staff.getByText(/Employment goal \(short term, Adult\): open/).waitFor({ timeout: 15_000 });
    await axe(staff, 'case page (assessment and plan)');
    await sectionShot(staff, /^Plan \(/, 'console-part2-plan');
    await sectionShot(staff, 'Objective assessment', 'console-part2-assessment');

    const [response] = await Promise.all([
      staff.waitForResponse((r) => /\/plans\/[^/]+\/document$/.test(new URL(r.url()).pathname)),
      staff.getByRole('button', { name: 'Print IEP (PDF)' }).click(),
    ]);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toMatch(/^application\/pdf/);
  });
});

describe('corrections (R-UI-4, R-DCR)', () => {
  it('staff request an end-date correction; a supervisor approves it and the soft exit date moves', async () => {
    await open(staff, `/cases/${cases.correction!.id}`, /Corrigan/);
    await staff.getByText('Soft exit date 2024-04-10').waitFor({ timeout: 15_000 });
    const request = form(staff, 'Request a correction');
    await request.getByLabel('Corrected actual end date', { exact: true }).fill('2024-01-08');
    await request.getByLabel('Reason for the correction', { exact: true }).fill('The last session was on Monday.');
    await request.getByRole('button', { name: 'Request correction' }).click();
    await staff.getByText(/actual end date to 2024-01-08\. Waiting for a supervisor/).waitFor({ timeout: 15_000 });
    // The requester cannot approve their own request: not offered.
    expect(await staff.getByRole('button', { name: 'Approve correction' }).count()).toBe(0);

    await open(supervisor, `/cases/${cases.correction!.id}`, /Corrigan/);
    await supervisor.getByRole('button', { name: 'Approve correction' }).click();
    await supervisor.getByText('Soft exit date 2024-04-08').waitFor({ timeout: 15_000 });
    await axe(supervisor, 'case page (corrections)');
    // The requester's open page follows within 10 s, the timeline with it.
    await staff.getByText('Soft exit date 2024-04-08').waitFor({ timeout: 10_000 });
    expect(await staff.getByRole('img', { name: 'Exit clock timeline' }).count()).toBe(1);
    await sectionShot(staff, 'Corrections', 'console-part2-correction');
    await sectionShot(supervisor, 'Exit clock', 'console-part2-correction-timeline');
  });
});

describe('alerts and notifications (R-UI-7)', () => {
  it('subscriptions are saved; the daily job notifies; a notification is marked read', async () => {
    await open(staff, '/alerts', 'Alerts');
    await staff.getByRole('link', { name: 'Alert subscriptions' }).click();
    await staff.getByRole('heading', { level: 1, name: 'Alert subscriptions' }).waitFor();
    await staff.getByRole('checkbox', { name: 'Subscribe to Open activity past its projected end' }).check();
    await staff.getByRole('checkbox', { name: 'Subscribe to Exit approaching' }).check();
    const days = staff.getByLabel('Days: Exit approaching', { exact: true });
    await days.fill('100');
    await staff.getByRole('button', { name: 'Save subscriptions' }).click();
    expect(await days.getAttribute('aria-invalid')).toBe('true');
    await days.fill('10');
    await staff.getByLabel('How often: Exit approaching', { exact: true }).selectOption('daily_while_open');
    await staff.getByRole('button', { name: 'Save subscriptions' }).click();
    await staff.getByText('Subscriptions saved.').waitFor({ timeout: 10_000 });
    await axe(staff, 'alert subscriptions');
    await screenshot(staff, 'console-part2-settings');
    const saved = await c.stack.http.get('/api/v1/me/alert-subscriptions');
    expect(saved.body.subscriptions).toEqual(
      expect.arrayContaining([
        { type: 'exit_approaching', days: 10, notify: 'daily_while_open' },
        { type: 'open_activity_past_projected_end', notify: 'on_the_day' },
      ]),
    );

    // The 06:00 job, run now for the sandbox's today: the open activity past its projected end notifies.
    const run = await c.stack.http.post('/api/v1/notifications/run', { day: '2024-01-10' }, { token: 'dev-supervisor' });
    expect(run.status).toBe(200);
    await open(staff, '/alerts', 'Alerts');
    const notifications = staff.getByRole('region', { name: 'Notifications' });
    const mark = notifications.getByRole('button', {
      name: new RegExp(`^Mark as read: Open activity past its projected end, 2024-01-10, case ${cases.alert!.id.slice(0, 8)}`),
    });
    await mark.waitFor({ timeout: 15_000 });
    await axe(staff, 'alerts and notifications');
    await screenshot(staff, 'console-part2-alerts');
    await mark.click();
    await notifications.getByText('No unread notification.').waitFor({ timeout: 10_000 });
    // USWDS draws the radio on its label (the input itself sits off screen).
    await notifications.locator('label', { hasText: /^All$/ }).click();
    expect(await notifications.getByRole('radio', { name: 'All' }).isChecked()).toBe(true);
    await notifications.getByRole('cell', { name: 'Read', exact: true }).first().waitFor({ timeout: 10_000 });
  });

  it('an open alert shows by type with its case and a count in the header; closing the activity on screen clears it', async () => {
    await open(staff, '/alerts', 'Alerts');
    const section = staff.getByRole('region', { name: /Open activity past its projected end/ });
    await section.waitFor({ timeout: 15_000 });
    await staff
      .getByRole('navigation', { name: 'Main' })
      .getByText(/open alerts?/)
      .waitFor();
    await section.getByRole('link', { name: `Case ${cases.alert!.id.slice(0, 8)}` }).click();
    await staff.getByRole('heading', { level: 1, name: /Alertson/ }).waitFor({ timeout: 15_000 });
    const alerts = staff.getByRole('region', { name: 'Alerts', exact: true });
    await alerts.getByText(/Open activity past its projected end since 2024-01-06/).waitFor({ timeout: 15_000 });
    const close = form(staff, /open activity ends/i);
    await close.getByLabel('Actual end date', { exact: true }).fill('2024-01-10');
    await close.getByLabel('Completion', { exact: true }).selectOption('successful');
    await close.getByRole('button', { name: 'Close activity' }).click();
    await alerts.getByText('No open alert.').waitFor({ timeout: 15_000 });
  });
});

describe('import (R-UI-9) and groups (R-GRP)', () => {
  const line = (externalId: string, activity: Record<string, unknown>) =>
    JSON.stringify({
      externalId,
      participant: { firstName: 'Legacy', lastName: `Imported${externalId.slice(-1) === '1' ? 'One' : 'Two'}`, birthDate: '1977-05-25' },
      application: { programs: ['ADULT'], eligibilityDate: '2024-01-02', office: 'LA-2703', participationDate: '2024-01-03' },
      activities: [{ ref: 'a1', code: '101', program: 'ADULT', actualBeginDate: '2024-01-03', projectedEndDate: '2024-01-31', ...activity }],
    });

  it('a file imported on screen: dry run, import, the progress bar and the error lines', async () => {
    await supervisor.getByRole('link', { name: 'Import', exact: true }).click();
    await supervisor.getByRole('heading', { level: 1, name: 'Import' }).waitFor();
    const file = [
      line('LEG-1', { actualEndDate: '2024-01-10', completionCode: 'successful' }),
      line('LEG-2', { actualEndDate: '2024-01-02', completionCode: 'successful' }),
      '{"externalId": "LEG-3", "participant": ',
    ].join('\n');
    await supervisor
      .getByLabel('NDJSON file', { exact: true })
      .setInputFiles({ name: 'legacy.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(`${file}\n`) });
    await supervisor.getByRole('button', { name: 'Dry run' }).click();
    await supervisor.getByRole('heading', { name: 'Dry run result' }).waitFor({ timeout: 20_000 });
    await supervisor.getByText('3 lines: 1 would be created, 0 skipped (already imported), 2 failed.').waitFor();

    await supervisor.getByRole('button', { name: 'Import', exact: true }).click();
    await supervisor.getByRole('heading', { name: 'Import result' }).waitFor({ timeout: 30_000 });
    await supervisor.getByText('3 lines: 1 created, 0 skipped (already imported), 2 failed.').waitFor();
    expect(await supervisor.getByRole('progressbar').getAttribute('value')).toBe('100');
    const errors = supervisor.getByRole('table', { name: /Errors/ });
    const rows = errors.getByRole('row');
    expect(await rows.count()).toBeGreaterThanOrEqual(3);
    await errors.getByRole('row', { name: /^2 LEG-2 activities\[0\]/ }).waitFor();
    await errors.getByRole('row', { name: /^3 — / }).waitFor();
    await axe(supervisor, 'import');
    await screenshot(supervisor, 'console-part2-import');
  });

  it('a supervisor creates a group and changes its members', async () => {
    await supervisor.getByRole('link', { name: 'Groups', exact: true }).click();
    await supervisor.getByRole('heading', { level: 1, name: 'Case management groups' }).waitFor();
    const create = form(supervisor, 'Create a group');
    await create.getByLabel('Group name', { exact: true }).fill('Harbor team');
    await create.getByLabel('Office', { exact: true }).fill('OAK-1');
    await create.getByLabel('Lead staff id', { exact: true }).fill('S-DEV-SUPERVISOR');
    await create.getByLabel('Members', { exact: true }).fill('S-DEV-NOBODY');
    await create.getByRole('button', { name: 'Create group' }).click();
    await create.getByRole('alert').waitFor({ timeout: 10_000 });
    expect(await create.getByLabel('Members', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await create.getByLabel('Members', { exact: true }).fill('S-DEV-STAFF');
    await create.getByRole('button', { name: 'Create group' }).click();
    await supervisor.getByRole('row', { name: /Harbor team OAK-1 Adult S-DEV-SUPERVISOR .*S-DEV-STAFF/ }).waitFor({ timeout: 10_000 });

    const edit = form(supervisor, 'Members of Harbor team');
    await edit.getByLabel('Members', { exact: true }).fill('S-DEV-SUPERVISOR');
    await edit.getByRole('button', { name: 'Save group' }).click();
    await supervisor.getByRole('row', { name: /Harbor team OAK-1 Adult S-DEV-SUPERVISOR S-DEV-SUPERVISOR Cases/ }).waitFor({ timeout: 10_000 });
    await axe(supervisor, 'groups');
    await screenshot(supervisor, 'console-part2-groups');
  });
});

describe('a viewer (R-UI-4)', () => {
  it('reads the plan, the corrections and the reports, and is offered no command', async () => {
    const viewer = await openConsole(c.browser, c.origin);
    try {
      const v = viewer.page;
      await signInAsDev(v, 'dev-viewer');
      await open(v, `/cases/${cases.plan!.id}`, /Planner/);
      await v.getByRole('heading', { name: 'IEP started 2024-01-10, open' }).waitFor({ timeout: 15_000 });
      for (const name of [
        'Record assessment section',
        'Create plan',
        'Add goal',
        'Add objective',
        'Link service',
        'Close plan',
        'Request correction',
        'Approve correction',
      ]) {
        expect({ name, count: await v.getByRole('button', { name, exact: true }).count() }).toEqual({ name, count: 0 });
      }
      // The printable plan is a read: a viewer may print it.
      await v.getByRole('button', { name: 'Print IEP (PDF)' }).waitFor();
      await open(v, '/reports', 'Reports');
      await v.getByRole('row', { name: /^Measurable skill gains/ }).waitFor({ timeout: 15_000 });
      expect(await v.getByRole('button', { name: 'Download PIRL export' }).count()).toBe(0);
      expect(await v.getByRole('heading', { name: 'Data quality review' }).count()).toBe(0);
      await axe(v, 'reports (viewer)');
      expect(viewer.problems.errors).toEqual([]);
    } finally {
      await viewer.context.close();
    }
  });
});
