/**
 * §8 outcomes on the time-skipping server: credentials (R-CRED-1…4), measurable skill gains
 * (R-MSG-1, R-MSG-2) and the credential window that holds an exited application open (R-CRED-3,
 * amended R-FU-7). Clock starts at the SPEC's exit vector (L = 2024-01-10, soft exit 2024-04-10).
 */
import type { WorkflowHandle } from '@temporalio/client';
import {
  addActivity,
  closeActivity,
  declineFollowUps,
  followUpWorkflowId,
  recordCredential,
  recordParticipation,
  recordSkillGain,
} from '../../src/workflows/application/contract';
import { completeFollowUp } from '../../src/workflows/follow-up/contract';
import { type CaseRun, STAFF, entry, casesStoppedAfterEach, rejection } from '../helpers/workflow-driver';
import { waitFor } from '../helpers/wait';

const newCase = casesStoppedAfterEach();

const DOC_REF = 'Diploma scan DOC-REF-73519 in drawer 4';
const GAIN_REF = 'Transcript GAIN-REF-20931';

/** Participation 2024-01-02 (101), training 328 from 2024-01-05; both closed 2024-01-10 (L). */
async function participatingCase(): Promise<{ run: CaseRun; orientation: string; training: string }> {
  const run = await newCase('2024-01-10T18:00:00Z', { eligibilityDate: '2023-12-01' });
  const p = await run.send(recordParticipation, {
    participationDate: '2024-01-02',
    activity: { code: '101', entry: entry('101'), program: 'ADULT', projectedEndDate: '2024-01-10', caseNote: 'Orientation.' },
  });
  const t = await run.send(addActivity, {
    code: '328',
    entry: entry('328'),
    program: 'ADULT',
    actualBeginDate: '2024-01-05',
    projectedEndDate: '2024-01-10',
    caseNote: 'Welding course.',
  });
  return { run, orientation: p.activity!.id, training: t.activity!.id };
}

async function closeAll(run: CaseRun, ids: string[]): Promise<void> {
  for (const activityId of ids) await run.send(closeActivity, { activityId, actualEndDate: '2024-01-10', completionCode: 'successful' });
}

/** Soft exit at L + 91 (exit date 2024-01-10) with four follow-ups. */
async function exit(run: CaseRun): Promise<void> {
  await run.advanceTo('2024-04-10T07:00:30Z');
  await waitFor(async () => (await run.view()).followUps.length === 4);
}

const child = (run: CaseRun, q: number): WorkflowHandle => run.env.client.workflow.getHandle(followUpWorkflowId(run.applicationId, q));
const auditCommands = (run: CaseRun) => run.batches.flatMap((b) => b.audit.map((a) => a.command));

describe('R-MSG-1 / R-MSG-2 measurable skill gains', () => {
  it('R-MSG-1 a gain on a training activity is recorded with its program year (R-MSG-2) and timeliness; its reference goes to PostgreSQL only', async () => {
    const { run, orientation, training } = await participatingCase();
    const res = await run.send(recordSkillGain, { type: 'training_milestone', achievedOn: '2024-01-05', activityId: training, documentationRef: GAIN_REF });
    expect(res.skillGain).toMatchObject({
      type: 'training_milestone',
      achievedOn: '2024-01-05',
      programYear: 'PY2023',
      activityId: training,
      recordedBy: STAFF.staffId,
      enteredOn: '2024-01-10',
      late: false,
    });
    expect(res.application.skillGains).toEqual([res.skillGain]);
    // R-TIMELY-1: dated Tue 2024-01-02, entered Wed 01-10 (six business days later) → late.
    const late = await run.send(recordSkillGain, { type: 'skills_progression', achievedOn: '2024-01-02', activityId: training, documentationRef: GAIN_REF });
    expect(late.skillGain).toMatchObject({ late: true, programYear: 'PY2023' });

    expect(
      await rejection(run.send(recordSkillGain, { type: 'training_milestone', achievedOn: '2024-01-05', activityId: orientation, documentationRef: GAIN_REF })),
    ).toBe('SKILL_GAIN_ACTIVITY_NOT_ELIGIBLE');
    expect(
      await rejection(
        run.send(recordSkillGain, { type: 'training_milestone', achievedOn: '2024-01-05', activityId: 'no-such-activity', documentationRef: GAIN_REF }),
      ),
    ).toBe('ACTIVITY_NOT_FOUND');
    expect(
      await rejection(run.send(recordSkillGain, { type: 'training_milestone', achievedOn: '2024-01-11', activityId: training, documentationRef: GAIN_REF })),
    ).toBe('FUTURE_DATE');
    expect(
      await rejection(run.send(recordSkillGain, { type: 'training_milestone', achievedOn: '2024-01-01', activityId: training, documentationRef: GAIN_REF })),
    ).toBe('DATE_BEFORE_PARTICIPATION');
    expect(await rejection(run.send(recordSkillGain, { type: 'diploma', achievedOn: '2024-01-05', activityId: training, documentationRef: GAIN_REF }))).toBe(
      'SKILL_GAIN_TYPE_INVALID',
    );

    await waitFor(() => run.batches.some((b) => (b.skillGains?.length ?? 0) > 0));
    const rows = run.batches.flatMap((b) => b.skillGains ?? []);
    expect(rows.map((g) => [g.id, g.documentationRef])).toEqual([
      [res.skillGain!.id, GAIN_REF],
      [late.skillGain!.id, GAIN_REF],
    ]); // each exactly once
    for (const b of run.batches) {
      expect(JSON.stringify(b.view)).not.toContain('GAIN-REF');
      expect(JSON.stringify(b.audit)).not.toContain('GAIN-REF');
    }
    expect(JSON.stringify(await run.view())).not.toContain('GAIN-REF');
  });

  it('R-MSG-1 after the soft exit a gain dated after the exit date is refused (SKILL_GAIN_AFTER_EXIT)', async () => {
    const { run, orientation, training } = await participatingCase();
    await closeAll(run, [orientation, training]);
    await exit(run);
    await run.advanceTo('2024-04-20T18:00:00Z');
    expect(
      await rejection(run.send(recordSkillGain, { type: 'training_milestone', achievedOn: '2024-04-15', activityId: training, documentationRef: GAIN_REF })),
    ).toBe('SKILL_GAIN_AFTER_EXIT');
  });
});

describe('R-CRED-1 … R-CRED-4 credentials and the credential window', () => {
  it('R-CRED-1 the activity must be on the application, `verified` needs a reference, before participation nothing is accepted', async () => {
    const run = await newCase('2024-01-10T18:00:00Z', { eligibilityDate: '2023-12-01' });
    expect(
      await rejection(run.send(recordCredential, { type: '5', attainedOn: '2024-01-10', activityId: 'x', verification: { method: 'copy_in_case_file' } })),
    ).toBe('NOT_PARTICIPATING');
    const p = await run.send(recordParticipation, {
      participationDate: '2024-01-02',
      activity: { code: '328', entry: entry('328'), program: 'ADULT', projectedEndDate: '2024-03-10', caseNote: 'Course.' },
    });
    const activityId = p.activity!.id;
    expect(
      await rejection(run.send(recordCredential, { type: '5', attainedOn: '2024-01-10', activityId: 'x', verification: { method: 'copy_in_case_file' } })),
    ).toBe('ACTIVITY_NOT_FOUND');
    expect(await rejection(run.send(recordCredential, { type: '5', attainedOn: '2024-01-10', activityId, verification: { method: 'verified' } }))).toBe(
      'DOCUMENTATION_REF_REQUIRED',
    );
    expect(
      await rejection(run.send(recordCredential, { type: '9', attainedOn: '2024-01-10', activityId, verification: { method: 'copy_in_case_file' } })),
    ).toBe('CREDENTIAL_TYPE_INVALID');
    expect(
      await rejection(run.send(recordCredential, { type: '5', attainedOn: '2024-01-01', activityId, verification: { method: 'copy_in_case_file' } })),
    ).toBe('DATE_BEFORE_PARTICIPATION');
    const ok = await run.send(recordCredential, {
      type: '5',
      attainedOn: '2024-01-10',
      activityId,
      verification: { method: 'verified', documentationRef: DOC_REF },
    });
    expect(ok.credential).toMatchObject({
      type: '5',
      attainedOn: '2024-01-10',
      activityId,
      recordedBy: STAFF.staffId,
      countsForCredentialRate: true,
      enteredOn: '2024-01-10',
      late: false,
      verification: { method: 'verified', hasDocumentationRef: true },
    });
    expect(ok.application.credentials).toEqual([ok.credential]);
    // R-CRED-4: a diploma before any exit: not known yet.
    const diploma = await run.send(recordCredential, { type: '1', attainedOn: '2024-01-09', activityId, verification: { method: 'copy_in_case_file' } });
    expect(diploma.credential).toMatchObject({ countsForCredentialRate: null, verification: { method: 'copy_in_case_file', hasDocumentationRef: false } });
    await waitFor(() => run.batches.flatMap((b) => b.credentials ?? []).length === 2);
    const rows = run.batches.flatMap((b) => b.credentials ?? []);
    expect(rows.map((r) => r.documentationRef)).toEqual([DOC_REF, null]);
    expect(JSON.stringify(await run.view())).not.toContain('DOC-REF');
    for (const b of run.batches) expect(JSON.stringify({ view: b.view, audit: b.audit })).not.toContain('DOC-REF');
  });

  it('R-CRED-3 / R-FU-7 follow-ups declined: a month-11 credential is accepted, one after the window refused, and the application completes the day after the window, not before', async () => {
    const { run, orientation, training } = await participatingCase();
    await closeAll(run, [orientation, training]);
    await exit(run);
    await run.advanceTo('2024-05-01T18:00:00Z');
    const declined = await run.send(declineFollowUps, { date: '2024-05-01', caseNote: 'Asked not to be contacted.' });
    expect(declined.application.followUps.every((f) => f.status === 'declined')).toBe(true);
    // All four follow-ups resolved, yet the credential window (until 2025-01-10) keeps the case open.
    await run.advanceTo('2024-12-06T18:00:00Z');
    expect((await run.view()).status).toBe('exited');
    expect((await run.handle.describe()).status.name).toBe('RUNNING');
    // Operators see until when the window holds the case open (dates only: no PII in details).
    const metadata = await run.handle.query<{ currentDetails?: string }>('__temporal_workflow_metadata');
    expect(metadata.currentDetails).toContain('**Credential window:** open until 2025-01-10 · completes no earlier than 2025-01-11');
    const month11 = await run.send(recordCredential, {
      type: '1',
      attainedOn: '2024-12-05',
      activityId: training,
      verification: { method: 'copy_in_case_file' },
    });
    expect(month11.credential).toMatchObject({ attainedOn: '2024-12-05', countsForCredentialRate: null, late: false });
    const cert = await run.send(recordCredential, { type: '6', attainedOn: '2024-12-05', activityId: training, verification: { method: 'copy_in_case_file' } });
    expect(cert.credential!.countsForCredentialRate).toBe(true);

    await run.advanceTo('2025-01-10T18:00:00Z'); // the window's last day
    expect(
      await rejection(run.send(recordCredential, { type: '5', attainedOn: '2025-01-11', activityId: training, verification: { method: 'copy_in_case_file' } })),
    ).toBe('CREDENTIAL_WINDOW_CLOSED');
    const lastDay = await run.send(recordCredential, {
      type: '5',
      attainedOn: '2025-01-10',
      activityId: training,
      verification: { method: 'copy_in_case_file' },
    });
    expect(lastDay.credential!.countsForCredentialRate).toBe(true);
    await run.advanceTo('2025-01-11T07:59:00Z'); // 23:59 on 2025-01-10 in Los Angeles
    expect((await run.view()).status).toBe('exited');
    await run.advanceTo('2025-01-11T08:00:30Z'); // 00:00:30 on 2025-01-11
    await waitFor(async () => (await run.handle.describe()).status.name === 'COMPLETED');
    const final = await run.handle.result();
    expect(final.status).toBe('completed');
    expect(final.updatedAt.slice(0, 10)).toBe('2025-01-11');
    // R-CRED-4: the diploma without employment or education in a follow-up within the year: false.
    expect(final.credentials.map((c) => [c.type, c.countsForCredentialRate])).toEqual([
      ['1', false],
      ['6', true],
      ['5', true],
    ]);
    const commands = auditCommands(run);
    expect(commands.indexOf('credentialWindowClosed')).toBeGreaterThan(commands.indexOf('declineFollowUps'));
    expect(commands.indexOf('followUpsResolved')).toBeGreaterThan(commands.indexOf('credentialWindowClosed'));
    expect(run.batches.at(-1)!.view.status).toBe('completed');
  });

  it('R-CRED-4 a diploma counts once a follow-up within the year records employment; R-CRED-2 after the window the case stays open for its follow-ups but refuses later credentials', async () => {
    const { run, orientation, training } = await participatingCase();
    await closeAll(run, [orientation, training]);
    await exit(run);
    await run.advanceTo('2024-04-20T18:00:00Z');
    const diploma = await run.send(recordCredential, {
      type: '1',
      attainedOn: '2024-04-15',
      activityId: training,
      verification: { method: 'copy_in_case_file' },
    });
    expect(diploma.credential!.countsForCredentialRate).toBeNull();
    await run.advanceTo('2024-06-20T18:00:00Z');
    await child(run, 1).executeUpdate(completeFollowUp, {
      args: [
        { actor: STAFF, payload: { actualDate: '2024-06-20', contactType: 'phone', workedInQuarter: true, employers: [{ name: 'Acme Tools' }] } as never },
      ],
    });
    await waitFor(async () => (await run.view()).credentials[0]!.countsForCredentialRate === true);
    // Past the window with q2–q4 still open: the case stays exited; the window's end is recorded.
    await run.advanceTo('2025-01-15T18:00:00Z');
    const view = await run.view();
    expect(view.status).toBe('exited');
    expect(view.credentials[0]!.countsForCredentialRate).toBe(true);
    expect(auditCommands(run)).toContain('credentialWindowClosed');
    expect(
      await rejection(run.send(recordCredential, { type: '4', attainedOn: '2025-01-12', activityId: training, verification: { method: 'copy_in_case_file' } })),
    ).toBe('CREDENTIAL_WINDOW_CLOSED');
    // Attained inside the window, entered after it (within R-ACT-4): accepted, and late (R-TIMELY-1).
    const inside = await run.send(recordCredential, {
      type: '4',
      attainedOn: '2025-01-06',
      activityId: training,
      verification: { method: 'copy_in_case_file' },
    });
    expect(inside.credential).toMatchObject({ countsForCredentialRate: true, late: true, enteredOn: '2025-01-15' });
  });
});
