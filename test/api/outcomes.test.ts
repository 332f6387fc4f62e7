/**
 * Sandbox mode, only through HTTP: a case with a training activity records a measurable skill gain
 * (R-MSG-1, program year R-MSG-2), soft-exits, declines its follow-ups, records a credential attained
 * in month 11 after exit (R-CRED-1, R-CRED-2), is refused one after the window, and completes the day
 * after its credential window and not before (R-CRED-3 / R-FU-7). The sandbox clock moves through the API.
 */
import { ok, problem, sandboxApiCase } from '../helpers/api-case';
import { waitFor } from '../helpers/wait';

let id: string;
let orientation: string;
let training: string;

const DOC_REF = 'Certificate scan CRED-DOC-55120, cabinet B';
const GAIN_REF = 'Instructor milestone sheet GAIN-DOC-88412';

const sandbox = sandboxApiCase('2024-01-10T18:00:00Z', { name: 'api_outcomes' });

const { api, advanceTo } = sandbox;
const view = async () => (await ok(api().get(`/api/v1/applications/${id}`))) as any;

describe('credentials and skill gains through HTTP (SPEC §8)', () => {
  it('set-up: participation with orientation (101) and a training activity (328)', async () => {
    const p = await ok(api().post('/api/v1/participants', { firstName: 'Cred', lastName: 'Window', birthDate: '1990-03-03' }), 201);
    id = (
      await ok(
        api().post('/api/v1/applications', {
          participantId: p.id,
          programs: ['ADULT'],
          eligibilityDate: '2024-01-02',
          office: 'LA-2703',
          caseManagerId: 'S-1042',
        }),
        201,
      )
    ).id;
    const part = await ok(
      api().post(`/api/v1/applications/${id}/participation`, {
        participationDate: '2024-01-03',
        activity: { code: '101', program: 'ADULT', projectedEndDate: '2024-01-10', caseNote: 'Orientation.' },
      }),
    );
    orientation = part.activity.id;
    training = (
      await ok(
        api().post(`/api/v1/applications/${id}/activities`, {
          code: '328',
          program: 'ADULT',
          actualBeginDate: '2024-01-05',
          projectedEndDate: '2024-01-10',
          caseNote: 'Welding course.',
        }),
        201,
      )
    ).activity.id;
    expect((await view()).credentials).toEqual([]);
  });

  it('R-MSG-1 / R-MSG-2 a skill gain on the training activity: 201 with its program year, idempotent by Idempotency-Key', async () => {
    const body = { type: 'training_milestone', achievedOn: '2024-01-08', activityId: training, documentationRef: GAIN_REF };
    const headers = { 'idempotency-key': `gain-${id}` };
    const first = await ok(api().post(`/api/v1/applications/${id}/skill-gains`, body, { headers }), 201);
    expect(first.skillGain).toMatchObject({
      type: 'training_milestone',
      achievedOn: '2024-01-08',
      programYear: 'PY2023',
      activityId: training,
      enteredOn: '2024-01-10',
      late: false,
    });
    expect(first.application.skillGains).toEqual([first.skillGain]);
    const again = await ok(api().post(`/api/v1/applications/${id}/skill-gains`, body, { headers }), 201);
    expect(again.skillGain.id).toBe(first.skillGain.id);
    expect((await view()).skillGains).toHaveLength(1);
    expect(JSON.stringify(first)).not.toContain('GAIN-DOC');
  });

  it('R-MSG-1 refusals: not a training/individualized activity (422), unknown activity (404), no documentationRef (400)', async () => {
    const body = { type: 'skills_progression', achievedOn: '2024-01-09', documentationRef: GAIN_REF };
    await problem(api().post(`/api/v1/applications/${id}/skill-gains`, { ...body, activityId: orientation }), 422, 'SKILL_GAIN_ACTIVITY_NOT_ELIGIBLE');
    await problem(api().post(`/api/v1/applications/${id}/skill-gains`, { ...body, activityId: 'nope' }), 404, 'ACTIVITY_NOT_FOUND');
    await problem(
      api().post(`/api/v1/applications/${id}/skill-gains`, { type: 'skills_progression', achievedOn: '2024-01-09', activityId: training }),
      400,
      'VALIDATION_FAILED',
    );
    await problem(api().post(`/api/v1/applications/${id}/skill-gains`, { ...body, type: 'diploma', activityId: training }), 400, 'VALIDATION_FAILED');
    expect((await view()).skillGains).toHaveLength(1); // nothing lost, nothing added
  });

  it('soft exit (exit date 2024-01-10); a gain dated after the exit is refused (SKILL_GAIN_AFTER_EXIT); the follow-ups are declined', async () => {
    for (const activityId of [orientation, training]) {
      await ok(api().post(`/api/v1/applications/${id}/activities/${activityId}/close`, { actualEndDate: '2024-01-10', completionCode: 'successful' }));
    }
    await advanceTo('2024-04-10T07:00:30Z');
    await waitFor(async () => (await view()).status === 'exited', 15_000, 'soft exit');
    expect((await view()).exit).toMatchObject({ type: 'soft', exitDate: '2024-01-10' });
    await problem(
      api().post(`/api/v1/applications/${id}/skill-gains`, {
        type: 'training_milestone',
        achievedOn: '2024-04-10',
        activityId: training,
        documentationRef: GAIN_REF,
      }),
      422,
      'SKILL_GAIN_AFTER_EXIT',
    );
    const declined = await ok(api().post(`/api/v1/applications/${id}/follow-ups/decline`, { date: '2024-04-10', caseNote: 'Participant declined follow-up.' }));
    expect(declined.application.followUps.map((f: any) => f.status)).toEqual(['declined', 'declined', 'declined', 'declined']);
    expect(declined.application.status).toBe('exited');
  });

  it('R-CRED-1 / R-CRED-2 a credential attained in month 11 after exit is accepted: 201 {credential, application}', async () => {
    await advanceTo('2024-12-06T17:00:00Z');
    expect((await view()).status).toBe('exited'); // the declined year does not complete the case
    await problem(
      api().post(`/api/v1/applications/${id}/credentials`, { type: '5', attainedOn: '2024-12-05', activityId: training, verification: { method: 'verified' } }),
      400,
      'VALIDATION_FAILED',
    );
    await problem(
      api().post(`/api/v1/applications/${id}/credentials`, {
        type: '5',
        attainedOn: '2024-12-05',
        activityId: 'nope',
        verification: { method: 'copy_in_case_file' },
      }),
      404,
      'ACTIVITY_NOT_FOUND',
    );
    const res = await ok(
      api().post(`/api/v1/applications/${id}/credentials`, {
        type: '5',
        attainedOn: '2024-12-05',
        activityId: training,
        verification: { method: 'verified', documentationRef: DOC_REF },
      }),
      201,
    );
    expect(Object.keys(res).sort()).toEqual(['application', 'credential']);
    expect(res.credential).toMatchObject({
      type: '5',
      attainedOn: '2024-12-05',
      activityId: training,
      recordedBy: 'S-DEV-STAFF',
      countsForCredentialRate: true,
      enteredOn: '2024-12-06',
      late: false,
      verification: { method: 'verified', hasDocumentationRef: true },
    });
    expect(res.application.credentials).toEqual([res.credential]);
    expect(JSON.stringify(res)).not.toContain('CRED-DOC');
  });

  it("R-CRED-2 on the window's last day, a credential attained after it is refused (422 CREDENTIAL_WINDOW_CLOSED)", async () => {
    await advanceTo('2025-01-10T18:00:00Z');
    await problem(
      api().post(`/api/v1/applications/${id}/credentials`, {
        type: '4',
        attainedOn: '2025-01-11',
        activityId: training,
        verification: { method: 'copy_in_case_file' },
      }),
      422,
      'CREDENTIAL_WINDOW_CLOSED',
    );
    expect((await view()).credentials).toHaveLength(1);
  });

  it('R-CRED-3 / R-FU-7 the application completes the day after the credential window, not before; then refuses with 409 APPLICATION_EXITED', async () => {
    await advanceTo('2025-01-11T07:59:00Z'); // 23:59 on 2025-01-10 in Los Angeles
    expect((await view()).status).toBe('exited');
    await advanceTo('2025-01-11T08:00:30Z');
    await waitFor(async () => (await view()).status === 'completed', 15_000, 'completion after the credential window');
    await problem(
      api().post(`/api/v1/applications/${id}/credentials`, {
        type: '4',
        attainedOn: '2025-01-10',
        activityId: training,
        verification: { method: 'copy_in_case_file' },
      }),
      409,
      'APPLICATION_EXITED',
    );
    const history = await ok(api().get(`/api/v1/applications/${id}/history`));
    const commands = history.items.map((e: any) => e.command);
    expect(commands).toEqual(expect.arrayContaining(['recordSkillGain', 'recordCredential', 'credentialWindowClosed', 'followUpsResolved']));
    expect(JSON.stringify(history)).not.toMatch(/CRED-DOC|GAIN-DOC/);
  });

  it('projection: the credentials and skill_gains tables hold the documentation references; the projected view does not', async () => {
    await waitFor(
      async () => (await sandbox.stack.db.application.findUnique({ where: { id } }))?.status === 'completed',
      15_000,
      'projection of the completed case',
    );
    const credentials = await sandbox.stack.db.credential.findMany({ where: { applicationId: id } });
    expect(
      credentials.map((c) => [c.type, c.documentationRef, c.verificationMethod, c.countsForCredentialRate, c.attainedOn.toISOString().slice(0, 10)]),
    ).toEqual([['5', DOC_REF, 'verified', true, '2024-12-05']]);
    const gains = await sandbox.stack.db.skillGain.findMany({ where: { applicationId: id } });
    expect(gains.map((g) => [g.type, g.programYear, g.documentationRef])).toEqual([['training_milestone', 'PY2023', GAIN_REF]]);
    const row = await sandbox.stack.db.application.findUniqueOrThrow({ where: { id } });
    expect(JSON.stringify(row.view)).not.toMatch(/CRED-DOC|GAIN-DOC/);
    expect((row.view as any).credentials).toHaveLength(1);
  });
});
