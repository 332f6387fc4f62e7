import { useId, useState } from 'react';
import { api, call, type ApplicationView, type CommandResult } from '../../lib/api';
import { CommandForm, DateInput, Field, Select, TextArea, fieldErrors } from '../../lib/forms';
import { COMPLETION_OPTIONS, programLabel } from '../../lib/labels';
import { useActivityCodes, useCaseCommand } from './queries';
import type { Allowed } from './allowed';

type Program = ApplicationView['programs'][number];
type Completion = 'successful' | 'unsuccessful' | 'other';

/** The activity code, typed or picked from the agency's catalog (only the codes the case may take). */
export function ActivityCodeInput(props: { value: string; onChange: (v: string) => void; program: string; followUpOnly: boolean; error?: string | undefined }) {
  const listId = useId();
  const codes = useActivityCodes();
  const options = (codes.data?.codes ?? []).filter(
    (c) => (!props.program || c.programs.includes(props.program as Program)) && (props.followUpOnly ? c.category === 'follow_up' : c.category !== 'follow_up'),
  );
  return (
    <Field label="Activity code" error={props.error} hint={props.followUpOnly ? 'After the exit only follow-up (F) codes' : 'Such as 101, 205'}>
      {({ id, describedBy, invalid }) => (
        <>
          <input
            id={id}
            className={`usa-input${invalid ? ' usa-input--error' : ''}`}
            list={listId}
            value={props.value}
            autoComplete="off"
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            onChange={(e) => props.onChange(e.target.value.trim())}
          />
          <datalist id={listId}>
            {options.map((c) => (
              <option key={c.code} value={c.code}>
                {`${c.code} ${c.title}`}
              </option>
            ))}
          </datalist>
        </>
      )}
    </Field>
  );
}

const programOptions = (view: ApplicationView) => view.programs.map((p) => ({ value: p, label: programLabel(p) }));

/** R-ACT-2: participation is the date of the first service and that service. */
export function ParticipationSection({ view, today }: { view: ApplicationView; today: string }) {
  const [date, setDate] = useState(today);
  const [code, setCode] = useState('');
  const [program, setProgram] = useState<string>(view.programs[0] ?? '');
  const [projectedEnd, setProjectedEnd] = useState('');
  const [note, setNote] = useState('');
  const cmd = useCaseCommand<CommandResult>(view.id);
  const errors = fieldErrors(cmd.problem, ['participationDate', 'code', 'program', 'projectedEndDate', 'caseNote'], {
    '*date': 'participationDate',
    UNKNOWN_ACTIVITY_CODE: 'code',
    CODE_NOT_FOR_PROGRAM: 'code',
    PROGRAM_NOT_ENROLLED: 'program',
    CASE_NOTE_REQUIRED: 'caseNote',
  });
  const body = {
    participationDate: date,
    activity: { code, program: program as Program, projectedEndDate: projectedEnd, caseNote: note },
  };
  return (
    <section aria-labelledby="participation-heading">
      <h2 id="participation-heading">Participation</h2>
      <CommandForm
        title="Record the first service"
        submitLabel="Record participation"
        problem={cmd.problem}
        pending={cmd.pending}
        onSubmit={() =>
          void cmd.submit(body, (key) =>
            call(api.POST('/api/v1/applications/{id}/participation', { params: { path: { id: view.id }, header: { 'idempotency-key': key } }, body })),
          )
        }
      >
        <DateInput label="Participation date" value={date} onChange={setDate} error={errors.participationDate} required />
        <ActivityCodeInput value={code} onChange={setCode} program={program} followUpOnly={false} error={errors.code} />
        <Select label="Program" value={program} onChange={setProgram} options={programOptions(view)} error={errors.program} />
        <DateInput label="Projected end date" value={projectedEnd} onChange={setProjectedEnd} error={errors.projectedEndDate} required />
        <TextArea label="Case note" value={note} onChange={setNote} error={errors.caseNote} required />
      </CommandForm>
    </section>
  );
}

/** Activities: the list, then add, begin (a future one) and close (an open one). */
export function ActivitiesSection({ view, today, allowed }: { view: ApplicationView; today: string; allowed: Allowed }) {
  const open = view.activities.filter((a) => a.status === 'open');
  const future = view.activities.filter((a) => a.status === 'future');
  return (
    <section aria-labelledby="activities-heading">
      <h2 id="activities-heading">Activities</h2>
      <div className="console-table-wrap">
        <table className="usa-table usa-table--compact">
          <caption className="usa-sr-only">Activities of this case</caption>
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">Activity</th>
              <th scope="col">Program</th>
              <th scope="col">Status</th>
              <th scope="col">Begin</th>
              <th scope="col">Projected end</th>
              <th scope="col">Actual end</th>
              <th scope="col">Completion</th>
              <th scope="col">Restarts the clock</th>
            </tr>
          </thead>
          <tbody>
            {view.activities.map((a) => (
              <tr key={a.id}>
                <td>{a.code}</td>
                <td>{a.title}</td>
                <td>{programLabel(a.program)}</td>
                <td>{a.status}</td>
                <td className="text-no-wrap">{a.actualBeginDate ?? (a.projectedBeginDate ? `${a.projectedBeginDate} (projected)` : '—')}</td>
                <td className="text-no-wrap">{a.projectedEndDate ?? '—'}</td>
                <td className="text-no-wrap">{a.actualEndDate ?? '—'}</td>
                <td>{a.completionCode ?? '—'}</td>
                <td>{a.restartsExitClock ? 'Yes' : 'No'}</td>
              </tr>
            ))}
            {view.activities.length === 0 && (
              <tr>
                <td colSpan={9}>No activity yet.</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {allowed.services && <AddActivityForm view={view} followUpOnly={allowed.followUpCodesOnly} />}
      {allowed.services && !allowed.followUpCodesOnly && future.length > 0 && <BeginActivityForm view={view} today={today} future={future} />}
      {allowed.services && open.length > 0 && <CloseActivityForm view={view} today={today} open={open} />}
    </section>
  );
}

const activityOptions = (list: ApplicationView['activities']) =>
  list.map((a) => ({ value: a.id, label: `${a.code} ${a.title} (${a.actualBeginDate ?? a.projectedBeginDate ?? ''})` }));

function AddActivityForm({ view, followUpOnly }: { view: ApplicationView; followUpOnly: boolean }) {
  const [code, setCode] = useState('');
  const [program, setProgram] = useState<string>(view.programs[0] ?? '');
  const [begin, setBegin] = useState('');
  const [projectedBegin, setProjectedBegin] = useState('');
  const [projectedEnd, setProjectedEnd] = useState('');
  const [note, setNote] = useState('');
  const cmd = useCaseCommand<CommandResult>(view.id, () => {
    setCode('');
    setBegin('');
    setProjectedBegin('');
    setProjectedEnd('');
    setNote('');
  });
  const errors = fieldErrors(cmd.problem, ['code', 'program', 'actualBeginDate', 'projectedBeginDate', 'projectedEndDate', 'caseNote'], {
    '*date': begin ? 'actualBeginDate' : 'projectedBeginDate',
    PROJECTED_BEGIN_NOT_FUTURE: 'projectedBeginDate',
    END_BEFORE_BEGIN: 'projectedEndDate',
    UNKNOWN_ACTIVITY_CODE: 'code',
    CODE_NOT_FOR_PROGRAM: 'code',
    ONLY_FOLLOW_UP_CODES: 'code',
    FOLLOW_UP_CODE_NOT_ALLOWED: 'code',
    APPLICATION_EXITED: 'code',
    PROGRAM_NOT_ENROLLED: 'program',
    CASE_NOTE_REQUIRED: 'caseNote',
  });
  const body = {
    code,
    program: program as Program,
    ...(begin ? { actualBeginDate: begin } : {}),
    ...(projectedBegin ? { projectedBeginDate: projectedBegin } : {}),
    projectedEndDate: projectedEnd,
    caseNote: note,
  };
  return (
    <CommandForm
      title="New activity"
      submitLabel="Add activity"
      problem={cmd.problem}
      pending={cmd.pending}
      onSubmit={() =>
        void cmd.submit(body, (key) =>
          call(api.POST('/api/v1/applications/{id}/activities', { params: { path: { id: view.id }, header: { 'idempotency-key': key } }, body })),
        )
      }
    >
      <ActivityCodeInput value={code} onChange={setCode} program={program} followUpOnly={followUpOnly} error={errors.code} />
      <Select label="Program" value={program} onChange={setProgram} options={programOptions(view)} error={errors.program} />
      <DateInput label="Actual begin date" value={begin} onChange={setBegin} error={errors.actualBeginDate} />
      <DateInput label="Projected begin date" value={projectedBegin} onChange={setProjectedBegin} error={errors.projectedBeginDate} />
      <p className="usa-hint">Give the actual begin date of an activity that has begun, or the projected begin date of a future one.</p>
      <DateInput label="Projected end date" value={projectedEnd} onChange={setProjectedEnd} error={errors.projectedEndDate} required />
      <TextArea label="Case note" value={note} onChange={setNote} error={errors.caseNote} required />
    </CommandForm>
  );
}

function BeginActivityForm({ view, today, future }: { view: ApplicationView; today: string; future: ApplicationView['activities'] }) {
  const [activityId, setActivityId] = useState(future[0]?.id ?? '');
  const [date, setDate] = useState(today);
  const chosen = future.some((a) => a.id === activityId) ? activityId : (future[0]?.id ?? '');
  const cmd = useCaseCommand<CommandResult>(view.id);
  const errors = fieldErrors(cmd.problem, ['activityId', 'actualBeginDate'], { '*date': 'actualBeginDate', ACTIVITY_NOT_FUTURE: 'activityId' });
  const body = { actualBeginDate: date };
  return (
    <CommandForm
      title="A future activity begins"
      submitLabel="Begin activity"
      problem={cmd.problem}
      pending={cmd.pending}
      onSubmit={() =>
        void cmd.submit({ ...body, chosen }, (key) =>
          call(
            api.POST('/api/v1/applications/{id}/activities/{activityId}/begin', {
              params: { path: { id: view.id, activityId: chosen }, header: { 'idempotency-key': key } },
              body,
            }),
          ),
        )
      }
    >
      <Select label="Activity to begin" value={chosen} onChange={setActivityId} options={activityOptions(future)} error={errors.activityId} />
      <DateInput label="Actual begin date" value={date} onChange={setDate} error={errors.actualBeginDate} required />
    </CommandForm>
  );
}

function CloseActivityForm({ view, today, open }: { view: ApplicationView; today: string; open: ApplicationView['activities'] }) {
  const [activityId, setActivityId] = useState(open[0]?.id ?? '');
  const [date, setDate] = useState(today);
  const [completion, setCompletion] = useState<Completion>('successful');
  const chosen = open.some((a) => a.id === activityId) ? activityId : (open[0]?.id ?? '');
  const cmd = useCaseCommand<CommandResult>(view.id);
  const errors = fieldErrors(cmd.problem, ['activityId', 'actualEndDate', 'completionCode'], {
    '*date': 'actualEndDate',
    ACTIVITY_ALREADY_CLOSED: 'activityId',
    ACTIVITY_NOT_OPEN: 'activityId',
  });
  const body = { actualEndDate: date, completionCode: completion };
  return (
    <CommandForm
      title="An open activity ends"
      submitLabel="Close activity"
      problem={cmd.problem}
      pending={cmd.pending}
      onSubmit={() =>
        void cmd.submit({ ...body, chosen }, (key) =>
          call(
            api.POST('/api/v1/applications/{id}/activities/{activityId}/close', {
              params: { path: { id: view.id, activityId: chosen }, header: { 'idempotency-key': key } },
              body,
            }),
          ),
        )
      }
    >
      <Select label="Activity to close" value={chosen} onChange={setActivityId} options={activityOptions(open)} error={errors.activityId} />
      <DateInput label="Actual end date" value={date} onChange={setDate} error={errors.actualEndDate} required />
      <Select
        label="Completion"
        value={completion}
        onChange={(v) => setCompletion(v as Completion)}
        options={COMPLETION_OPTIONS}
        error={errors.completionCode}
      />
    </CommandForm>
  );
}
