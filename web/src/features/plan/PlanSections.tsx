import { useState } from 'react';
import { api, call, ApiProblem, type ApplicationView } from '../../lib/api';
import { Checkbox, CommandForm, DateInput, ProblemSummary, Select, TextArea, fieldErrors } from '../../lib/forms';
import { programLabel } from '../../lib/labels';
import { showBlob } from '../../lib/download';
import { useCaseCommand } from '../case/queries';
import type { Me } from '../auth/AuthProvider';
import { ASSESSMENT_SECTIONS, IEP_ACTIVITY_CODE, linkableActivities, planAllowed, type AssessmentSectionName } from './planRules';

type Plan = ApplicationView['plans'][number];
type Goal = Plan['goals'][number];
type Program = ApplicationView['programs'][number];

const GOAL_TYPES = [
  { value: 'employment', label: 'Employment' },
  { value: 'education', label: 'Education' },
  { value: 'training', label: 'Training' },
  { value: 'other', label: 'Other' },
];
const TERMS = [
  { value: 'short_term', label: 'Short term' },
  { value: 'long_term', label: 'Long term' },
];
const BLOCKED_TEXT = {
  ASSESSMENT_INCOMPLETE: 'A plan can be created once all twelve assessment sections are complete.',
  IEP_ACTIVITY_REQUIRED: `A plan needs an activity ${IEP_ACTIVITY_CODE} (Development of IEP/ISS/EDP) on the case: add it first.`,
  PLAN_ALREADY_OPEN: null,
} as const;

/** R-OAS-1: the objective assessment's twelve sections, each recorded complete or incomplete with its summary. */
export function AssessmentSection({ view, me }: { view: ApplicationView; me: Me | undefined }) {
  const allowed = planAllowed(view, me);
  const [section, setSection] = useState<AssessmentSectionName>(() => firstIncomplete(view));
  const [status, setStatus] = useState<'complete' | 'incomplete'>('complete');
  const [summary, setSummary] = useState('');
  const cmd = useCaseCommand<unknown>(view.id, () => {
    setSummary('');
  });
  const byName = new Map(view.assessment.sections.map((s) => [s.section, s]));
  const errors = fieldErrors(cmd.problem, ['status', 'summary', 'section']);
  const done = view.assessment.sections.filter((s) => s.status === 'complete').length;
  return (
    <section aria-labelledby="assessment-heading">
      <h2 id="assessment-heading">Objective assessment</h2>
      <p>
        {`Assessment ${view.assessment.status.replace(/_/g, ' ')}: ${done} of 12 sections complete`}
        {view.assessment.completedOn ? `, completed on ${view.assessment.completedOn}` : ''}.
      </p>
      <div className="console-table-wrap">
        <table className="usa-table usa-table--compact usa-table--borderless">
          <caption className="usa-sr-only">The twelve assessment sections</caption>
          <thead>
            <tr>
              <th scope="col">Section</th>
              <th scope="col">Status</th>
              <th scope="col">Recorded</th>
            </tr>
          </thead>
          <tbody>
            {ASSESSMENT_SECTIONS.map(([name, label]) => {
              const s = byName.get(name);
              return (
                <tr key={name}>
                  <th scope="row">{label}</th>
                  <td>{s ? (s.status === 'complete' ? 'Complete' : 'Incomplete') : 'Not started'}</td>
                  <td>{s ? `${s.updatedAt.slice(0, 10)} by ${s.updatedBy}` : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {allowed.assessment && (
        <CommandForm
          title="Record an assessment section"
          submitLabel="Record assessment section"
          problem={cmd.problem}
          pending={cmd.pending}
          onSubmit={() => {
            const body = { status, summary };
            void cmd
              .submit({ section, ...body }, (key) =>
                call(
                  api.PUT('/api/v1/applications/{id}/assessment/sections/{section}', {
                    params: { path: { id: view.id, section }, header: { 'idempotency-key': key } },
                    body,
                  }),
                ),
              )
              .then((r) => {
                // The next section to fill in comes up by itself.
                if (r) setSection(nextAfter(section));
              });
          }}
        >
          <Select
            label="Assessment section"
            value={section}
            onChange={(v) => setSection(v as AssessmentSectionName)}
            options={ASSESSMENT_SECTIONS.map(([value, label]) => ({ value, label }))}
            error={errors.section}
          />
          <Select
            label="Section status"
            value={status}
            onChange={(v) => setStatus(v as 'complete' | 'incomplete')}
            options={[
              { value: 'complete', label: 'Complete' },
              { value: 'incomplete', label: 'Incomplete' },
            ]}
            error={errors.status}
          />
          <TextArea label="Section summary" value={summary} onChange={setSummary} error={errors.summary} required />
        </CommandForm>
      )}
    </section>
  );
}

function firstIncomplete(view: ApplicationView): AssessmentSectionName {
  const complete = new Set(view.assessment.sections.filter((s) => s.status === 'complete').map((s) => s.section));
  return ASSESSMENT_SECTIONS.find(([name]) => !complete.has(name))?.[0] ?? 'general';
}

function nextAfter(section: AssessmentSectionName): AssessmentSectionName {
  const i = ASSESSMENT_SECTIONS.findIndex(([name]) => name === section);
  return ASSESSMENT_SECTIONS[(i + 1) % ASSESSMENT_SECTIONS.length]![0];
}

/** R-IEP-1 … R-IEP-7: the IEP (ISS for youth): create, goals, objectives and their reviews, linked services, close, the printable PDF. */
export function PlanSection({ view, me, today }: { view: ApplicationView; me: Me | undefined; today: string }) {
  const allowed = planAllowed(view, me);
  const kind = view.programs.includes('YOUTH') ? 'ISS' : 'IEP';
  const plans = [...view.plans].reverse();
  return (
    <section aria-labelledby="plan-heading">
      <h2 id="plan-heading">{`Plan (${kind === 'ISS' ? 'Individual Service Strategy' : 'Individual Employment Plan'})`}</h2>
      {plans.length === 0 && <p>No plan yet.</p>}
      {allowed.createBlockedBy && BLOCKED_TEXT[allowed.createBlockedBy] && <p className="usa-hint">{BLOCKED_TEXT[allowed.createBlockedBy]}</p>}
      {allowed.createPlan && <CreatePlan view={view} today={today} />}
      {plans.map((p) => (
        <PlanCard key={p.id} view={view} plan={p} editable={allowed.editPlan && p.status === 'open'} today={today} />
      ))}
    </section>
  );
}

function CreatePlan({ view, today }: { view: ApplicationView; today: string }) {
  const [startDate, setStartDate] = useState(today);
  const cmd = useCaseCommand<unknown>(view.id);
  const body = { startDate, office: view.office };
  const errors = fieldErrors(cmd.problem, ['startDate', 'office'], { '*date': 'startDate' });
  return (
    <CommandForm
      title="New plan"
      submitLabel="Create plan"
      problem={cmd.problem}
      pending={cmd.pending}
      onSubmit={() =>
        void cmd.submit(body, (key) =>
          call(api.POST('/api/v1/applications/{id}/plans', { params: { path: { id: view.id }, header: { 'idempotency-key': key } }, body })),
        )
      }
    >
      <DateInput label="Plan start date" value={startDate} onChange={setStartDate} error={errors.startDate} required />
      <p className="usa-hint">{`Office ${view.office}.`}</p>
    </CommandForm>
  );
}

function PlanCard({ view, plan, editable, today }: { view: ApplicationView; plan: Plan; editable: boolean; today: string }) {
  const headingId = `plan-${plan.id}`;
  return (
    <div className="console-command">
      <h3 id={headingId}>
        {`${plan.kind} started ${plan.startDate}, ${plan.status}`}
        {plan.closedOn ? ` on ${plan.closedOn}${plan.closedReason === 'exit' ? ' (exit)' : ''}` : ''}
      </h3>
      <PrintPlan view={view} plan={plan} />
      <h4>Goals</h4>
      {plan.goals.length === 0 ? (
        <p>No goal yet.</p>
      ) : (
        <ul className="usa-list">
          {plan.goals.map((g) => (
            <li key={g.id}>
              {`${cap(g.type)} goal (${g.term === 'short_term' ? 'short term' : 'long term'}, ${programLabel(g.program)}): ${g.status.replace(/_/g, ' ')}, established ${g.dateEstablished}, estimated completion ${g.estimatedCompletionDate}`}
              {g.actualCompletionDate ? `, completed ${g.actualCompletionDate}` : ''}
              {g.objectives.length > 0 && (
                <ul>
                  {g.objectives.map((o) => (
                    <li
                      key={o.id}
                    >{`Objective ${o.status}, established ${o.dateEstablished}, review ${o.reviewDate}${o.reviews.length ? `, ${o.reviews.length} review(s)` : ''}`}</li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
      <h4>Linked services</h4>
      {plan.services.length === 0 ? (
        <p>No service linked yet.</p>
      ) : (
        <ul className="usa-list">
          {plan.services.map((s) => (
            <li key={s.activityId}>{`${s.code} ${s.title}`}</li>
          ))}
        </ul>
      )}
      {editable && (
        <>
          <AddGoal view={view} plan={plan} today={today} />
          <CompleteGoal view={view} plan={plan} today={today} />
          <AddObjective view={view} plan={plan} today={today} />
          <ReviewObjective view={view} plan={plan} today={today} />
          <LinkService view={view} plan={plan} />
          <ClosePlan view={view} plan={plan} today={today} />
        </>
      )}
    </div>
  );
}

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** The printable plan: fetched with the token (a link cannot carry it) and shown from a Blob URL. */
function PrintPlan({ view, plan }: { view: ApplicationView; plan: Plan }) {
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const print = async (): Promise<void> => {
    // Opened inside the click, so a pop-up blocker lets it through; it shows the PDF once fetched.
    const tab = window.open('', '_blank');
    setPending(true);
    setProblem(null);
    try {
      const blob = await call(
        api.GET('/api/v1/applications/{id}/plans/{planId}/document', { params: { path: { id: view.id, planId: plan.id } }, parseAs: 'blob' }) as Promise<{
          data?: Blob;
          error?: unknown;
          response: Response;
        }>,
      );
      showBlob(blob, `${plan.kind.toLowerCase()}-${plan.startDate}.pdf`, tab);
    } catch (err) {
      tab?.close();
      setProblem(err instanceof ApiProblem ? err : new ApiProblem(0, 'CLIENT_ERROR', 'The plan could not be printed', String(err)));
    } finally {
      setPending(false);
    }
  };
  return (
    <div>
      <ProblemSummary problem={problem} />
      <button type="button" className="usa-button usa-button--outline" aria-disabled={pending || undefined} onClick={() => !pending && void print()}>
        {`Print ${plan.kind} (PDF)`}
      </button>
      {pending && <span role="status">Preparing the PDF…</span>}
    </div>
  );
}

interface PlanFormProps {
  view: ApplicationView;
  plan: Plan;
  today: string;
}

const programOptions = (view: ApplicationView) => view.programs.map((p) => ({ value: p, label: programLabel(p) }));

function AddGoal({ view, plan, today }: PlanFormProps) {
  const [type, setType] = useState<Goal['type']>('employment');
  const [term, setTerm] = useState<Goal['term']>('short_term');
  const [description, setDescription] = useState('');
  const [established, setEstablished] = useState(today);
  const [estimated, setEstimated] = useState('');
  const [program, setProgram] = useState<Program>(view.programs[0] ?? 'ADULT');
  const cmd = useCaseCommand<unknown>(view.id, () => setDescription(''));
  const body = { type, term, description, dateEstablished: established, estimatedCompletionDate: estimated, program };
  const errors = fieldErrors(cmd.problem, ['type', 'term', 'description', 'dateEstablished', 'estimatedCompletionDate', 'program'], {
    '*date': 'dateEstablished',
    INVALID_DATE_RANGE: 'estimatedCompletionDate',
  });
  return (
    <CommandForm
      title="New goal"
      headingLevel={4}
      submitLabel="Add goal"
      problem={cmd.problem}
      pending={cmd.pending}
      onSubmit={() =>
        void cmd.submit(body, (key) =>
          call(
            api.POST('/api/v1/applications/{id}/plans/{planId}/goals', {
              params: { path: { id: view.id, planId: plan.id }, header: { 'idempotency-key': key } },
              body,
            }),
          ),
        )
      }
    >
      <Select label="Goal type" value={type} onChange={(v) => setType(v as Goal['type'])} options={GOAL_TYPES} error={errors.type} />
      <Select label="Term" value={term} onChange={(v) => setTerm(v as Goal['term'])} options={TERMS} error={errors.term} />
      <TextArea label="Goal" value={description} onChange={setDescription} error={errors.description} required />
      <DateInput label="Date established" value={established} onChange={setEstablished} error={errors.dateEstablished} required />
      <DateInput label="Estimated completion date" value={estimated} onChange={setEstimated} error={errors.estimatedCompletionDate} required />
      <Select label="Goal program" value={program} onChange={(v) => setProgram(v as Program)} options={programOptions(view)} error={errors.program} />
    </CommandForm>
  );
}

function CompleteGoal({ view, plan, today }: PlanFormProps) {
  const open = plan.goals.filter((g) => g.status === 'open');
  const [goalId, setGoalId] = useState('');
  const [date, setDate] = useState(today);
  const [outcome, setOutcome] = useState<'achieved' | 'not_achieved'>('achieved');
  const cmd = useCaseCommand<unknown>(view.id);
  if (open.length === 0) return null;
  const chosen = open.some((g) => g.id === goalId) ? goalId : open[0]!.id;
  const body = { actualCompletionDate: date, outcome };
  const errors = fieldErrors(cmd.problem, ['actualCompletionDate', 'outcome'], { '*date': 'actualCompletionDate' });
  return (
    <CommandForm
      title="A goal is reached or ends"
      headingLevel={4}
      submitLabel="Complete goal"
      problem={cmd.problem}
      pending={cmd.pending}
      onSubmit={() =>
        void cmd.submit({ chosen, ...body }, (key) =>
          call(
            api.POST('/api/v1/applications/{id}/plans/{planId}/goals/{goalId}/complete', {
              params: { path: { id: view.id, planId: plan.id, goalId: chosen }, header: { 'idempotency-key': key } },
              body,
            }),
          ),
        )
      }
    >
      <Select label="Open goal" value={chosen} onChange={setGoalId} options={open.map((g) => ({ value: g.id, label: goalLabel(g) }))} />
      <DateInput label="Actual completion date" value={date} onChange={setDate} error={errors.actualCompletionDate} required />
      <Select
        label="Outcome"
        value={outcome}
        onChange={(v) => setOutcome(v as 'achieved' | 'not_achieved')}
        options={[
          { value: 'achieved', label: 'Achieved' },
          { value: 'not_achieved', label: 'Not achieved' },
        ]}
        error={errors.outcome}
      />
    </CommandForm>
  );
}

const goalLabel = (g: Goal): string => `${cap(g.type)} goal, ${g.term === 'short_term' ? 'short term' : 'long term'}, by ${g.estimatedCompletionDate}`;

function AddObjective({ view, plan, today }: PlanFormProps) {
  const open = plan.goals.filter((g) => g.status === 'open');
  const [goalId, setGoalId] = useState('');
  const [description, setDescription] = useState('');
  const [established, setEstablished] = useState(today);
  const [review, setReview] = useState('');
  const [program, setProgram] = useState<Program>(view.programs[0] ?? 'ADULT');
  const cmd = useCaseCommand<unknown>(view.id, () => setDescription(''));
  if (open.length === 0) return null;
  const chosen = open.some((g) => g.id === goalId) ? goalId : open[0]!.id;
  const body = { description, dateEstablished: established, reviewDate: review, program };
  const errors = fieldErrors(cmd.problem, ['description', 'dateEstablished', 'reviewDate', 'program'], {
    '*date': 'dateEstablished',
    INVALID_DATE_RANGE: 'reviewDate',
  });
  return (
    <CommandForm
      title="New objective"
      headingLevel={4}
      submitLabel="Add objective"
      problem={cmd.problem}
      pending={cmd.pending}
      onSubmit={() =>
        void cmd.submit({ chosen, ...body }, (key) =>
          call(
            api.POST('/api/v1/applications/{id}/plans/{planId}/goals/{goalId}/objectives', {
              params: { path: { id: view.id, planId: plan.id, goalId: chosen }, header: { 'idempotency-key': key } },
              body,
            }),
          ),
        )
      }
    >
      <Select label="Goal of the objective" value={chosen} onChange={setGoalId} options={open.map((g) => ({ value: g.id, label: goalLabel(g) }))} />
      <TextArea label="Objective" value={description} onChange={setDescription} error={errors.description} required />
      <DateInput label="Date established" value={established} onChange={setEstablished} error={errors.dateEstablished} required />
      <DateInput label="Review date" value={review} onChange={setReview} error={errors.reviewDate} required />
      <Select label="Objective program" value={program} onChange={(v) => setProgram(v as Program)} options={programOptions(view)} error={errors.program} />
    </CommandForm>
  );
}

function ReviewObjective({ view, plan, today }: PlanFormProps) {
  const open = plan.goals.flatMap((g) => g.objectives.filter((o) => o.status === 'open').map((o) => ({ o, g })));
  const [objectiveId, setObjectiveId] = useState('');
  const [reviewedOn, setReviewedOn] = useState(today);
  const [status, setStatus] = useState<'open' | 'completed' | 'cancelled'>('open');
  const [next, setNext] = useState('');
  const [note, setNote] = useState('');
  const cmd = useCaseCommand<unknown>(view.id, () => setNote(''));
  if (open.length === 0) return null;
  const chosen = open.some(({ o }) => o.id === objectiveId) ? objectiveId : open[0]!.o.id;
  const body = { reviewedOn, status, note, ...(status === 'open' ? { nextReviewDate: next } : {}) };
  const errors = fieldErrors(cmd.problem, ['reviewedOn', 'status', 'nextReviewDate', 'note'], { '*date': 'reviewedOn', INVALID_DATE_RANGE: 'nextReviewDate' });
  return (
    <CommandForm
      title="Objective review"
      headingLevel={4}
      submitLabel="Record review"
      problem={cmd.problem}
      pending={cmd.pending}
      onSubmit={() =>
        void cmd.submit({ chosen, ...body }, (key) =>
          call(
            api.POST('/api/v1/applications/{id}/plans/{planId}/objectives/{objectiveId}/review', {
              params: { path: { id: view.id, planId: plan.id, objectiveId: chosen }, header: { 'idempotency-key': key } },
              body,
            }),
          ),
        )
      }
    >
      <Select
        label="Objective reviewed"
        value={chosen}
        onChange={setObjectiveId}
        options={open.map(({ o, g }) => ({ value: o.id, label: `${goalLabel(g)}: objective, review ${o.reviewDate}` }))}
      />
      <DateInput label="Reviewed on" value={reviewedOn} onChange={setReviewedOn} error={errors.reviewedOn} required />
      <Select
        label="Objective status"
        value={status}
        onChange={(v) => setStatus(v as 'open' | 'completed' | 'cancelled')}
        options={[
          { value: 'open', label: 'Still open' },
          { value: 'completed', label: 'Completed' },
          { value: 'cancelled', label: 'Cancelled' },
        ]}
        error={errors.status}
      />
      {status === 'open' && <DateInput label="Next review date" value={next} onChange={setNext} error={errors.nextReviewDate} required />}
      <TextArea label="Review note" value={note} onChange={setNote} error={errors.note} required />
    </CommandForm>
  );
}

function LinkService({ view, plan }: { view: ApplicationView; plan: Plan }) {
  const candidates = linkableActivities(view.activities, plan);
  const [activityId, setActivityId] = useState('');
  const cmd = useCaseCommand<unknown>(view.id);
  if (candidates.length === 0) return null;
  const chosen = candidates.some((a) => a.id === activityId) ? activityId : candidates[0]!.id;
  const body = { activityId: chosen };
  const errors = fieldErrors(cmd.problem, ['activityId'], { SERVICE_ALREADY_LINKED: 'activityId', ACTIVITY_NOT_FOUND: 'activityId' });
  return (
    <CommandForm
      title="Link a service"
      headingLevel={4}
      submitLabel="Link service"
      problem={cmd.problem}
      pending={cmd.pending}
      onSubmit={() =>
        void cmd.submit(body, (key) =>
          call(
            api.POST('/api/v1/applications/{id}/plans/{planId}/services', {
              params: { path: { id: view.id, planId: plan.id }, header: { 'idempotency-key': key } },
              body,
            }),
          ),
        )
      }
    >
      <Select
        label="Service"
        value={chosen}
        onChange={setActivityId}
        options={candidates.map((a) => ({ value: a.id, label: `${a.code} ${a.title} (${a.status})` }))}
        error={errors.activityId}
      />
    </CommandForm>
  );
}

function ClosePlan({ view, plan, today }: PlanFormProps) {
  const [closedOn, setClosedOn] = useState(today);
  const [cancelOpenGoals, setCancelOpenGoals] = useState(false);
  const cmd = useCaseCommand<unknown>(view.id);
  const openGoals = plan.goals.some((g) => g.status === 'open');
  const body = { closedOn, ...(cancelOpenGoals ? { cancelOpenGoals: true } : {}) };
  const errors = fieldErrors(cmd.problem, ['closedOn'], { '*date': 'closedOn' });
  return (
    <CommandForm
      title="Close the plan"
      headingLevel={4}
      submitLabel="Close plan"
      problem={cmd.problem}
      pending={cmd.pending}
      onSubmit={() =>
        void cmd.submit(body, (key) =>
          call(
            api.POST('/api/v1/applications/{id}/plans/{planId}/close', {
              params: { path: { id: view.id, planId: plan.id }, header: { 'idempotency-key': key } },
              body,
            }),
          ),
        )
      }
    >
      <DateInput label="Closed on" value={closedOn} onChange={setClosedOn} error={errors.closedOn} required />
      {openGoals && <Checkbox label="Cancel the goals still open" checked={cancelOpenGoals} onChange={setCancelOpenGoals} />}
    </CommandForm>
  );
}
