import { useState } from 'react';
import { api, call, type ApplicationView, type CommandResult } from '../../lib/api';
import { CommandForm, DateInput, Select, TextArea, TextInput, fieldErrors } from '../../lib/forms';
import { BREAK_REASONS, EXCLUSIONARY_REASONS } from '../../lib/labels';
import { useCaseCommand } from './queries';
import type { Allowed } from './allowed';
import type { Me } from '../auth/AuthProvider';

type BreakReason = 'training_delay' | 'education_break' | 'other';
type ExclusionaryReason = '01' | '02' | '03' | '04' | '05' | '06' | '07';

export function CaseNotesSection({ view, today, allowed }: { view: ApplicationView; today: string; allowed: Allowed }) {
  const [date, setDate] = useState(today);
  const [subject, setSubject] = useState('');
  const [note, setNote] = useState('');
  const cmd = useCaseCommand<CommandResult>(view.id, () => {
    setSubject('');
    setNote('');
  });
  if (!allowed.caseNotes) return null;
  const errors = fieldErrors(cmd.problem, ['contactDate', 'subject', 'body'], { '*date': 'contactDate' });
  const body = { contactDate: date, subject, body: note };
  return (
    <section aria-labelledby="case-notes-heading">
      <h2 id="case-notes-heading">Case notes</h2>
      <CommandForm
        title="New case note"
        submitLabel="Add case note"
        problem={cmd.problem}
        pending={cmd.pending}
        onSubmit={() =>
          void cmd.submit(body, (key) =>
            call(api.POST('/api/v1/applications/{id}/case-notes', { params: { path: { id: view.id }, header: { 'idempotency-key': key } }, body })),
          )
        }
      >
        <DateInput label="Contact date" value={date} onChange={setDate} error={errors.contactDate} required />
        <TextInput label="Subject" value={subject} onChange={setSubject} error={errors.subject} required />
        <TextArea label="Case note" value={note} onChange={setNote} error={errors.body} required />
      </CommandForm>
    </section>
  );
}

/** R-BREAK / R-UI-4: staff request a planned break; a supervisor approves it (not their own request) or cancels it. */
export function PlannedBreakSection({ view, allowed, me }: { view: ApplicationView; allowed: Allowed; me: Me | undefined }) {
  const pb = view.plannedBreak;
  const active = pb && (pb.status === 'pending' || pb.status === 'approved') ? pb : null;
  const future = view.activities.filter((a) => a.status === 'future');
  const [reason, setReason] = useState<BreakReason>('training_delay');
  const [resume, setResume] = useState('');
  const [activityId, setActivityId] = useState('');
  const [note, setNote] = useState('');
  const request = useCaseCommand<CommandResult>(view.id);
  const approve = useCaseCommand<CommandResult>(view.id);
  const cancel = useCaseCommand<CommandResult>(view.id);
  const chosen = future.some((a) => a.id === activityId) ? activityId : (future[0]?.id ?? '');
  const chosenActivity = future.find((a) => a.id === chosen);
  const resumeDate = resume || chosenActivity?.projectedBeginDate || '';
  const errors = fieldErrors(request.problem, ['reason', 'resumeDate', 'activityId', 'caseNote'], {
    '*date': 'resumeDate',
    PLANNED_BREAK_EXISTS: 'activityId',
    CASE_NOTE_REQUIRED: 'caseNote',
  });
  const body = { reason, resumeDate, activityId: chosen, caseNote: note };
  const canApprove = active?.status === 'pending' && me?.role === 'supervisor' && me.staffId !== active.requestedBy;
  return (
    <section aria-labelledby="break-heading">
      <h2 id="break-heading">Planned break</h2>
      {pb ? (
        <p>
          {`Planned break (${pb.reason.replace(/_/g, ' ')}) ${pb.status}: services resume on ${pb.resumeDate}; requested by ${pb.requestedBy}`}
          {pb.approvedBy ? `, approved by ${pb.approvedBy}` : ''}.
        </p>
      ) : (
        <p>No planned break.</p>
      )}
      {allowed.plannedBreak && active && canApprove && (
        <CommandForm
          title="Approve the planned break"
          submitLabel="Approve planned break"
          problem={approve.problem}
          pending={approve.pending}
          onSubmit={() =>
            void approve.submit({ approve: active.id }, (key) =>
              call(
                api.POST('/api/v1/applications/{id}/planned-breaks/{breakId}/approve', {
                  params: { path: { id: view.id, breakId: active.id }, header: { 'idempotency-key': key } },
                  body: {},
                }),
              ),
            )
          }
        >
          <p>Requested by {active.requestedBy}: the exit clock extends to 180 days once approved.</p>
        </CommandForm>
      )}
      {allowed.plannedBreak && active && me?.role === 'supervisor' && (
        <CommandForm
          title="Cancel the planned break"
          submitLabel="Cancel planned break"
          problem={cancel.problem}
          pending={cancel.pending}
          onSubmit={() =>
            void cancel.submit({ cancel: active.id }, (key) =>
              call(
                api.POST('/api/v1/applications/{id}/planned-breaks/{breakId}/cancel', {
                  params: { path: { id: view.id, breakId: active.id }, header: { 'idempotency-key': key } },
                  body: {},
                }),
              ),
            )
          }
        >
          <p>The 90-day window comes back; if it has already passed, the case exits at once.</p>
        </CommandForm>
      )}
      {allowed.plannedBreak && !active && future.length > 0 && (
        <CommandForm
          title="Ask for a planned break"
          submitLabel="Request planned break"
          problem={request.problem}
          pending={request.pending}
          onSubmit={() =>
            void request.submit(body, (key) =>
              call(api.POST('/api/v1/applications/{id}/planned-breaks', { params: { path: { id: view.id }, header: { 'idempotency-key': key } }, body })),
            )
          }
        >
          <Select label="Reason" value={reason} onChange={(v) => setReason(v as BreakReason)} options={BREAK_REASONS} error={errors.reason} />
          <Select
            label="Activity services resume with"
            value={chosen}
            onChange={setActivityId}
            options={future.map((a) => ({ value: a.id, label: `${a.code} ${a.title} (${a.projectedBeginDate ?? ''})` }))}
            error={errors.activityId}
          />
          <DateInput label="Resume date" value={resumeDate} onChange={setResume} error={errors.resumeDate} required />
          <TextArea label="Case note" value={note} onChange={setNote} error={errors.caseNote} required />
        </CommandForm>
      )}
      {allowed.plannedBreak && !active && future.length === 0 && (
        <p className="usa-hint">A planned break needs a future activity (its projected begin is the resume date): add one first.</p>
      )}
    </section>
  );
}

/** The program closure form: outcomes recorded, F-codes allowed before exit; it never exits. */
export function ClosureSection({ view, allowed }: { view: ApplicationView; allowed: Allowed }) {
  const [status, setStatus] = useState('');
  const [employer, setEmployer] = useState('');
  const cmd = useCaseCommand<CommandResult>(view.id);
  const errors = fieldErrors(cmd.problem, ['closureStatus', 'employer'], { CLOSURE_EXISTS: 'closureStatus' });
  const body = { closureStatus: status, ...(employer.trim() ? { employment: { employer: employer.trim() } } : {}) };
  return (
    <section aria-labelledby="closure-heading">
      <h2 id="closure-heading">Closure</h2>
      {view.closure ? (
        <p>Closure recorded{typeof view.closure.closureStatus === 'string' ? `: ${view.closure.closureStatus}` : ''}.</p>
      ) : (
        allowed.closure && (
          <CommandForm
            title="Program closure form"
            submitLabel="Record closure"
            problem={cmd.problem}
            pending={cmd.pending}
            onSubmit={() =>
              void cmd.submit(body, (key) =>
                call(api.POST('/api/v1/applications/{id}/closure', { params: { path: { id: view.id }, header: { 'idempotency-key': key } }, body })),
              )
            }
          >
            <TextInput label="Closure status" value={status} onChange={setStatus} error={errors.closureStatus} required />
            <TextInput label="Employer at closure (optional)" value={employer} onChange={setEmployer} error={errors.employer} />
          </CommandForm>
        )
      )}
    </section>
  );
}

/** PIRL 923: the case exits at once, without follow-ups. */
export function ExclusionarySection({ view, today }: { view: ApplicationView; today: string }) {
  const [reason, setReason] = useState<ExclusionaryReason>('01');
  const [date, setDate] = useState(today);
  const [doc, setDoc] = useState('');
  const [note, setNote] = useState('');
  const cmd = useCaseCommand<CommandResult>(view.id);
  const errors = fieldErrors(cmd.problem, ['reason', 'exitDate', 'documentationRef', 'caseNote'], {
    '*date': 'exitDate',
    EXCLUSIONARY_REASON_NOT_FOR_PROGRAM: 'reason',
    EXCLUSION_REASON_NOT_ALLOWED: 'reason',
    DOCUMENTATION_REQUIRED: 'documentationRef',
    DOCUMENTATION_REF_REQUIRED: 'documentationRef',
    CASE_NOTE_REQUIRED: 'caseNote',
  });
  const body = { reason, ...(date ? { exitDate: date } : {}), documentationRef: doc, caseNote: note };
  return (
    <section aria-labelledby="exclusionary-heading">
      <h2 id="exclusionary-heading">Exclusionary exit</h2>
      <CommandForm
        title="Exit for a reason that excludes the case from performance"
        submitLabel="Record exclusionary exit"
        problem={cmd.problem}
        pending={cmd.pending}
        onSubmit={() =>
          void cmd.submit(body, (key) =>
            call(api.POST('/api/v1/applications/{id}/exclusionary-exit', { params: { path: { id: view.id }, header: { 'idempotency-key': key } }, body })),
          )
        }
      >
        <Select
          label="Exclusion reason"
          value={reason}
          onChange={(v) => setReason(v as ExclusionaryReason)}
          options={EXCLUSIONARY_REASONS}
          error={errors.reason}
        />
        <DateInput label="Exit date" value={date} onChange={setDate} error={errors.exitDate} />
        <TextInput label="Documentation reference" value={doc} onChange={setDoc} error={errors.documentationRef} required />
        <TextArea label="Case note" value={note} onChange={setNote} error={errors.caseNote} required />
      </CommandForm>
    </section>
  );
}
