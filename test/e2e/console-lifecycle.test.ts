/**
 * SPEC §13 R-UI-3 … R-UI-6, R-UI-10 … R-UI-13 in Chromium: a case's whole life in the staff console, on the
 * real service in sandbox mode (time-skipping Temporal server whose clock starts on 2024-01-10, real
 * PostgreSQL). The console is driven only by role and accessible name (R-UI-12), the intake by keyboard only.
 *
 * The case: eligibility 2024-01-02, participation 2024-01-03 with activity 101 (a refused first try with an
 * unknown activity code keeps what was typed), the activity closed on 2024-01-10 → soft exit date 2024-04-10
 * (L + 91); a second staff member's case note shows on the open page; the sandbox clock moves 91 days → the
 * case exits (exit date 2024-01-10, retroactively) and its first follow-up (due 2024-06-30) takes a contact
 * attempt and its completion. A viewer is offered no command. axe-core runs on every page visited.
 */
import type { Locator, Page } from 'playwright-core';
import { eventually } from '../helpers/wait';
import { axe, openConsole, screenshot, signInAsDev, startConsoleStack, type ConsoleStack, type PageProblems } from '../helpers/console';

/** Every command of the case page (R-UI-12): none is offered to a viewer. */
const CASE_COMMANDS = [
  'Record participation',
  'Add activity',
  'Begin activity',
  'Close activity',
  'Add case note',
  'Request planned break',
  'Approve planned break',
  'Record closure',
  'Record exclusionary exit',
  'Record contact attempt',
  'Complete follow-up',
  'Add credential',
  'Add skill gain',
];

let c: ConsoleStack;
let page: Page;
let problems: PageProblems;
let closeContext: () => Promise<void>;
/** The case created through the console's intake. */
let caseId: string;
/** Cases created through the API for the caseload's search. */
const seeded: Record<string, { id: string; pirlId: string }> = {};

beforeAll(async () => {
  c = await startConsoleStack({ name: 'console_lifecycle' });
  const { http } = c.stack;
  for (const [firstName, lastName] of [
    ['Samuel', 'Okafor'],
    ['Grace', 'Okonkwo'],
    ['Ruth', 'Smithers'],
  ] as const) {
    const p = await http.post('/api/v1/participants', { firstName, lastName, birthDate: '1980-05-06' });
    expect(p.status).toBe(201);
    const a = await http.post('/api/v1/applications', {
      participantId: p.body.id,
      programs: ['ADULT'],
      eligibilityDate: '2024-01-02',
      office: 'LA-2703',
      caseManagerId: 'S-DEV-STAFF',
    });
    expect(a.status).toBe(201);
    seeded[lastName] = { id: a.body.id, pirlId: p.body.pirlId };
  }
  const opened = await openConsole(c.browser, c.origin);
  ({ page, problems } = opened);
  closeContext = () => opened.context.close();
}, 240_000);

afterAll(async () => {
  await closeContext?.();
  await c?.stop();
});

afterEach(() => {
  // No uncaught script error and no Content-Security-Policy violation on any page of the journey.
  expect(problems.errors).toEqual([]);
});

/** The caseload's row of a participant (by last name). */
const row = (last: string): Locator => page.getByRole('row').filter({ hasText: last });

/** Waits until the locator matches nothing (a row filtered away). */
const gone = (l: Locator, timeout = 12_000): Promise<void> => l.first().waitFor({ state: 'detached', timeout });

/**
 * The form of a command: the form holding the button of that name; when the page shows only a button that
 * opens it, that button is pressed first.
 */
async function commandForm(name: string, nth = 0): Promise<Locator> {
  const forms = page.locator('form').filter({ has: page.getByRole('button', { name, exact: true }) });
  if ((await forms.count()) <= nth) {
    await page.getByRole('button', { name, exact: true }).nth(nth).click();
  }
  const form = forms.nth(nth);
  await form.waitFor({ timeout: 10_000 });
  return form;
}

/** Chooses an option of a labelled control, whether it is a select or a text field. */
async function choose(field: Locator, value: string | { label: string | RegExp }): Promise<void> {
  const tag = await field.evaluate((el) => el.tagName.toLowerCase());
  if (tag === 'select') {
    if (typeof value === 'string') {
      const values = await field.locator('option').evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value));
      if (values.includes(value)) await field.selectOption(value);
      else await field.selectOption({ label: value });
    } else if (typeof value.label === 'string') await field.selectOption({ label: value.label });
    else {
      const labels = await field.locator('option').allInnerTexts();
      const match = labels.find((l) => (value.label as RegExp).test(l));
      if (!match) throw new Error(`no option matching ${String(value.label)} among ${labels.join(' | ')}`);
      await field.selectOption({ label: match });
    }
  } else await field.fill(typeof value === 'string' ? value : String(value.label));
}

/** Presses Tab until `target` has the focus (at most `max` times): reaching a control by keyboard only. */
async function tabTo(target: Locator, max = 60): Promise<void> {
  for (let i = 0; i < max; i += 1) {
    if (await target.evaluate((el) => el === (globalThis as any).document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab did not reach ${target.toString()} in ${max} presses`);
}

/** A focused control shows its focus (an outline or a ring). */
async function expectVisibleFocus(target: Locator): Promise<void> {
  const shown = await target.evaluate((el) => {
    const s = (globalThis as any).getComputedStyle(el);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
  });
  expect(shown).toBe(true);
}

/** Types a date by keyboard into a date input (its segments in the en-US order) or a text field. */
async function typeDate(field: Locator, iso: string): Promise<void> {
  const [y, m, d] = iso.split('-');
  if ((await field.getAttribute('type')) === 'date') await page.keyboard.type(`${m}${d}${y}`);
  else await page.keyboard.type(iso);
  expect(await field.inputValue()).toBe(iso);
}

describe('the caseload (R-UI-3)', () => {
  it('dev-staff signs in to the caseload: its columns, the sandbox date, the cases', async () => {
    await page.getByRole('button', { name: 'Sign in as dev-staff' }).waitFor({ timeout: 20_000 });
    await axe(page, 'sign-in');
    await signInAsDev(page, 'dev-staff');
    await page.waitForURL(/\/caseload\b/);
    for (const name of ['Participant', 'Status', 'Soft exit date']) await page.getByRole('columnheader', { name }).first().waitFor({ timeout: 20_000 });
    await page.getByText('Sandbox date 2024-01-10').first().waitFor();
    for (const last of Object.keys(seeded)) await row(last).first().waitFor({ timeout: 15_000 });
    await axe(page, 'caseload');
    await screenshot(page, 'console-caseload');
  });

  it('a case created elsewhere shows on the open caseload within 10 s, without a reload (R-UI-11)', async () => {
    const { http } = c.stack;
    const p = await http.post('/api/v1/participants', { firstName: 'Wren', lastName: 'Elsewhere', birthDate: '1991-08-09' });
    expect(p.status).toBe(201);
    const a = await http.post(
      '/api/v1/applications',
      { participantId: p.body.id, programs: ['DISLOCATED_WORKER'], eligibilityDate: '2024-01-05', office: 'LA-2703', caseManagerId: 'S-DEV-STAFF' },
      { token: 'dev-supervisor' },
    );
    expect(a.status).toBe(201);
    await row('Elsewhere').first().waitFor({ timeout: 10_000 });
  });

  it('searches by last-name prefix (any case) and by exact PIRL id', async () => {
    const search = page
      .getByRole('searchbox', { name: 'Search cases' })
      .or(page.getByRole('textbox', { name: 'Search cases' }))
      .first();
    await search.fill('oKa');
    await search.press('Enter');
    await row('Okafor').first().waitFor();
    await gone(row('Okonkwo'));
    await gone(row('Smithers'));
    await gone(row('Elsewhere'));

    await search.fill(seeded.Smithers!.pirlId);
    await search.press('Enter');
    await row('Smithers').first().waitFor();
    await gone(row('Okafor'));

    // A PIRL id matches only exactly.
    await search.fill(seeded.Smithers!.pirlId.slice(0, 11));
    await search.press('Enter');
    await gone(row('Smithers'));

    await search.fill('');
    await search.press('Enter');
    await row('Okonkwo').first().waitFor();
  });
});

describe('intake by keyboard only (R-UI-6, R-UI-12)', () => {
  it('Tab, type, Space and Enter create the participant and the application, then the case page', async () => {
    await tabTo(page.getByRole('link', { name: 'Intake', exact: true }).first());
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/intake\b/);
    await page.getByLabel('First name', { exact: true }).waitFor();
    await axe(page, 'intake');

    const first = page.getByLabel('First name', { exact: true });
    await tabTo(first);
    await expectVisibleFocus(first);
    await page.keyboard.type('Ada');
    const last = page.getByLabel('Last name', { exact: true });
    await tabTo(last);
    await page.keyboard.type('Lovelace');
    const birth = page.getByLabel('Birth date', { exact: true });
    await tabTo(birth);
    await typeDate(birth, '1977-05-25');
    const ssn = page.getByLabel('SSN (optional)', { exact: true });
    await tabTo(ssn);
    await page.keyboard.type('123456789');
    // Masked while typed.
    expect(await ssn.getAttribute('type')).toBe('password');
    const eligibility = page.getByLabel('Eligibility date', { exact: true });
    await tabTo(eligibility);
    await typeDate(eligibility, '2024-01-02');
    const office = page.getByLabel('Office', { exact: true });
    await tabTo(office);
    if ((await office.evaluate((el) => el.tagName.toLowerCase())) === 'select') {
      // A select takes its choice by typing the start of the option (keyboard type-ahead).
      await page.keyboard.type('LA-2703');
      expect(await office.inputValue()).toBe('LA-2703');
    } else {
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.type('LA-2703');
    }
    const adult = page.getByRole('checkbox', { name: 'Adult', exact: true });
    await tabTo(adult);
    await page.keyboard.press('Space');
    expect(await adult.isChecked()).toBe(true);
    const create = page.getByRole('button', { name: 'Create participant and application' });
    await tabTo(create);
    await expectVisibleFocus(create);
    await page.keyboard.press('Enter');

    // Participation is the next step (in the intake or on the case page).
    await page.getByLabel('Participation date', { exact: true }).first().waitFor({ timeout: 20_000 });
    await axe(page, 'intake: participation step');
  });

  it('a refused command keeps its input and shows the API problem as an alert (R-UI-5)', async () => {
    const form = await commandForm('Record participation');
    await form.getByLabel('Participation date', { exact: true }).fill('2024-01-03');
    await choose(form.getByLabel('Activity code', { exact: true }), '999');
    await choose(form.getByLabel('Program', { exact: true }), { label: /adult/i });
    const projected = form.getByLabel('Projected end date', { exact: true });
    if ((await projected.count()) > 0) await projected.fill('2024-01-31');
    const note = form.getByLabel('Case note', { exact: true });
    if ((await note.count()) > 0) await note.fill('Initial assessment completed.');
    await form.getByRole('button', { name: 'Record participation', exact: true }).click();

    const alert = form.getByRole('alert');
    await alert.waitFor({ timeout: 15_000 });
    expect(await alert.innerText()).toMatch(/activity code|UNKNOWN_ACTIVITY_CODE/i);
    expect(await form.getByLabel('Participation date', { exact: true }).inputValue()).toBe('2024-01-03');
    expect(await form.getByLabel('Activity code', { exact: true }).inputValue()).toBe('999');
    // …and at the field it names.
    expect(await form.getByLabel('Activity code', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    if ((await note.count()) > 0) expect(await note.inputValue()).toBe('Initial assessment completed.');
    await axe(page, 'refused command');
    await screenshot(page, 'console-refused-command');

    await choose(form.getByLabel('Activity code', { exact: true }), '101');
    await form.getByRole('button', { name: 'Record participation', exact: true }).click();
    await page.waitForURL(/\/cases\/[^/]+$/, { timeout: 20_000 });
    caseId = new URL(page.url()).pathname.split('/').pop()!;
    await page
      .getByText(/participating/i)
      .first()
      .waitFor({ timeout: 15_000 });
    // The SSN is never shown back: only its last four.
    const text = await page.locator('body').innerText();
    expect(text).toContain('6789');
    expect(text).not.toMatch(/123-?45-?6789/);
  });
});

describe('the case page through the soft exit (R-UI-4, R-UI-10, R-UI-11)', () => {
  it('closing the service starts the exit clock: soft exit date 2024-04-10 and the timeline', async () => {
    const form = await commandForm('Close activity');
    const end = form.getByLabel('Actual end date', { exact: true });
    // A date after the sandbox's today is refused; what was typed stays, the problem shows at the field.
    await end.fill('2024-02-01');
    await choose(form.getByLabel('Completion', { exact: true }), { label: /success/i });
    await form.getByRole('button', { name: 'Close activity', exact: true }).click();
    await form.getByRole('alert').waitFor({ timeout: 15_000 });
    expect(await end.inputValue()).toBe('2024-02-01');
    expect(await end.getAttribute('aria-invalid')).toBe('true');
    expect((await c.stack.http.get(`/api/v1/applications/${caseId}`)).body.activities[0].status).toBe('open');

    await end.fill('2024-01-10');
    await form.getByRole('button', { name: 'Close activity', exact: true }).click();
    await page.getByText('Soft exit date 2024-04-10').first().waitFor({ timeout: 15_000 });
    await page.getByRole('img', { name: 'Exit clock timeline' }).waitFor();
    // The commands a participating case allows, under their contract names (R-UI-12).
    for (const name of ['Add activity', 'Add case note', 'Record closure', 'Record exclusionary exit', 'Add credential', 'Add skill gain']) {
      await page.getByRole('button', { name, exact: true }).first().waitFor();
    }
    for (const label of ['Actual begin date', 'Projected end date', 'Subject', 'Case note', 'Contact date']) {
      await page.getByLabel(label, { exact: true }).first().waitFor();
    }
    await axe(page, 'case page (clock running)');
    await screenshot(page, 'console-case-before-exit');
  });

  it("a second staff member's command shows on the open page within 10 s, without a reload", async () => {
    const note = await c.stack.http.post(
      `/api/v1/applications/${caseId}/case-notes`,
      { contactDate: '2024-01-10', subject: 'Supervisor review', body: 'Reviewed the closed orientation.' },
      { token: 'dev-supervisor' },
    );
    expect(note.status).toBe(201);
    // The audit trail names who did what.
    await page.getByRole('row').filter({ hasText: 'S-DEV-SUPERVISOR' }).first().waitFor({ timeout: 10_000 });
  });

  it('an open, quiet case page reads the case again only when it changes: the access log does not fill with polls', async () => {
    const reads = async (): Promise<number> => {
      const log = await c.stack.http.get(`/api/v1/reports/access-log?applicationId=${caseId}&staffId=S-DEV-STAFF&limit=200`, { token: 'dev-supervisor' });
      expect(log.status).toBe(200);
      return (log.body.items as { action: string }[]).filter((e) => e.action === 'read').length;
    };
    const before = await reads();
    // Longer than two polling intervals (5 s): a page that polled the case would have read it again.
    await page.waitForTimeout(11_000);
    expect(await reads()).toBe(before);
    await page.getByRole('img', { name: 'Exit clock timeline' }).waitFor();
  });

  it('the sandbox clock moves 91 days: the case exits, the page redraws, only follow-up commands remain', async () => {
    await page.getByLabel('Days', { exact: true }).fill('91');
    await page.getByRole('button', { name: 'Advance clock' }).click();
    await page.getByText('Sandbox date 2024-04-10').first().waitFor({ timeout: 20_000 });
    await page
      .getByText(/\bexited\b/i)
      .first()
      .waitFor({ timeout: 10_000 });
    expect(await page.getByText(/Soft exit date \d{4}-\d{2}-\d{2}/).count()).toBe(0);
    // What the exited case does not allow is not offered (a closure form stays: the API takes it after a soft exit).
    for (const name of ['Record participation', 'Request planned break', 'Record exclusionary exit', 'Begin activity', 'Close activity']) {
      expect({ name, count: await page.getByRole('button', { name, exact: true }).count() }).toEqual({ name, count: 0 });
    }
    // Activities after the exit: follow-up (F) codes only.
    if ((await page.getByRole('button', { name: 'Add activity', exact: true }).count()) > 0) {
      const add = await commandForm('Add activity');
      const offered = await add
        .getByLabel('Activity code', { exact: true })
        .evaluate((el: any) => [...(el.list?.options ?? el.options ?? [])].map((o: any) => String(o.value)).filter(Boolean));
      expect(offered.length).toBeGreaterThan(0);
      expect(offered.filter((code) => !/^F/i.test(code))).toEqual([]);
    }
    await page.getByRole('img', { name: 'Exit clock timeline' }).waitFor();
    await axe(page, 'case page (exited)');
    await screenshot(page, 'console-case-after-exit');
    const view = await c.stack.http.get(`/api/v1/applications/${caseId}`);
    expect(view.body).toMatchObject({ status: 'exited' });
  });

  it('the first follow-up takes a contact attempt and its completion', async () => {
    const attempt = await commandForm('Record contact attempt');
    await attempt.getByLabel('Contact date', { exact: true }).fill('2024-04-10');
    for (const [label, value] of [
      ['Time', '09:30'],
      ['Type', { label: /phone/i }],
      ['Contact type', { label: /phone/i }],
      ['Outcome', { label: /reached/i }],
    ] as const) {
      const field = attempt.getByLabel(label, { exact: true });
      if ((await field.count()) > 0) await choose(field, value);
    }
    await attempt.getByRole('button', { name: 'Record contact attempt', exact: true }).click();
    await eventually(
      () => c.stack.http.get(`/api/v1/applications/${caseId}`),
      (r) => (r.body.followUps?.[0]?.contactAttempts?.length ?? 0) === 1,
      10_000,
      'the contact attempt in the view',
    );

    const complete = await commandForm('Complete follow-up');
    const date = complete.getByLabel(/date/i).first();
    await date.fill('2024-04-10');
    const contactType = complete.getByLabel('Contact type', { exact: true });
    if ((await contactType.count()) > 0) await choose(contactType, { label: /phone/i });
    const worked = complete.getByRole('checkbox', { name: /worked/i });
    if ((await worked.count()) > 0) await worked.check();
    const employer = complete.getByLabel(/employer/i).first();
    if ((await employer.count()) > 0) await employer.fill('Acme Tools');
    await complete.getByRole('button', { name: 'Complete follow-up', exact: true }).click();
    await eventually(
      () => c.stack.http.get(`/api/v1/applications/${caseId}`),
      (r) => r.body.followUps?.[0]?.status === 'completed',
      10_000,
      'the first follow-up completed',
    );
    await page
      .getByText(/\bcompleted\b/i)
      .filter({ visible: true })
      .first()
      .waitFor({ timeout: 10_000 });
    await axe(page, 'case page (follow-up completed)');
  });
});

describe('intake refusals and the alerts page', () => {
  it('an SSN already registered is refused at the SSN field; nothing typed is lost (R-UI-6, R-UI-5)', async () => {
    await page.getByRole('link', { name: 'Intake', exact: true }).first().click();
    await page.waitForURL(/\/intake\b/);
    await page.getByLabel('First name', { exact: true }).fill('Augusta');
    await page.getByLabel('Last name', { exact: true }).fill('King');
    await page.getByLabel('Birth date', { exact: true }).fill('1980-12-10');
    const ssn = page.getByLabel('SSN (optional)', { exact: true });
    await ssn.fill('123-45-6789');
    await page.getByLabel('Eligibility date', { exact: true }).fill('2024-04-01');
    await choose(page.getByLabel('Office', { exact: true }), 'LA-2703');
    await page.getByRole('checkbox', { name: 'Youth', exact: true }).check();
    await page.getByRole('button', { name: 'Create participant and application' }).click();
    const alert = page.getByRole('alert').filter({ hasText: /DUPLICATE_SSN|already/i });
    await alert.first().waitFor({ timeout: 15_000 });
    expect(await ssn.getAttribute('aria-invalid')).toBe('true');
    expect(await ssn.inputValue()).toBe('123-45-6789');
    expect(await page.getByLabel('First name', { exact: true }).inputValue()).toBe('Augusta');
    expect(await page.getByRole('checkbox', { name: 'Youth', exact: true }).isChecked()).toBe(true);
    await axe(page, 'intake (refused)');
  });

  it('the alerts page passes axe-core', async () => {
    await page.getByRole('link', { name: 'Alerts', exact: true }).first().click();
    await page.waitForURL(/\/alerts\b/);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.getByText('Sandbox date 2024-04-10').first().waitFor();
    await axe(page, 'alerts');
  });
});

describe('a viewer (R-UI-4)', () => {
  it('is offered no command on the case page, and no intake', async () => {
    const viewer = await openConsole(c.browser, c.origin);
    try {
      const v = viewer.page;
      await signInAsDev(v, 'dev-viewer');
      await v.goto(`${c.origin}/cases/${seeded.Okafor!.id}`);
      await v
        .getByRole('heading', { name: /Okafor/ })
        .first()
        .waitFor({ timeout: 20_000 });
      for (const name of CASE_COMMANDS) {
        expect({ name, count: await v.getByRole('button', { name, exact: true }).count() }).toEqual({ name, count: 0 });
      }
      expect(await v.getByRole('link', { name: 'Intake', exact: true }).count()).toBe(0);
      await axe(v, 'case page (viewer)');
      await v.goto(`${c.origin}/cases/${caseId}`);
      await v.getByRole('img', { name: 'Exit clock timeline' }).waitFor({ timeout: 20_000 });
      for (const name of CASE_COMMANDS) {
        expect({ name, count: await v.getByRole('button', { name, exact: true }).count() }).toEqual({ name, count: 0 });
      }
      expect(viewer.problems.errors).toEqual([]);
    } finally {
      await viewer.context.close();
    }
  });
});
