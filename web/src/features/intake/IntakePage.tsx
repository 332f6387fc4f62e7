import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { ApiProblem, api, call, newIdempotencyKey } from '../../lib/api';
import { Checkbox, DateInput, Field, ProblemSummary, Select, TextInput, fieldErrors } from '../../lib/forms';
import { INTAKE_PROGRAMS, programLabel } from '../../lib/labels';
import { usePageTitle } from '../../lib/page';
import { canWrite, useAuth } from '../auth/AuthProvider';
import { useToday } from '../sandbox/clock';
import { applicationKey } from '../case/queries';

const FIELDS = ['firstName', 'lastName', 'birthDate', 'ssn', 'eligibilityDate', 'office', 'programs', 'caseManagerId'] as const;
const CODE_FIELDS = { DUPLICATE_SSN: 'ssn', INVALID_SSN: 'ssn', OFFICE_OUT_OF_SCOPE: 'office', UNKNOWN_STAFF: 'caseManagerId', '*date': 'eligibilityDate' };

/** The key of a request body: kept while the same body is retried, replaced when it changes (R-UI-5). */
function useRequestKeys() {
  const keys = useRef(new Map<string, { body: string; key: string }>());
  return {
    keyFor(step: string, body: unknown): string {
      const json = JSON.stringify(body);
      const known = keys.current.get(step);
      if (known && known.body === json) return known.key;
      const key = newIdempotencyKey();
      keys.current.set(step, { body: json, key });
      return key;
    },
    forget(step: string): void {
      keys.current.delete(step);
    },
  };
}

/**
 * R-UI-6: the participant (SSN optional, masked, never shown back), then the application (programs,
 * eligibility date, office among the caller's, the caller as case manager unless another is named),
 * then the case page, where participation is recorded with its first activity.
 */
export function IntakePage() {
  usePageTitle('Intake');
  const { me } = useAuth();
  const today = useToday();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const offices = me && !me.offices.includes('*') ? me.offices : null;
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [ssn, setSsn] = useState('');
  const [eligibilityDate, setEligibilityDate] = useState('');
  const [office, setOffice] = useState(offices?.length === 1 ? (offices[0] ?? '') : '');
  const [programs, setPrograms] = useState<string[]>([]);
  const [caseManagerId, setCaseManagerId] = useState('');
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  /** The participant already registered by an earlier submission of these same details. */
  const created = useRef<{ body: string; id: string; ssnLast4: string } | null>(null);
  const keys = useRequestKeys();

  if (!canWrite(me)) {
    return (
      <>
        <h1>Intake</h1>
        <p>Your role may read cases but not register participants.</p>
      </>
    );
  }

  const errors = fieldErrors(problem, FIELDS, CODE_FIELDS);
  const submit = async (): Promise<void> => {
    setPending(true);
    setProblem(null);
    const participant = { firstName: firstName.trim(), lastName: lastName.trim(), birthDate, ...(ssn.trim() ? { ssn: ssn.trim() } : {}) };
    const participantJson = JSON.stringify(participant);
    let step = 'participant';
    try {
      if (created.current?.body !== participantJson) {
        const key = keys.keyFor('participant', participant);
        const answer = await call(api.POST('/api/v1/participants', { body: participant, params: { header: { 'idempotency-key': key } } }));
        created.current = { body: participantJson, id: answer.id, ssnLast4: answer.ssnLast4 };
      }
      step = 'application';
      const application = {
        participantId: created.current.id,
        programs: programs as ('ADULT' | 'DISLOCATED_WORKER' | 'YOUTH')[],
        eligibilityDate,
        office: office.trim(),
        caseManagerId: caseManagerId.trim() || (me?.staffId ?? ''),
      };
      const key = keys.keyFor('application', application);
      const view = await call(api.POST('/api/v1/applications', { body: application, params: { header: { 'idempotency-key': key } } }));
      queryClient.setQueryData(applicationKey(view.id), view);
      void queryClient.invalidateQueries({ queryKey: ['caseload'] });
      navigate(`/cases/${view.id}`);
    } catch (err) {
      const p = err instanceof ApiProblem ? err : new ApiProblem(0, 'CLIENT_ERROR', 'Something went wrong', String(err));
      if (p.isRefusal) keys.forget(step);
      setProblem(p);
      setPending(false);
    }
  };

  return (
    <>
      <h1>Intake</h1>
      <p>Register the participant and their application. Participation (the first service) is recorded on the case page next.</p>
      <form
        className="usa-form usa-form--large"
        aria-labelledby="intake-participant"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!pending) void submit();
        }}
      >
        <ProblemSummary problem={problem} />
        <fieldset className="usa-fieldset">
          <legend className="usa-legend usa-legend--large" id="intake-participant">
            Participant
          </legend>
          <TextInput label="First name" value={firstName} onChange={setFirstName} error={errors.firstName} required autoComplete="off" />
          <TextInput label="Last name" value={lastName} onChange={setLastName} error={errors.lastName} required autoComplete="off" />
          <DateInput label="Birth date" value={birthDate} onChange={setBirthDate} error={errors.birthDate} required />
          <TextInput
            label="SSN (optional)"
            type="password"
            inputMode="numeric"
            autoComplete="off"
            hint="9 digits, such as 123-45-6789. Without one, a pseudo-SSN is assigned. Only its last four digits are ever shown."
            value={ssn}
            onChange={setSsn}
            error={errors.ssn}
          />
          {created.current && <p className="usa-hint">Participant registered (SSN ending {created.current.ssnLast4}); the application is next.</p>}
        </fieldset>
        <fieldset className="usa-fieldset margin-top-3">
          <legend className="usa-legend usa-legend--large">Application</legend>
          <fieldset className="usa-fieldset">
            <legend className="usa-legend">Programs</legend>
            {errors.programs && <span className="usa-error-message">{errors.programs}</span>}
            {INTAKE_PROGRAMS.map((p) => (
              <Checkbox
                key={p}
                label={programLabel(p)}
                checked={programs.includes(p)}
                onChange={(on) => setPrograms((list) => (on ? [...list, p] : list.filter((x) => x !== p)))}
              />
            ))}
          </fieldset>
          <DateInput label="Eligibility date" value={eligibilityDate} onChange={setEligibilityDate} error={errors.eligibilityDate} required />
          {offices ? (
            <Select
              label="Office"
              value={office}
              onChange={setOffice}
              error={errors.office}
              empty="Choose an office"
              options={offices.map((o) => ({ value: o, label: o }))}
            />
          ) : (
            <TextInput label="Office" value={office} onChange={setOffice} error={errors.office} hint="Office code, such as LA-2703" required />
          )}
          <Field label="Case manager" error={errors.caseManagerId} hint={`Staff id; empty: you (${me?.staffId ?? ''})`}>
            {({ id, describedBy, invalid }) => (
              <input
                id={id}
                className={`usa-input${invalid ? ' usa-input--error' : ''}`}
                value={caseManagerId}
                aria-describedby={describedBy}
                onChange={(e) => setCaseManagerId(e.target.value)}
              />
            )}
          </Field>
        </fieldset>
        {today && <p className="usa-hint margin-top-2">Today is {today}.</p>}
        <button type="submit" className="usa-button margin-top-2" aria-disabled={pending || undefined}>
          Create participant and application
        </button>
        {pending && (
          <span className="margin-left-1" role="status">
            Sending…
          </span>
        )}
      </form>
    </>
  );
}
