/**
 * §8 on the time-skipping server: the objective assessment (R-OAS-1) and the plan (R-IEP-1 … R-IEP-6)
 * as commands on the application workflow, with the workflow's own clock (today is the server's).
 */
import { type CaseRun, STAFF, SUPERVISOR, entry, casesStoppedAfterEach, rejection } from '../helpers/workflow-driver';
import { waitFor } from '../helpers/wait';
import {
  type AssessmentSectionPayload,
  addActivity,
  addPlanGoal,
  addPlanObjective,
  closeActivity,
  closePlan,
  completePlanGoal,
  createPlan,
  linkPlanService,
  recordAssessmentSection,
  recordExclusionaryExit,
  recordParticipation,
  reviewPlanObjective,
} from '../../src/workflows/application/contract';
import { ASSESSMENT_SECTIONS } from '../../src/domain/assessment';
import type { Program } from '../../src/domain/enums';

const newCase = casesStoppedAfterEach();

const SUMMARY = (s: string) => `Assessment summary of ${s}: secret-oas-text`;

async function participate(run: CaseRun, date: string, code = '205', program: Program = 'ADULT', projectedEndDate = '2024-06-30') {
  return (
    await run.send(recordParticipation, {
      participationDate: date,
      activity: { code, entry: entry(code), program, projectedEndDate, caseNote: 'First service.' },
    })
  ).activity!;
}
async function assess(run: CaseRun, sections: readonly AssessmentSectionPayload['section'][] = ASSESSMENT_SECTIONS) {
  let last;
  for (const section of sections) last = await run.send(recordAssessmentSection, { section, status: 'complete', summary: SUMMARY(section) });
  return last!.application;
}
const alertsOf = (run: CaseRun) =>
  run.batches
    .filter((b) => b.alerts)
    .at(-1)
    ?.alerts?.map((a) => `${a.type}:${a.subjectKey}`) ?? [];

describe('§8 objective assessment and plan on the time-skipping server', () => {
  it('R-OAS-1 R-IEP-1: 12 sections complete the assessment; a plan needs it and a 205 activity, one open at a time; ISS for YOUTH', async () => {
    const run = await newCase('2024-02-20T18:00:00Z');
    expect(await rejection(run.send(recordAssessmentSection, { section: 'general', status: 'complete', summary: 'x' }))).toBe('NOT_PARTICIPATING');
    const a205 = await participate(run, '2024-02-01');
    expect(await rejection(run.send(createPlan, { startDate: '2024-02-15', office: 'LA-2703' }))).toBe('ASSESSMENT_INCOMPLETE');

    let view = await assess(run, ASSESSMENT_SECTIONS.slice(0, 11));
    expect(view.assessment).toMatchObject({ status: 'in_progress', completedOn: null });
    await run.send(recordAssessmentSection, { section: 'referrals', status: 'incomplete', summary: 'Referral pending.' });
    expect(await rejection(run.send(createPlan, { startDate: '2024-02-15', office: 'LA-2703' }))).toBe('ASSESSMENT_INCOMPLETE');
    view = await assess(run, ['referrals']);
    expect(view.assessment.status).toBe('complete');
    expect(view.assessment.completedOn).toBe('2024-02-20');
    expect(view.assessment.sections.map((s) => s.section)).toEqual([...ASSESSMENT_SECTIONS]);
    expect(view.assessment.sections[0]).toMatchObject({ status: 'complete', updatedBy: STAFF.staffId });

    const created = await run.send(createPlan, { startDate: '2024-02-15', office: 'LA-2703' });
    expect(created.plan).toMatchObject({
      kind: 'IEP',
      startDate: '2024-02-15',
      office: 'LA-2703',
      status: 'open',
      closedOn: null,
      closedReason: null,
      goals: [],
      services: [{ activityId: a205.id, code: '205', title: 'Development of IEP/ISS/EDP' }],
      enteredOn: '2024-02-20',
      late: false, // 2024-02-15 + 5 business days (Presidents' Day 2024-02-19 not counted) = 2024-02-23
      recordedBy: STAFF.staffId,
    });
    expect(created.application.plans).toHaveLength(1);
    expect(await rejection(run.send(createPlan, { startDate: '2024-02-16', office: 'LA-2703' }))).toBe('PLAN_ALREADY_OPEN');

    // Summaries reach the outbox for PostgreSQL, never the view.
    await waitFor(() => run.batches.some((b) => b.planRecords?.some((r) => r.kind === 'assessment_section' && r.summary === SUMMARY('tests'))));
    expect(JSON.stringify(await run.view())).not.toContain('secret-oas-text');

    const youth = await newCase('2024-02-20T18:00:00Z', { programs: ['YOUTH'] });
    await participate(youth, '2024-02-01', '101', 'YOUTH');
    await assess(youth);
    expect(await rejection(youth.send(createPlan, { startDate: '2024-02-15', office: 'LA-2703' }))).toBe('IEP_ACTIVITY_REQUIRED');
    await youth.send(addActivity, {
      code: '205',
      entry: entry('205'),
      program: 'YOUTH',
      actualBeginDate: '2024-02-15',
      projectedEndDate: '2024-03-15',
      caseNote: 'ISS development.',
    });
    expect((await youth.send(createPlan, { startDate: '2024-02-15', office: 'LA-2703' })).plan?.kind).toBe('ISS');
  });

  it('R-IEP-2 R-IEP-3 R-IEP-4 R-IEP-5 R-TIMELY-1: goals, objectives, reviews, services in date order, close; each entry records enteredOn and late', async () => {
    const run = await newCase('2024-02-20T18:00:00Z');
    const a205 = await participate(run, '2024-02-01');
    await assess(run);
    const plan = (await run.send(createPlan, { startDate: '2024-02-01', office: 'LA-2703' })).plan!;
    expect(plan).toMatchObject({ enteredOn: '2024-02-20', late: true }); // due by 2024-02-08
    const planId = plan.id;

    const goalBody = { planId, type: 'employment', term: 'long_term', description: 'Become a certified welder: secret-goal-text', program: 'ADULT' } as const;
    expect(await rejection(run.send(addPlanGoal, { ...goalBody, dateEstablished: '2024-02-15', estimatedCompletionDate: '2024-02-10' }))).toBe(
      'INVALID_DATE_RANGE',
    );
    expect(await rejection(run.send(addPlanGoal, { ...goalBody, dateEstablished: '2024-02-21', estimatedCompletionDate: '2024-08-01' }))).toBe('FUTURE_DATE');
    const g1 = (await run.send(addPlanGoal, { ...goalBody, dateEstablished: '2024-02-15', estimatedCompletionDate: '2024-08-01' })).goal!;
    expect(g1).toMatchObject({
      status: 'open',
      dateEstablished: '2024-02-15',
      actualCompletionDate: null,
      enteredOn: '2024-02-20',
      late: false,
      recordedBy: STAFF.staffId,
    });
    const g2 = (
      await run.send(addPlanGoal, { ...goalBody, type: 'training', term: 'short_term', dateEstablished: '2024-02-01', estimatedCompletionDate: '2024-04-01' })
    ).goal!;
    expect(g2.late).toBe(true);

    const o1 = (
      await run.send(addPlanObjective, {
        planId,
        goalId: g1.id,
        description: 'Enroll in welding class: secret-objective-text',
        dateEstablished: '2024-02-15',
        reviewDate: '2024-03-01',
        program: 'ADULT',
      })
    ).objective!;
    expect(o1).toMatchObject({ status: 'open', reviewDate: '2024-03-01', enteredOn: '2024-02-20', late: false, reviews: [] });
    expect(await rejection(run.send(reviewPlanObjective, { planId, objectiveId: o1.id, reviewedOn: '2024-02-20', status: 'open', note: 'On track.' }))).toBe(
      'NEXT_REVIEW_DATE_REQUIRED',
    );
    const reviewed = (
      await run.send(reviewPlanObjective, {
        planId,
        objectiveId: o1.id,
        reviewedOn: '2024-02-20',
        status: 'open',
        nextReviewDate: '2024-03-20',
        note: 'On track: secret-review-note',
      })
    ).objective!;
    expect(reviewed.reviewDate).toBe('2024-03-20');
    expect(reviewed.reviews).toEqual([
      expect.objectContaining({ reviewedOn: '2024-02-20', status: 'open', nextReviewDate: '2024-03-20', late: false, recordedBy: STAFF.staffId }),
    ]);

    // R-IEP-4: services ordered by the activity's date, whatever the order they were linked in.
    const future = (
      await run.send(addActivity, {
        code: '328',
        entry: entry('328'),
        program: 'ADULT',
        projectedBeginDate: '2024-04-01',
        projectedEndDate: '2024-06-30',
        caseNote: 'Welding class.',
      })
    ).activity!;
    const begun = (
      await run.send(addActivity, {
        code: '203',
        entry: entry('203'),
        program: 'ADULT',
        actualBeginDate: '2024-02-10',
        projectedEndDate: '2024-03-10',
        caseNote: 'Assessment.',
      })
    ).activity!;
    await run.send(linkPlanService, { planId, activityId: future.id });
    const linked = (await run.send(linkPlanService, { planId, activityId: begun.id })).plan!;
    expect(linked.services.map((s) => s.activityId)).toEqual([a205.id, begun.id, future.id]);
    expect(await rejection(run.send(linkPlanService, { planId, activityId: begun.id }))).toBe('SERVICE_ALREADY_LINKED');
    expect(await rejection(run.send(linkPlanService, { planId, activityId: 'no-such-activity' }))).toBe('ACTIVITY_NOT_FOUND');

    const done = (await run.send(completePlanGoal, { planId, goalId: g2.id, actualCompletionDate: '2024-02-20', outcome: 'achieved' })).goal!;
    expect(done).toMatchObject({
      status: 'achieved',
      actualCompletionDate: '2024-02-20',
      completion: { enteredOn: '2024-02-20', late: false, recordedBy: STAFF.staffId },
    });
    expect(await rejection(run.send(completePlanGoal, { planId, goalId: g2.id, actualCompletionDate: '2024-02-20', outcome: 'achieved' }))).toBe(
      'GOAL_NOT_OPEN',
    );

    expect(await rejection(run.send(closePlan, { planId, closedOn: '2024-02-20' }))).toBe('OPEN_GOALS');
    const closed = (await run.send(closePlan, { planId, closedOn: '2024-02-20', cancelOpenGoals: true }, SUPERVISOR)).plan!;
    expect(closed).toMatchObject({
      status: 'closed',
      closedOn: '2024-02-20',
      closedReason: 'manual',
      closure: { enteredOn: '2024-02-20', late: false, recordedBy: SUPERVISOR.staffId },
    });
    expect(closed.goals.map((g) => g.status)).toEqual(['cancelled', 'achieved']);
    expect(closed.goals[0]!.objectives[0]!.status).toBe('cancelled');
    expect(await rejection(run.send(addPlanGoal, { ...goalBody, dateEstablished: '2024-02-20', estimatedCompletionDate: '2024-08-01' }))).toBe('PLAN_CLOSED');
    expect(await rejection(run.send(addPlanGoal, { ...goalBody, planId: 'nope', dateEstablished: '2024-02-20', estimatedCompletionDate: '2024-08-01' }))).toBe(
      'PLAN_NOT_FOUND',
    );

    // Descriptions and notes travel to PostgreSQL in the outbox, never in the view.
    await waitFor(() => run.batches.some((b) => b.planRecords?.some((r) => r.kind === 'objective_review' && r.note.includes('secret-review-note'))));
    const records = run.batches.flatMap((b) => b.planRecords ?? []);
    expect(records.filter((r) => r.kind === 'goal_description').map((r) => r.kind === 'goal_description' && r.goalId)).toEqual([g1.id, g2.id]);
    const view = JSON.stringify(await run.view());
    for (const secret of ['secret-goal-text', 'secret-objective-text', 'secret-review-note']) expect(view).not.toContain(secret);
  });

  it('R-IEP-6: plan_missing after 30 days; plan_objective_review_due N days before the review and cleared by a review; plan_goal_overdue after the estimate', async () => {
    const run = await newCase('2024-02-20T18:00:00Z');
    await participate(run, '2024-02-01');
    await run.advanceTo('2024-03-02T09:00:00Z'); // day 30 after participation: not yet
    await waitFor(() => run.batches.length > 0);
    expect(alertsOf(run)).not.toContain('plan_missing:');
    await run.advanceTo('2024-03-03T09:00:00Z'); // 00:00 LA on day 31 has passed
    await waitFor(() => alertsOf(run).includes('plan_missing:'), 20_000, 'plan_missing');

    await assess(run);
    const planId = (await run.send(createPlan, { startDate: '2024-03-01', office: 'LA-2703' })).plan!.id;
    await waitFor(() => !alertsOf(run).includes('plan_missing:'), 20_000, 'plan_missing resolved');
    const goal = (
      await run.send(addPlanGoal, {
        planId,
        type: 'education',
        term: 'short_term',
        description: 'GED.',
        dateEstablished: '2024-03-01',
        estimatedCompletionDate: '2024-03-20',
        program: 'ADULT',
      })
    ).goal!;
    const objective = (
      await run.send(addPlanObjective, {
        planId,
        goalId: goal.id,
        description: 'Study plan.',
        dateEstablished: '2024-03-01',
        reviewDate: '2024-03-12',
        program: 'ADULT',
      })
    ).objective!;
    expect(alertsOf(run)).not.toContain(`plan_objective_review_due:${objective.id}`);

    await run.advanceTo('2024-03-05T09:00:00Z'); // 2024-03-12 − 7 days
    await waitFor(() => alertsOf(run).includes(`plan_objective_review_due:${objective.id}`), 20_000, 'review due');
    const alert = run.batches
      .filter((b) => b.alerts)
      .at(-1)!
      .alerts!.find((a) => a.type === 'plan_objective_review_due')!;
    expect(alert).toMatchObject({
      since: '2024-03-05',
      detail: { planId, goalId: goal.id, objectiveId: objective.id, reviewDate: '2024-03-12', thresholdDays: 7 },
    });
    await run.send(reviewPlanObjective, {
      planId,
      objectiveId: objective.id,
      reviewedOn: '2024-03-05',
      status: 'open',
      nextReviewDate: '2024-04-30',
      note: 'Progressing.',
    });
    await waitFor(() => !alertsOf(run).includes(`plan_objective_review_due:${objective.id}`), 20_000, 'review due resolved');

    expect(alertsOf(run)).not.toContain(`plan_goal_overdue:${goal.id}`);
    await run.advanceTo('2024-03-21T08:00:00Z'); // 00:00 PDT on 2024-03-21
    await waitFor(() => alertsOf(run).includes(`plan_goal_overdue:${goal.id}`), 20_000, 'goal overdue');
    await run.send(completePlanGoal, { planId, goalId: goal.id, actualCompletionDate: '2024-03-21', outcome: 'not_achieved' });
    await waitFor(() => !alertsOf(run).includes(`plan_goal_overdue:${goal.id}`), 20_000, 'goal overdue resolved');
  });

  it('R-IEP-5: a soft exit closes the open plan on the exit date (closedReason exit); plan commands are refused after it; the assessment is not', async () => {
    const run = await newCase('2024-02-20T18:00:00Z');
    const a205 = await participate(run, '2024-02-01', '205', 'ADULT', '2024-02-20');
    await assess(run);
    const planId = (await run.send(createPlan, { startDate: '2024-02-15', office: 'LA-2703' })).plan!.id;
    await run.send(addPlanGoal, {
      planId,
      type: 'employment',
      term: 'long_term',
      description: 'Job.',
      dateEstablished: '2024-02-15',
      estimatedCompletionDate: '2024-12-01',
      program: 'ADULT',
    });
    await run.send(closeActivity, { activityId: a205.id, actualEndDate: '2024-02-20', completionCode: 'successful' });
    await run.advanceTo('2024-05-21T07:00:30Z'); // L = 2024-02-20 → soft exit 2024-05-21 00:00 PDT
    await waitFor(async () => (await run.view()).status === 'exited', 20_000, 'soft exit');
    const view = await run.view();
    expect(view.plans[0]).toMatchObject({ status: 'closed', closedOn: '2024-02-20', closedReason: 'exit', closure: { recordedBy: 'system', late: false } });
    expect(view.plans[0]!.goals[0]!.status).toBe('cancelled');
    expect(
      await rejection(
        run.send(addPlanGoal, {
          planId,
          type: 'other',
          term: 'short_term',
          description: 'x',
          dateEstablished: '2024-05-20',
          estimatedCompletionDate: '2024-06-01',
          program: 'ADULT',
        }),
      ),
    ).toBe('APPLICATION_EXITED');
    expect(await rejection(run.send(createPlan, { startDate: '2024-05-20', office: 'LA-2703' }))).toBe('APPLICATION_EXITED');
    expect((await run.send(recordAssessmentSection, { section: 'tests', status: 'complete', summary: 'Scores filed.' })).application.assessment.status).toBe(
      'complete',
    );
  });

  it('R-IEP-5: an exclusionary exit closes the open plan on its exit date', async () => {
    const run = await newCase('2024-02-20T18:00:00Z');
    const a205 = await participate(run, '2024-02-01');
    await assess(run);
    await run.send(createPlan, { startDate: '2024-02-15', office: 'LA-2703' });
    await run.send(closeActivity, { activityId: a205.id, actualEndDate: '2024-02-19', completionCode: 'other' });
    const res = await run.send(recordExclusionaryExit, { reason: '02', exitDate: '2024-02-19', documentationRef: 'MED-1', caseNote: 'Medical.' });
    expect(res.application.plans[0]).toMatchObject({ status: 'closed', closedOn: '2024-02-19', closedReason: 'exit', closure: { recordedBy: STAFF.staffId } });
  });
});
