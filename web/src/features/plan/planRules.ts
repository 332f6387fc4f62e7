/**
 * What the assessment, plan and corrections sections of a case offer (R-UI-4: what the state does not
 * allow is not offered; a viewer gets no command). Pure, unit-tested in test/web; the API decides anyway.
 */

export const ASSESSMENT_SECTIONS = [
  ['general', 'General information'],
  ['expectation', 'Expectations'],
  ['education', 'Education'],
  ['degree', 'Degrees'],
  ['certificate', 'Certificates'],
  ['employment', 'Employment'],
  ['household_income', 'Household income'],
  ['work_readiness', 'Work readiness'],
  ['barriers', 'Barriers'],
  ['criminal_background', 'Criminal background'],
  ['tests', 'Tests'],
  ['referrals', 'Referrals'],
] as const;
export type AssessmentSectionName = (typeof ASSESSMENT_SECTIONS)[number][0];

/** The activity code that records the development of the plan (R-IEP-1). */
export const IEP_ACTIVITY_CODE = '205';

export interface PlanCaseState {
  status: string;
  assessment: { status: string; sections: readonly { section: string; status: string }[] };
  activities: readonly { id: string; code: string; status: string; actualBeginDate: string | null }[];
  plans: readonly { id: string; status: string; services: readonly { activityId: string }[] }[];
  changeRequests?: readonly unknown[];
}

export interface Caller {
  role: 'staff' | 'supervisor' | 'viewer';
  staffId: string;
}

export interface PlanAllowed {
  /** Record an assessment section. */
  assessment: boolean;
  /** Create a plan; `createBlockedBy` says why not when the case is otherwise open to it. */
  createPlan: boolean;
  createBlockedBy: 'ASSESSMENT_INCOMPLETE' | 'IEP_ACTIVITY_REQUIRED' | 'PLAN_ALREADY_OPEN' | null;
  /** Goals, objectives, reviews, services and closing on the open plan. */
  editPlan: boolean;
  /** Request a data correction. */
  requestCorrection: boolean;
}

const canWrite = (me: Caller | undefined): boolean => me?.role === 'staff' || me?.role === 'supervisor';

export function planAllowed(view: PlanCaseState, me: Caller | undefined): PlanAllowed {
  const write = canWrite(me);
  // Plan commands are refused once the case has completed or exited exclusionarily (R-IEP), and need participation.
  const open = view.status === 'participating' || view.status === 'exited';
  const openPlan = view.plans.some((p) => p.status === 'open');
  const has205 = view.activities.some((a) => a.code === IEP_ACTIVITY_CODE);
  const blockedBy = openPlan
    ? ('PLAN_ALREADY_OPEN' as const)
    : view.assessment.status !== 'complete'
      ? ('ASSESSMENT_INCOMPLETE' as const)
      : !has205
        ? ('IEP_ACTIVITY_REQUIRED' as const)
        : null;
  const participating = write && view.status === 'participating';
  return {
    assessment: write && open,
    createPlan: participating && blockedBy === null,
    createBlockedBy: participating ? blockedBy : null,
    editPlan: write && open && openPlan,
    // R-DCR-3: after an exit no correction can be requested.
    requestCorrection: participating,
  };
}

/** A data change request as the view lists it (R-DCR-1). */
export interface ChangeRequestLike {
  id: string;
  status: string;
  requestedBy: string;
}

/** R-DCR-2: a supervisor other than the requester decides a pending request, while the case participates. */
export const canDecide = (request: ChangeRequestLike, status: string, me: Caller | undefined): boolean =>
  request.status === 'pending' && status === 'participating' && me?.role === 'supervisor' && me.staffId !== request.requestedBy;

/** The activities a plan can still link as services: begun or future activities of the case, not linked yet. */
export function linkableActivities<A extends { id: string; status: string }>(
  activities: readonly A[],
  plan: { services: readonly { activityId: string }[] },
): A[] {
  const linked = new Set(plan.services.map((s) => s.activityId));
  return activities.filter((a) => !linked.has(a.id));
}

/** The changes a correction form sends: only the fields given (at least one is needed). */
export function changesFrom(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) if (v.trim() !== '') out[k] = v.trim();
  return out;
}
