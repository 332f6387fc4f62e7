/**
 * Forms that send commands (R-UI-5): one Idempotency-Key per submission, kept for a retry of the same
 * submission (same body) after a network failure or a 5xx, a fresh one once the input changes or the API
 * refused it; the API's problem shown in a summary at the top (role="alert") and at the field it names;
 * the input is never cleared except after success.
 */
import { useCallback, useId, useRef, useState, type ReactNode } from 'react';
import { ApiProblem, newIdempotencyKey } from './api';

export { fieldErrors } from './problems';

export interface Submission<T> {
  submit(body: unknown, send: (idempotencyKey: string) => Promise<T>): Promise<T | undefined>;
  pending: boolean;
  problem: ApiProblem | null;
  clearProblem(): void;
}

export function useSubmission<T>(onSuccess?: (result: T) => void): Submission<T> {
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const attempt = useRef<{ key: string; body: string } | null>(null);
  const submit = useCallback(
    async (body: unknown, send: (key: string) => Promise<T>): Promise<T | undefined> => {
      const json = JSON.stringify(body);
      // The same submission again (a retry after a network failure or a timeout) keeps its key.
      if (!attempt.current || attempt.current.body !== json) attempt.current = { key: newIdempotencyKey(), body: json };
      setPending(true);
      setProblem(null);
      try {
        const result = await send(attempt.current.key);
        attempt.current = null;
        onSuccess?.(result);
        return result;
      } catch (err) {
        const p = err instanceof ApiProblem ? err : new ApiProblem(0, 'CLIENT_ERROR', 'Something went wrong', err instanceof Error ? err.message : String(err));
        // A refusal is final for this submission: the next click is a new one (with a new key).
        if (p.isRefusal) attempt.current = null;
        setProblem(p);
        return undefined;
      } finally {
        setPending(false);
      }
    },
    [onSuccess],
  );
  return { submit, pending, problem, clearProblem: () => setProblem(null) };
}

/** The problem at the top of a form (R-UI-5). */
export function ProblemSummary({ problem }: { problem: ApiProblem | null }) {
  if (!problem) return null;
  return (
    <div className="usa-alert usa-alert--error usa-alert--slim margin-bottom-2" role="alert">
      <div className="usa-alert__body">
        <p className="usa-alert__text">
          <strong>{problem.title}</strong>
          {problem.code && problem.status !== 0 ? ` (${problem.code})` : ''}: {problem.detail}
        </p>
        {problem.errors.length > 0 && (
          <ul className="usa-list margin-top-1">
            {problem.errors.map((e) => (
              <li key={`${e.path}:${e.message}`}>
                {e.path}: {e.message}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

interface FieldProps {
  label: string;
  error?: string | undefined;
  hint?: string;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
}

/** A labelled USWDS form group; its error (if any) is announced with the input. */
export function Field({ label, error, hint, children }: FieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`usa-form-group${error ? ' usa-form-group--error' : ''}`}>
      <label className={`usa-label${error ? ' usa-label--error' : ''}`} htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div className="usa-hint" id={hintId}>
          {hint}
        </div>
      )}
      {error && (
        <span className="usa-error-message" id={errorId}>
          {error}
        </span>
      )}
      {children({ id, describedBy, invalid: Boolean(error) })}
    </div>
  );
}

type InputType = 'text' | 'date' | 'password' | 'number' | 'time' | 'search';

export function TextInput(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
  hint?: string;
  type?: InputType;
  required?: boolean;
  autoComplete?: string;
  inputMode?: 'numeric' | 'text';
  min?: number;
  max?: number;
}) {
  const { label, value, onChange, error, hint, type = 'text', required, autoComplete, inputMode, min, max } = props;
  return (
    <Field label={label} error={error} {...(hint ? { hint } : {})}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          className={`usa-input${invalid ? ' usa-input--error' : ''}`}
          type={type}
          value={value}
          required={required}
          autoComplete={autoComplete ?? 'off'}
          inputMode={inputMode}
          min={min}
          max={max}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

export function DateInput(props: { label: string; value: string; onChange: (v: string) => void; error?: string | undefined; required?: boolean }) {
  return <TextInput {...props} type="date" />;
}

export function Select(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: readonly { value: string; label: string }[];
  error?: string | undefined;
  required?: boolean;
  /** The empty choice's text; absent: no empty choice. */
  empty?: string;
}) {
  const { label, value, onChange, options, error, required, empty } = props;
  return (
    <Field label={label} error={error}>
      {({ id, describedBy, invalid }) => (
        <select
          id={id}
          className={`usa-select${invalid ? ' usa-input--error' : ''}`}
          value={value}
          required={required}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          onChange={(e) => onChange(e.target.value)}
        >
          {empty !== undefined && <option value="">{empty}</option>}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function TextArea(props: { label: string; value: string; onChange: (v: string) => void; error?: string | undefined; required?: boolean }) {
  const { label, value, onChange, error, required } = props;
  return (
    <Field label={label} error={error}>
      {({ id, describedBy, invalid }) => (
        <textarea
          id={id}
          className={`usa-textarea${invalid ? ' usa-input--error' : ''}`}
          rows={3}
          value={value}
          required={required}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

export function Checkbox(props: { label: string; checked: boolean; onChange: (v: boolean) => void }) {
  const id = useId();
  return (
    <div className="usa-checkbox">
      <input id={id} className="usa-checkbox__input" type="checkbox" checked={props.checked} onChange={(e) => props.onChange(e.target.checked)} />
      <label className="usa-checkbox__label" htmlFor={id}>
        {props.label}
      </label>
    </div>
  );
}

/** A command form: its heading names it (role="form"), the problem summary sits at its top. */
export function CommandForm(props: {
  title: string;
  submitLabel: string;
  problem: ApiProblem | null;
  pending: boolean;
  onSubmit: () => void;
  children: ReactNode;
  headingLevel?: 3 | 4;
}) {
  const headingId = useId();
  const H = props.headingLevel === 4 ? 'h4' : 'h3';
  return (
    <form
      className="usa-form usa-form--large console-command"
      aria-labelledby={headingId}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!props.pending) props.onSubmit();
      }}
    >
      <H id={headingId} className="margin-top-2 margin-bottom-1">
        {props.title}
      </H>
      <ProblemSummary problem={props.problem} />
      {props.children}
      <button type="submit" className="usa-button margin-top-2" aria-disabled={props.pending || undefined}>
        {props.submitLabel}
      </button>
      {props.pending && (
        <span className="margin-left-1" role="status">
          Sending…
        </span>
      )}
    </form>
  );
}
