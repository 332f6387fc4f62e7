/**
 * R-OPS-1 in a real browser: a dev server with its Web UI wired to the service's codec route (what
 * `npm start` does: `--ui-codec-endpoint http://127.0.0.1:<api>/codec`), the service on loopback (so the
 * local UI needs no token), headless Chromium. A case created through the API shows, on its page, the
 * decoded Input, the summary, the current details and a decoded query answer; a follow-up child of an
 * exited case shows the same, and carries WioaOffice / WioaCaseManager. Screenshots go to
 * data/screenshots/ (look at them: they are what an operator sees).
 *
 * The dev server runs in real time, so no case created through the API reaches its soft exit (91 days)
 * here, and backdating stops at 90 days (R-ACT-4). The exited case is the real application workflow
 * started by the client with the state of a case whose last service was 95 days ago (built with the
 * workflow's own command specs): its first task records the soft exit and starts the four children.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { devServerEnv } from '../helpers/temporal';
import { startStack, type Stack } from '../helpers/stack';
import { eventually } from '../helpers/wait';
import { SCREENSHOTS_DIR, launchChromium } from '../helpers/browser';
import { SA, type ApplicationWorkflowInput, applicationWorkflowId, followUpWorkflowId } from '../../src/workflows/application/contract';
import { initialState, runCommand, type CommandSpec, type ApplicationState } from '../../src/workflows/application/state';
import { applyCreated, closeActivityCommand, participationCommand } from '../../src/workflows/application/commands';
import { applicationWorkflow } from '../../src/workflows/application/workflow';
import { staticSummary } from '../../src/api/services/operator-text';
import { addDays, agencyToday } from '../../src/domain/dates';
import { findCode } from '../../src/domain/activity-codes';
import { defaultActivityCatalog } from '../../src/domain/activity-catalog';
import { freePort } from '../helpers/ports';

const TZ = 'America/Los_Angeles';
const DAY = 86_400_000;
const office = `UI-${Date.now().toString(36)}`;
const today = agencyToday(Date.now(), TZ);

let env: TestWorkflowEnvironment;
let stack: Stack;
let browser: Browser;
let ui: string;
let apiPort: number;
let uiPort: number;
let applicationId: string;
let exitedId: string;

/** The state of a case that participated 100 days ago and whose only service ended 95 days ago. */
function exitedCaseState(input: ApplicationWorkflowInput): ApplicationState {
  const actor = { staffId: 'S-DEV-STAFF', role: 'staff' } as const;
  const at = (daysAgo: number): number => Date.now() - daysAgo * DAY;
  const state = initialState(input, new Date(at(110)).toISOString());
  const ctx = (now: number) => ({ now, commandId: randomUUID(), newId: randomUUID, patched: () => true });
  applyCreated(state, { ...ctx(at(110)), command: 'createApplication' });
  const run = <P, D>(spec: CommandSpec<P, D>, payload: P, now: number) => runCommand(state, spec, { actor, payload }, ctx(now)).result;
  const part = run(
    participationCommand,
    {
      participationDate: addDays(today, -100),
      activity: {
        code: '101',
        entry: findCode(defaultActivityCatalog, '101')!,
        program: 'ADULT',
        projectedEndDate: addDays(today, -95),
        caseNote: 'Assessment.',
      },
    },
    at(100),
  );
  run(closeActivityCommand, { activityId: part.activity!.id, actualEndDate: addDays(today, -95), completionCode: 'successful' }, at(95));
  return state;
}

beforeAll(async () => {
  [apiPort, uiPort] = [await freePort(), await freePort()];
  env = await devServerEnv({ ui: true, uiPort, extraArgs: ['--ui-codec-endpoint', `http://127.0.0.1:${apiPort}/codec`, '--ui-disable-news-fetch'] });
  ui = `http://127.0.0.1:${uiPort}`;
  stack = await startStack(env, { name: 'web_ui', mode: 'dev', port: apiPort, env: { TEMPORAL_UI_PORT: String(uiPort) } });
  expect(stack.config.codec.loopbackUiOrigins).toContain(ui);
  browser = await launchChromium();

  const { http } = stack;
  const p = await http.post('/api/v1/participants', { firstName: 'Uma', lastName: 'Interface', birthDate: '1975-04-05' });
  expect(p.status).toBe(201);
  const a = await http.post('/api/v1/applications', {
    participantId: p.body.id,
    programs: ['ADULT'],
    eligibilityDate: addDays(today, -20),
    office,
    caseManagerId: 'S-1042',
  });
  expect(a.status).toBe(201);
  applicationId = a.body.id;
  const part = await http.post(`/api/v1/applications/${applicationId}/participation`, {
    participationDate: addDays(today, -10),
    activity: { code: '101', program: 'ADULT', projectedEndDate: today, caseNote: 'Assessment.' },
  });
  expect(part.status).toBe(200);
  const closed = await http.post(`/api/v1/applications/${applicationId}/activities/${part.body.activity.id}/close`, {
    actualEndDate: addDays(today, -5),
    completionCode: 'successful',
  });
  expect(closed.status).toBe(200);

  // The exited case (see the file comment): its participant exists, so its projection lands too.
  const p2 = await http.post('/api/v1/participants', { firstName: 'Exa', lastName: 'Ited', birthDate: '1980-06-07' });
  exitedId = randomUUID();
  const input: ApplicationWorkflowInput = {
    applicationId: exitedId,
    participantId: p2.body.id,
    programs: ['ADULT'],
    eligibilityDate: addDays(today, -110),
    office,
    caseManagerId: 'S-1042',
    createdBy: { staffId: 'S-DEV-STAFF', role: 'staff' },
    agencyTimeZone: TZ,
    searchAttributes: true,
    followUpGraceDays: 90,
  };
  await env.client.workflow.start(applicationWorkflow, {
    taskQueue: stack.config.temporal.taskQueue,
    workflowId: applicationWorkflowId(exitedId),
    args: [input, exitedCaseState(input)],
    staticSummary: staticSummary(exitedId, ['ADULT'], office),
    typedSearchAttributes: [
      { key: SA.status, value: 'participating' },
      { key: SA.office, value: office },
      { key: SA.caseManager, value: 'S-1042' },
    ],
  });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  for (const id of [exitedId, applicationId].filter(Boolean)) {
    await env?.client.workflow
      .getHandle(applicationWorkflowId(id))
      .terminate('test over')
      .catch(() => undefined);
  }
  await stack?.stop();
  await env?.teardown();
});

/**
 * Everything readable on screen, whitespace-collapsed: the page's main area and every frame (the UI
 * renders Markdown — summaries, details, current details — in sandboxed iframes).
 */
async function screenText(page: Page): Promise<string> {
  const parts = [await page.innerText('main').catch(() => '')];
  for (const frame of page.frames()) {
    if (frame !== page.mainFrame()) parts.push(await frame.innerText('body').catch(() => ''));
  }
  return parts.join('\n').replace(/\s+/g, ' ');
}

/** The screen's text once it contains every one of `texts` (the UI decodes asynchronously). */
async function waitForTexts(page: Page, texts: string[], what: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const body = await screenText(page);
    const missing = texts.filter((t) => !body.includes(t.replace(/\s+/g, ' ')));
    if (missing.length === 0) return body;
    if (Date.now() > deadline) {
      await shot(page, `FAILED-${what.replace(/\W+/g, '-')}`);
      throw new Error(`${what}: not on screen: ${missing.join(' | ')}\n--- screen text ---\n${body.slice(0, 3000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`), fullPage: true });
}

/** Opens a workflow's page and checks Input, User Metadata and a query answer, all decoded. */
async function inspect(
  workflowId: string,
  name: string,
  expected: { input: string[]; summary: string; details: string[]; query: string; answer: string[] },
): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1400 } });
  const refused: string[] = [];
  page.on('response', (r) => {
    if (r.url().includes('/codec/') && r.status() !== 200) refused.push(`${r.status()} ${r.url()}`);
  });
  try {
    await page.goto(`${ui}/namespaces/default/workflows/${workflowId}`, { waitUntil: 'load' });
    await waitForTexts(page, expected.input, `${name}: decoded Input`);
    await shot(page, `${name}-input`);

    await page.getByRole('tab', { name: 'User Metadata' }).click();
    await waitForTexts(page, [expected.summary, ...expected.details], `${name}: summary and current details`);
    await shot(page, `${name}-user-metadata`);

    await page.getByRole('tab', { name: 'Queries' }).click();
    await waitForTexts(page, ['Query Type', 'Run Query'], `${name}: the query form`);
    // The first query type the worker reports is preselected; make sure it is ours.
    // The first query type the worker reports is preselected; make sure it is ours.
    if ((await page.getByTestId('query-select').inputValue()) !== expected.query) {
      await page.getByTestId('query-select-button').click();
      await page.getByRole('option', { name: expected.query, exact: true }).click();
    }
    await page.getByRole('button', { name: 'Run Query' }).click();
    await waitForTexts(page, expected.answer, `${name}: decoded query answer`);
    await shot(page, `${name}-query`);
    expect(refused).toEqual([]);
    // Nothing on screen is ciphertext.
    expect(await screenText(page)).not.toContain('binary/encrypted');
  } finally {
    await page.close();
  }
}

describe('an operator in the Temporal Web UI (dev server wired to the codec server, no token)', () => {
  it("a case's page: decoded Input, summary, current details (exit clock, next timer, alerts) and query answer", async () => {
    await inspect(applicationWorkflowId(applicationId), 'application', {
      input: ['"applicationId"', applicationId, `"office": "${office}"`],
      summary: `Application ${applicationId} · ADULT · ${office}`,
      details: [
        'Status: participating · case manager S-1042',
        `Exit clock: running · last service ${addDays(today, -5)}`,
        'Next timer: soft exit at',
        'days left',
        'Open alerts:',
      ],
      query: 'getApplicationView',
      answer: ['"exitClock"', '"softExitDate"', `"office": "${office}"`],
    });
  });

  it('a follow-up child of an exited case: linked to its parent, decoded, carrying WioaOffice and WioaCaseManager', async () => {
    const childId = followUpWorkflowId(exitedId, 1);
    const described = await eventually(
      () =>
        env.client.workflow
          .getHandle(childId)
          .describe()
          .catch(() => undefined),
      (d) => d !== undefined,
      30_000,
      'the follow-up child',
    );
    expect(described!.typedSearchAttributes.get(SA.office)).toBe(office);
    expect(described!.typedSearchAttributes.get(SA.caseManager)).toBe('S-1042');
    expect(described!.parentExecution?.workflowId).toBe(applicationWorkflowId(exitedId));

    await inspect(childId, 'follow-up', {
      input: ['"applicationId"', exitedId, '"parentWorkflowId"', '"quarter": 1'],
      summary: `Follow-up q1 of application ${exitedId}`,
      details: ['Follow-up q1', 'required'],
      query: 'getFollowUp',
      answer: ['"dueDate"', '"status": "required"'],
    });

    // The exited parent: its details say so, and its Relationships tab lists the children.
    const page = await browser.newPage({ viewport: { width: 1400, height: 1400 } });
    try {
      await page.goto(`${ui}/namespaces/default/workflows/${applicationWorkflowId(exitedId)}`, { waitUntil: 'load' });
      await page.getByRole('tab', { name: 'User Metadata' }).click();
      await waitForTexts(page, [`Application ${exitedId} · ADULT · ${office}`, 'Status: exited', 'Open follow-ups: q1'], 'exited parent details');
      await shot(page, 'exited-application-user-metadata');
      await page.getByRole('tab', { name: /Relationships/ }).click();
      await waitForTexts(page, [childId], 'the children in Relationships');
      await shot(page, 'exited-application-relationships');
    } finally {
      await page.close();
    }
  });
});
