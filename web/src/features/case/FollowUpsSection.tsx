import { useState } from 'react';
import { api, call, type ApplicationView, type FollowUp } from '../../lib/api';
import { Checkbox, CommandForm, DateInput, Select, TextArea, TextInput, fieldErrors } from '../../lib/forms';
import { CONTACT_OUTCOMES, CONTACT_TYPES, STATUSES_AT_FOLLOW_UP } from '../../lib/labels';
import { useCaseCommand } from './queries';
import type { Allowed } from './allowed';

type ContactType = 'phone' | 'email' | 'text' | 'in_person' | 'mail' | 'other';
type ContactOutcome = 'reached' | 'no_answer' | 'left_message' | 'wrong_number' | 'returned_mail' | 'other';
type StatusAtFollowUp = 'cannot_locate' | 'not_employed' | 'in_education' | 'unable_to_work' | 'declined_to_answer' | 'other';

const isOpen = (f: FollowUp): boolean => f.status === 'required' || f.status === 'overdue';

/**
 * R-FU: after a soft exit, four quarterly follow-ups, one card each. Commands are offered on an open
 * follow-up whose quarter has begun (a completion is refused before it), and "decline" ends them all.
 */
export function FollowUpsSection({ view, today, allowed }: { view: ApplicationView; today: string; allowed: Allowed }) {
  if (view.followUps.length === 0) return null;
  const anyOpen = view.followUps.some(isOpen);
  return (
    <section aria-labelledby="follow-ups-heading">
      <h2 id="follow-ups-heading">Follow-ups</h2>
      <div className="console-cards">
        {view.followUps.map((f) => (
          <FollowUpCard key={f.quarter} view={view} followUp={f} today={today} commands={allowed.followUps && isOpen(f) && today >= f.periodStart} />
        ))}
      </div>
      {allowed.followUps && anyOpen && <DeclineForm view={view} today={today} />}
    </section>
  );
}

function FollowUpCard({ view, followUp: f, today, commands }: { view: ApplicationView; followUp: FollowUp; today: string; commands: boolean }) {
  const headingId = `follow-up-q${f.quarter}`;
  return (
    <section className="usa-card__container padding-2" aria-labelledby={headingId}>
      <h3 id={headingId} className="margin-top-0">
        Follow-up quarter {f.quarter}
      </h3>
      <p className="margin-y-05">
        {f.periodStart} to {f.periodEnd}, due {f.dueDate}
      </p>
      <p className="margin-y-05">
        Status: <strong>{f.status}</strong>
        {f.completedOn ? ` on ${f.completedOn}` : ''}
      </p>
      <p className="margin-y-05">Contact attempts: {f.contactAttempts.length}</p>
      {commands && (
        <>
          <ContactAttemptForm view={view} quarter={f.quarter} today={today} />
          <CompleteForm view={view} quarter={f.quarter} today={today} />
        </>
      )}
    </section>
  );
}

function ContactAttemptForm({ view, quarter, today }: { view: ApplicationView; quarter: number; today: string }) {
  const [date, setDate] = useState(today);
  const [time, setTime] = useState('09:00');
  const [type, setType] = useState<ContactType>('phone');
  const [outcome, setOutcome] = useState<ContactOutcome>('reached');
  const [note, setNote] = useState('');
  const cmd = useCaseCommand<unknown>(view.id, () => setNote(''));
  const errors = fieldErrors(cmd.problem, ['date', 'time', 'type', 'outcome', 'note'], { '*date': 'date', INVALID_TIME: 'time' });
  const body = { date, time, type, outcome, ...(note.trim() ? { note: note.trim() } : {}) };
  return (
    <CommandForm
      headingLevel={4}
      title={`Contact attempt, quarter ${quarter}`}
      submitLabel="Record contact attempt"
      problem={cmd.problem}
      pending={cmd.pending}
      onSubmit={() =>
        void cmd.submit(body, (key) =>
          call(
            api.POST('/api/v1/applications/{id}/follow-ups/{quarter}/contact-attempts', {
              params: { path: { id: view.id, quarter }, header: { 'idempotency-key': key } },
              body,
            }),
          ),
        )
      }
    >
      <DateInput label="Contact date" value={date} onChange={setDate} error={errors.date} required />
      <TextInput label="Contact time" type="time" value={time} onChange={setTime} error={errors.time} required />
      <Select label="Contact type" value={type} onChange={(v) => setType(v as ContactType)} options={CONTACT_TYPES} error={errors.type} />
      <Select label="Outcome" value={outcome} onChange={(v) => setOutcome(v as ContactOutcome)} options={CONTACT_OUTCOMES} error={errors.outcome} />
      <TextArea label="Note (optional)" value={note} onChange={setNote} error={errors.note} />
    </CommandForm>
  );
}

function CompleteForm({ view, quarter, today }: { view: ApplicationView; quarter: number; today: string }) {
  const [date, setDate] = useState(today);
  const [type, setType] = useState<ContactType>('phone');
  const [worked, setWorked] = useState(false);
  const [employer, setEmployer] = useState('');
  const [statusAt, setStatusAt] = useState('not_employed');
  const cmd = useCaseCommand<unknown>(view.id);
  const errors = fieldErrors(cmd.problem, ['actualDate', 'contactType', 'workedInQuarter', 'name', 'statusAtFollowUp'], {
    '*date': 'actualDate',
    STATUS_AT_FOLLOW_UP_REQUIRED: 'statusAtFollowUp',
    FOLLOW_UP_NOT_OPEN: 'actualDate',
    CONTACT_ATTEMPTS_REQUIRED: 'statusAtFollowUp',
  });
  const body = {
    actualDate: date,
    contactType: type,
    workedInQuarter: worked,
    ...(worked && employer.trim() ? { employers: [{ name: employer.trim() }] } : {}),
    // Without employment, the status at follow-up says why (R-FU-4).
    ...(statusAt ? { statusAtFollowUp: statusAt as StatusAtFollowUp } : {}),
  };
  return (
    <CommandForm
      headingLevel={4}
      title={`Completion, quarter ${quarter}`}
      submitLabel="Complete follow-up"
      problem={cmd.problem}
      pending={cmd.pending}
      onSubmit={() =>
        void cmd.submit(body, (key) =>
          call(
            api.POST('/api/v1/applications/{id}/follow-ups/{quarter}/complete', {
              params: { path: { id: view.id, quarter }, header: { 'idempotency-key': key } },
              body,
            }),
          ),
        )
      }
    >
      <DateInput label="Follow-up date" value={date} onChange={setDate} error={errors.actualDate} required />
      <Select label="Contact type" value={type} onChange={(v) => setType(v as ContactType)} options={CONTACT_TYPES} error={errors.contactType} />
      <Checkbox
        label="Worked in the quarter"
        checked={worked}
        onChange={(on) => {
          setWorked(on);
          // Employment answers the follow-up; without it, the status at follow-up says why.
          if (on && statusAt === 'not_employed') setStatusAt('');
          if (!on && statusAt === '') setStatusAt('not_employed');
        }}
      />
      {errors.workedInQuarter && <span className="usa-error-message">{errors.workedInQuarter}</span>}
      {worked && <TextInput label="Employer" value={employer} onChange={setEmployer} error={errors.name} required />}
      <Select
        label="Status at follow-up"
        value={statusAt}
        onChange={setStatusAt}
        empty="None"
        options={STATUSES_AT_FOLLOW_UP}
        error={errors.statusAtFollowUp}
      />
    </CommandForm>
  );
}

function DeclineForm({ view, today }: { view: ApplicationView; today: string }) {
  const [date, setDate] = useState(today);
  const [note, setNote] = useState('');
  const cmd = useCaseCommand<unknown>(view.id);
  const errors = fieldErrors(cmd.problem, ['date', 'caseNote'], { '*date': 'date', CASE_NOTE_REQUIRED: 'caseNote' });
  const body = { date, caseNote: note };
  return (
    <CommandForm
      title="The participant declines follow-up"
      submitLabel="Decline follow-ups"
      problem={cmd.problem}
      pending={cmd.pending}
      onSubmit={() =>
        void cmd.submit(body, (key) =>
          call(api.POST('/api/v1/applications/{id}/follow-ups/decline', { params: { path: { id: view.id }, header: { 'idempotency-key': key } }, body })),
        )
      }
    >
      <DateInput label="Date declined" value={date} onChange={setDate} error={errors.date} required />
      <TextArea label="Reason for declining" value={note} onChange={setNote} error={errors.caseNote} required />
    </CommandForm>
  );
}
