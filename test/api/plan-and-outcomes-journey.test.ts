/**
 * Sandbox mode, through HTTP only: one case through all of SPEC §8, as a case manager lives it.
 * Participation, the 12 assessment sections, activity 205, a plan with two goals and their objectives,
 * a linked training service, an objective review alert appearing and clearing as the clock moves, a
 * measurable skill gain, the soft exit closing the plan, follow-ups declined, a credential attained
 * in month 11 after the exit accepted, and the application completing the day after its credential
 * window — not before (R-OAS-1, R-IEP-1…7, R-MSG-1/2, R-CRED-1…4, R-FU-7).
 */
import { ok, sandboxApiCase } from '../helpers/api-case';
import { waitFor } from '../helpers/wait';
import { pdfText } from '../helpers/pdf-text';
import { ASSESSMENT_SECTIONS } from '../../src/domain/assessment';

const sandbox = sandboxApiCase('2024-01-22T18:00:00Z', { name: 'api_journey8' }); // Monday 2024-01-22, 10:00 in Los Angeles

const { api, advanceTo } = sandbox;

it('§8 end to end: assessment → plan → review alert → skill gain → soft exit → declined year → credential in month 11 → completion the day after the window', async () => {
  const p = await ok(api().post('/api/v1/participants', { firstName: 'Jo', lastName: 'Rivera', birthDate: '1988-09-09' }), 201);
  const app = await ok(
    api().post('/api/v1/applications', { participantId: p.id, programs: ['ADULT'], eligibilityDate: '2024-01-02', office: 'LA-2703', caseManagerId: 'S-1042' }),
    201,
  );
  const base = `/api/v1/applications/${app.id}`;
  const view = async () => ok(api().get(base));
  const reviewAlerts = async () =>
    (await ok(api().get('/api/v1/alerts?caseManagerId=S-1042&type=plan_objective_review_due'))).items.filter((a: any) => a.applicationId === app.id);

  // Participation, then all 12 sections of the objective assessment (R-OAS-1).
  const orientation = (
    await ok(
      api().post(`${base}/participation`, {
        participationDate: '2024-01-03',
        activity: { code: '101', program: 'ADULT', projectedEndDate: '2024-01-31', caseNote: 'Orientation.' },
      }),
    )
  ).activity.id;
  for (const [i, section] of ASSESSMENT_SECTIONS.entries()) {
    const r = await ok(
      api().put(`${base}/assessment/sections/${section}`, { status: 'complete', summary: `Section ${section} reviewed with the participant.` }),
    );
    expect(r.application.assessment.status).toBe(i === ASSESSMENT_SECTIONS.length - 1 ? 'complete' : 'in_progress');
  }

  // Activity 205 and a training activity; the plan with two goals and their objectives (R-IEP-1…4).
  const iep = (
    await ok(
      api().post(`${base}/activities`, {
        code: '205',
        program: 'ADULT',
        actualBeginDate: '2024-01-15',
        projectedEndDate: '2024-01-31',
        caseNote: 'IEP developed together.',
      }),
      201,
    )
  ).activity.id;
  const training = (
    await ok(
      api().post(`${base}/activities`, {
        code: '328',
        program: 'ADULT',
        actualBeginDate: '2024-01-16',
        projectedEndDate: '2024-03-31',
        caseNote: 'Forklift course.',
      }),
      201,
    )
  ).activity.id;
  const plan = (await ok(api().post(`${base}/plans`, { startDate: '2024-01-15', office: 'LA-2703' }), 201)).plan;
  expect(plan).toMatchObject({ kind: 'IEP', status: 'open' });
  const goal = async (type: string, term: string, estimatedCompletionDate: string) =>
    (
      await ok(
        api().post(`${base}/plans/${plan.id}/goals`, {
          type,
          term,
          description: `${type} goal`,
          dateEstablished: '2024-01-16',
          estimatedCompletionDate,
          program: 'ADULT',
        }),
        201,
      )
    ).goal.id;
  const employment = await goal('employment', 'long_term', '2024-09-30');
  const training2 = await goal('training', 'short_term', '2024-03-31');
  const objective = async (goalId: string, reviewDate: string) =>
    (
      await ok(
        api().post(`${base}/plans/${plan.id}/goals/${goalId}/objectives`, {
          description: 'Step toward the goal',
          dateEstablished: '2024-01-16',
          reviewDate,
          program: 'ADULT',
        }),
        201,
      )
    ).objective.id;
  const firstObjective = await objective(training2, '2024-02-05');
  await objective(employment, '2024-06-03');
  const linked = await ok(api().post(`${base}/plans/${plan.id}/services`, { activityId: training }), 201);
  expect(linked.plan.services.map((s: any) => s.code)).toEqual(['205', '328']);
  const planView = (await view()).plans[0];
  expect(planView.goals.map((g: any) => g.objectives.length)).toEqual([1, 1]);

  // R-IEP-6: the review alert opens 7 days before 2024-02-05 and clears with the review.
  expect(await reviewAlerts()).toEqual([]);
  await advanceTo('2024-01-29T08:30:00Z'); // 2024-01-29 00:30 PST
  await waitFor(async () => (await reviewAlerts()).some((a: any) => a.subjectKey === firstObjective), 15_000, 'review alert open');
  await ok(
    api().post(`${base}/plans/${plan.id}/objectives/${firstObjective}/review`, {
      reviewedOn: '2024-01-29',
      status: 'completed',
      note: 'Course enrolment done.',
    }),
  );
  await waitFor(async () => (await reviewAlerts()).length === 0, 15_000, 'review alert cleared');

  // R-MSG-1/2: a skill gain on the training activity carries its program year.
  const gain = await ok(
    api().post(`${base}/skill-gains`, { type: 'training_milestone', achievedOn: '2024-01-26', activityId: training, documentationRef: 'Milestone sheet' }),
    201,
  );
  expect(gain.skillGain).toMatchObject({ programYear: 'PY2023', activityId: training });

  // All services end on 2024-01-29 = L: the soft exit is 2024-04-29 00:00 PDT, and it closes the plan.
  for (const a of [orientation, iep, training])
    await ok(api().post(`${base}/activities/${a}/close`, { actualEndDate: '2024-01-29', completionCode: 'successful' }));
  expect((await view()).exitClock).toMatchObject({ softExitDate: '2024-04-29', softExitAt: '2024-04-29T07:00:00.000Z' });
  await advanceTo('2024-04-29T07:30:00Z');
  await waitFor(async () => (await view()).status === 'exited', 15_000, 'soft exit');
  const exited = await view();
  expect(exited.exit).toMatchObject({ type: 'soft', exitDate: '2024-01-29' });
  expect(exited.plans[0]).toMatchObject({ status: 'closed', closedOn: '2024-01-29', closedReason: 'exit' });
  const { text } = await pdfText(
    new Uint8Array(
      await (await fetch(`${sandbox.stack.api.url}${base}/plans/${plan.id}/document`, { headers: { authorization: 'Bearer dev-viewer' } })).arrayBuffer(),
    ),
  );
  for (const s of [`Plan ID: ${plan.id}`, '205 - Development of IEP/ISS/EDP', '328 - ', 'Participant signature — Jo Rivera', 'Staff member signature'])
    expect(text).toContain(s);

  // The participant declines follow-up: the year is over, but the credential window is not (R-CRED-3).
  const declined = await ok(api().post(`${base}/follow-ups/decline`, { date: '2024-04-29', caseNote: 'Declined follow-up by phone.' }));
  expect(declined.application.followUps.map((f: any) => f.status)).toEqual(['declined', 'declined', 'declined', 'declined']);
  expect(declined.application.status).toBe('exited');

  // Month 11 after the exit: a credential attained on 2024-12-20 is accepted (R-CRED-1, R-CRED-2).
  await advanceTo('2024-12-27T18:00:00Z');
  expect((await view()).status).toBe('exited');
  const credential = await ok(
    api().post(`${base}/credentials`, { type: '6', attainedOn: '2024-12-20', activityId: training, verification: { method: 'copy_in_case_file' } }),
    201,
  );
  expect(credential.credential).toMatchObject({ type: '6', attainedOn: '2024-12-20', countsForCredentialRate: true, late: false });

  // The window ends 2025-01-29 (exit + 1 year): still exited on its last day, completed the next.
  await advanceTo('2025-01-30T07:59:00Z'); // 2025-01-29 23:59 PST
  expect((await view()).status).toBe('exited');
  await advanceTo('2025-01-30T08:00:30Z');
  await waitFor(async () => (await view()).status === 'completed', 15_000, 'completion the day after the credential window');
  const history = (await ok(api().get(`${base}/history`))).items.map((e: any) => e.command);
  expect(history).toEqual(
    expect.arrayContaining([
      'recordAssessmentSection',
      'createPlan',
      'reviewPlanObjective',
      'recordSkillGain',
      'softExit',
      'declineFollowUps',
      'recordCredential',
      'credentialWindowClosed',
      'followUpsResolved',
    ]),
  );
});
