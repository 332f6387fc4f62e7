/**
 * Sandbox mode, through HTTP only: §8 on one case — participation, the 12 assessment sections, the
 * 205 activity, a plan with two goals and their objectives, linked services, an objective review
 * alert appearing and clearing as the sandbox clock moves, a goal completed, the printable plan, and
 * the soft exit closing the plan (R-OAS-1, R-IEP-1 … R-IEP-7).
 */
import { ok, problem, sandboxApiCase } from '../helpers/api-case';
import { waitFor } from '../helpers/wait';
import { pdfText } from '../helpers/pdf-text';
import { ASSESSMENT_SECTIONS } from '../../src/domain/assessment';

const waitUntil = (fn: () => Promise<boolean>, what: string) => waitFor(fn, 15_000, what);

let id: string;

const sandbox = sandboxApiCase('2024-02-20T18:00:00Z', {
  name: 'api_plans',
  env: { API_TOKENS: 'dev-staff:S-CM-1:staff,dev-supervisor:S-SUP-1:supervisor,dev-viewer:S-VIEW:viewer', AGENCY_NAME: 'Valley Workforce Board' },
});

const { api, advanceTo } = sandbox;
async function openAlerts(type: string): Promise<any[]> {
  const r = await ok(api().get(`/api/v1/alerts?caseManagerId=S-CM-1&type=${type}`));
  return r.items.filter((a: any) => a.applicationId === id);
}
async function pdfOf(planId: string, token = 'dev-viewer') {
  const res = await fetch(`${sandbox.stack.api.url}/api/v1/applications/${id}/plans/${planId}/document`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, type: res.headers.get('content-type'), bytes: new Uint8Array(await res.arrayBuffer()) };
}

describe('§8 objective assessment and plan, through HTTP only', () => {
  const base = () => `/api/v1/applications/${id}`;
  let planId: string;
  let goal1: string;
  let goal2: string;
  let objective1: string;
  let training: string;
  const activities: string[] = [];

  it('R-OAS-1: from participation on, the 12 sections make the assessment complete; an unknown section is a 400', async () => {
    const p = await ok(api().post('/api/v1/participants', { firstName: 'Ann', lastName: 'Lee', birthDate: '1990-04-04' }), 201);
    const app = await ok(
      api().post('/api/v1/applications', {
        participantId: p.id,
        programs: ['ADULT'],
        eligibilityDate: '2024-01-20',
        office: 'LA-2703',
        caseManagerId: 'S-CM-1',
      }),
      201,
    );
    id = app.id;
    expect(app.assessment).toEqual({ status: 'not_started', sections: [], completedOn: null });
    expect(app.plans).toEqual([]);
    await problem(api().put(`${base()}/assessment/sections/general`, { status: 'complete', summary: 'Too early.' }), 409, 'NOT_PARTICIPATING');
    const part = await ok(
      api().post(`${base()}/participation`, {
        participationDate: '2024-02-01',
        activity: { code: '101', program: 'ADULT', projectedEndDate: '2024-03-31', caseNote: 'Orientation.' },
      }),
    );
    activities.push(part.activity.id);

    await problem(api().post(`${base()}/plans`, { startDate: '2024-02-15', office: 'LA-2703' }), 422, 'ASSESSMENT_INCOMPLETE');
    await problem(api().put(`${base()}/assessment/sections/hobbies`, { status: 'complete', summary: 'x' }), 400, 'VALIDATION_FAILED');
    await problem(api().put(`${base()}/assessment/sections/general`, { status: 'complete', summary: '   ' }), 400, 'VALIDATION_FAILED');
    let last: any;
    for (const section of ASSESSMENT_SECTIONS) {
      last = await ok(api().put(`${base()}/assessment/sections/${section}`, { status: 'complete', summary: `OAS ${section}: pii-assessment-summary` }));
    }
    expect(last.application.assessment).toMatchObject({ status: 'complete', completedOn: '2024-02-20' });
    expect(last.application.assessment.sections).toHaveLength(12);
  });

  it('R-IEP-1: needs a 205 activity; 201 {plan, application}; one open plan; idempotent by Idempotency-Key', async () => {
    await problem(api().post(`${base()}/plans`, { startDate: '2024-02-15', office: 'LA-2703' }), 422, 'IEP_ACTIVITY_REQUIRED');
    const a205 = await ok(
      api().post(`${base()}/activities`, {
        code: '205',
        program: 'ADULT',
        actualBeginDate: '2024-02-15',
        projectedEndDate: '2024-03-31',
        caseNote: 'IEP development.',
      }),
      201,
    );
    const t = await ok(
      api().post(`${base()}/activities`, {
        code: '328',
        program: 'ADULT',
        actualBeginDate: '2024-02-16',
        projectedEndDate: '2024-03-31',
        caseNote: 'Welding course.',
      }),
      201,
    );
    training = t.activity.id;
    activities.push(a205.activity.id, training);
    await problem(api().post(`${base()}/plans`, { startDate: '2024-02-21', office: 'LA-2703' }), 422, 'FUTURE_DATE');
    const headers = { 'idempotency-key': `plan-${id}` };
    const created = await ok(api().post(`${base()}/plans`, { startDate: '2024-02-15', office: 'LA-2703' }, { headers }), 201);
    expect(created.plan).toMatchObject({
      kind: 'IEP',
      startDate: '2024-02-15',
      office: 'LA-2703',
      status: 'open',
      enteredOn: '2024-02-20',
      late: false,
      services: [{ code: '205', title: 'Development of IEP/ISS/EDP' }],
    });
    expect(created.application.plans).toHaveLength(1);
    planId = created.plan.id;
    const again = await ok(api().post(`${base()}/plans`, { startDate: '2024-02-15', office: 'LA-2703' }, { headers }), 201);
    expect(again.plan.id).toBe(planId);
    await problem(api().post(`${base()}/plans`, { startDate: '2024-02-16', office: 'LA-2703' }), 409, 'PLAN_ALREADY_OPEN');
    await problem(api().post(`${base()}/plans`, { startDate: '2024-02-16', office: 'LA-2703' }, { token: 'dev-viewer' }), 403, 'FORBIDDEN');
  });

  it('R-IEP-2 R-IEP-3 R-IEP-4: two goals with objectives, linked services; bad dates and links refused', async () => {
    const goal = (body: object) =>
      api().post(`${base()}/plans/${planId}/goals`, {
        type: 'employment',
        term: 'long_term',
        description: 'Certified welder: pii-goal-description',
        program: 'ADULT',
        ...body,
      });
    await problem(goal({ dateEstablished: '2024-02-16', estimatedCompletionDate: '2024-02-15' }), 422, 'INVALID_DATE_RANGE');
    const g1 = await ok(goal({ dateEstablished: '2024-02-16', estimatedCompletionDate: '2024-08-01' }), 201);
    expect(g1.goal).toMatchObject({ status: 'open', enteredOn: '2024-02-20', late: false });
    expect(g1.application.plans[0].goals).toHaveLength(1);
    goal1 = g1.goal.id;
    goal2 = (
      await ok(
        goal({
          type: 'education',
          term: 'short_term',
          description: 'GED: pii-goal-description',
          dateEstablished: '2024-02-16',
          estimatedCompletionDate: '2024-05-01',
        }),
        201,
      )
    ).goal.id;

    const objective = (goalId: string, body: object) =>
      api().post(`${base()}/plans/${planId}/goals/${goalId}/objectives`, {
        description: 'Finish the course: pii-objective-description',
        dateEstablished: '2024-02-16',
        program: 'ADULT',
        ...body,
      });
    const o1 = await ok(objective(goal1, { reviewDate: '2024-03-05' }), 201);
    objective1 = o1.objective.id;
    await ok(objective(goal1, { reviewDate: '2024-04-15' }), 201);
    await ok(objective(goal2, { reviewDate: '2024-04-20' }), 201);
    await problem(objective(goal1, { reviewDate: '2024-02-10' }), 422, 'INVALID_DATE_RANGE');
    await problem(objective('no-goal', { reviewDate: '2024-04-20' }), 404, 'GOAL_NOT_FOUND');
    const view = await ok(api().get(base()));
    expect(view.plans[0].goals.map((g: any) => g.objectives.length)).toEqual([2, 1]);
    expect(JSON.stringify(view)).not.toMatch(/pii-/);

    const linked = await ok(api().post(`${base()}/plans/${planId}/services`, { activityId: training }), 201);
    expect(linked.plan.services.map((s: any) => s.code)).toEqual(['205', '328']); // by activity date
    await problem(api().post(`${base()}/plans/${planId}/services`, { activityId: training }), 409, 'SERVICE_ALREADY_LINKED');
    await problem(api().post(`${base()}/plans/${planId}/services`, { activityId: 'not-an-activity' }), 404, 'ACTIVITY_NOT_FOUND');
  });

  it('R-IEP-6: plan_objective_review_due appears 7 days before the review date (sandbox clock) and clears with a review', async () => {
    expect(await openAlerts('plan_objective_review_due')).toEqual([]);
    await advanceTo('2024-02-27T08:30:00Z'); // 2024-03-05 − 7 days, 00:30 PST
    await waitUntil(async () => (await openAlerts('plan_objective_review_due')).some((a) => a.subjectKey === objective1), 'review due open');
    const [alert] = await openAlerts('plan_objective_review_due');
    expect(alert).toMatchObject({ since: '2024-02-27', detail: { planId, objectiveId: objective1, reviewDate: '2024-03-05', thresholdDays: 7 } });
    await problem(
      api().post(`${base()}/plans/${planId}/objectives/${objective1}/review`, { reviewedOn: '2024-02-27', status: 'open', note: 'Needs a date.' }),
      422,
      'NEXT_REVIEW_DATE_REQUIRED',
    );
    const reviewed = await ok(
      api().post(`${base()}/plans/${planId}/objectives/${objective1}/review`, {
        reviewedOn: '2024-02-27',
        status: 'open',
        nextReviewDate: '2024-04-30',
        note: 'Halfway: pii-review-note',
      }),
    );
    expect(reviewed.objective).toMatchObject({ reviewDate: '2024-04-30', reviews: [{ reviewedOn: '2024-02-27', late: false }] });
    await waitUntil(async () => (await openAlerts('plan_objective_review_due')).length === 0, 'review due resolved');
  });

  it('R-IEP-2: a goal completed; the projection holds descriptions, summaries and notes in PostgreSQL', async () => {
    const done = await ok(api().post(`${base()}/plans/${planId}/goals/${goal2}/complete`, { actualCompletionDate: '2024-02-27', outcome: 'achieved' }));
    expect(done.goal).toMatchObject({ status: 'achieved', actualCompletionDate: '2024-02-27', completion: { enteredOn: '2024-02-27', late: false } });
    await problem(
      api().post(`${base()}/plans/${planId}/goals/${goal2}/complete`, { actualCompletionDate: '2024-02-27', outcome: 'achieved' }),
      409,
      'GOAL_NOT_OPEN',
    );
    await waitUntil(async () => (await sandbox.stack.db.planGoal.findUnique({ where: { id: goal2 } }))?.status === 'achieved', 'goal projected');
    expect(await sandbox.stack.db.assessmentSection.count({ where: { applicationId: id, summary: { contains: 'pii-assessment-summary' } } })).toBe(12);
    expect((await sandbox.stack.db.planGoal.findMany({ where: { planId } })).map((g) => g.description)).toEqual(
      expect.arrayContaining(['Certified welder: pii-goal-description', 'GED: pii-goal-description']),
    );
    expect(await sandbox.stack.db.planObjective.count({ where: { planId, description: { contains: 'pii-objective-description' } } })).toBe(3);
    expect(await sandbox.stack.db.planObjectiveReview.findMany({ where: { objectiveId: objective1 } })).toEqual([
      expect.objectContaining({ note: 'Halfway: pii-review-note', status: 'open', late: false }),
    ]);
    expect((await sandbox.stack.db.planService.findMany({ where: { planId } })).map((s) => s.code).sort()).toEqual(['205', '328']);
    // The reads that bring the text back (any role).
    const assessment = await ok(api().get(`${base()}/assessment`, { token: 'dev-viewer' }));
    expect(assessment.status).toBe('complete');
    expect(assessment.sections.map((s: any) => s.summary)).toEqual(ASSESSMENT_SECTIONS.map((s) => `OAS ${s}: pii-assessment-summary`));
    const detail = (await ok(api().get(`${base()}/plans/${planId}`, { token: 'dev-viewer' }))).plan;
    expect(detail.goals.map((g: any) => g.description)).toEqual(['Certified welder: pii-goal-description', 'GED: pii-goal-description']);
    expect(detail.goals[0].objectives[0]).toMatchObject({
      id: objective1,
      description: 'Finish the course: pii-objective-description',
      reviews: [{ note: 'Halfway: pii-review-note' }],
    });
    await problem(api().get(`${base()}/plans/nope`), 404, 'PLAN_NOT_FOUND');
    const history = await ok(api().get(`${base()}/history`));
    expect(history.items.map((h: any) => h.command)).toEqual(
      expect.arrayContaining([
        'recordAssessmentSection',
        'createPlan',
        'addPlanGoal',
        'addPlanObjective',
        'reviewPlanObjective',
        'linkPlanService',
        'completePlanGoal',
      ]),
    );
    expect(JSON.stringify(history)).not.toMatch(/pii-/);
  });

  it('R-IEP-7: the viewer reads the printable plan as PDF: plan id, goals, objectives, services with 205, both signature lines', async () => {
    const pdf = await pdfOf(planId);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toContain('application/pdf');
    const { text } = await pdfText(pdf.bytes);
    for (const s of [
      'Valley Workforce Board',
      'Individual Employment Plan (IEP)',
      `Plan ID: ${planId}`,
      'Kind: IEP',
      'Start date: 2024-02-15',
      'Office: LA-2703',
      'Status: Open',
      'Goal 1: Employment (Long-term) — Open',
      'Goal 2: Education (Short-term) — Achieved',
      'Certified welder: pii-goal-description',
      'Objective 1.1 — Open',
      'Objective 1.2 — Open',
      'Objective 2.1 — Open',
      'Finish the course: pii-objective-description',
      '205 - Development of IEP/ISS/EDP',
      '328 - Occupational Skills Training',
      'Participant signature — Ann Lee',
      'Staff member signature',
      'Date',
    ])
      expect(text).toContain(s);
    expect((await pdfOf('no-such-plan')).status).toBe(404);
    expect((await pdfOf(planId, 'nobody')).status).toBe(401);
  });

  it('R-IEP-5: the soft exit closes the plan on the exit date (closedReason exit); plan commands are then refused', async () => {
    for (const a of activities) await ok(api().post(`${base()}/activities/${a}/close`, { actualEndDate: '2024-02-27', completionCode: 'successful' }));
    await advanceTo('2024-05-28T07:30:00Z'); // L = 2024-02-27 → soft exit 2024-05-28 00:00 PDT
    await waitUntil(async () => (await ok(api().get(base()))).status === 'exited', 'soft exit');
    const view = await ok(api().get(base()));
    expect(view.plans[0]).toMatchObject({ status: 'closed', closedOn: '2024-02-27', closedReason: 'exit' });
    expect(view.plans[0].goals.map((g: any) => g.status)).toEqual(['cancelled', 'achieved']);
    await problem(
      api().post(`${base()}/plans/${planId}/goals`, {
        type: 'other',
        term: 'short_term',
        description: 'x',
        dateEstablished: '2024-05-20',
        estimatedCompletionDate: '2024-06-01',
        program: 'ADULT',
      }),
      409,
      'APPLICATION_EXITED',
    );
    await problem(api().post(`${base()}/plans/${planId}/close`, { closedOn: '2024-05-20' }), 409, 'APPLICATION_EXITED');
    await waitUntil(async () => (await sandbox.stack.db.plan.findUnique({ where: { id: planId } }))?.closedReason === 'exit', 'closed plan projected');
    const { text } = await pdfText((await pdfOf(planId)).bytes);
    expect(text).toContain('Status: Closed');
    expect(text).toContain('Closed date: 2024-02-27 (closed at program exit)');
  });
});
