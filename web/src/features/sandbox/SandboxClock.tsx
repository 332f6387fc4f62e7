import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../lib/api';
import { Field, ProblemSummary, fieldErrors, useSubmission } from '../../lib/forms';
import { useAuth, canWrite } from '../auth/AuthProvider';
import { SANDBOX_CLOCK_KEY, useSandboxClock, useToday } from './clock';

/**
 * R-UI-10: in sandbox mode every page shows the sandbox date and moves it forward by N days; every
 * query is refetched after the move, so open pages redraw (a case reaches its soft exit on screen).
 */
export function SandboxClock() {
  const { me } = useAuth();
  const queryClient = useQueryClient();
  const clock = useSandboxClock(true);
  const today = useToday();
  const [days, setDays] = useState('1');
  const advance = useSubmission<{ now: string }>((result) => {
    queryClient.setQueryData(SANDBOX_CLOCK_KEY, result);
    void queryClient.invalidateQueries();
  });
  const parsed = Number(days);
  const error = fieldErrors(advance.problem, ['days'], { NOT_IN_FUTURE: 'days', CLOCK_OUT_OF_RANGE: 'days' }).days;
  return (
    <section className="console-sandbox" aria-label="Sandbox clock">
      <div className="grid-container">
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void advance.submit({ days: parsed }, () => call(api.POST('/api/v1/sandbox/clock/advance', { body: { days: parsed } })));
          }}
        >
          <p className="margin-0 text-bold" aria-live="polite">
            {clock.data ? `Sandbox date ${today}` : 'Sandbox date …'}
          </p>
          {canWrite(me) && (
            <>
              <Field label="Days" error={error}>
                {({ id, describedBy, invalid }) => (
                  <input
                    id={id}
                    className={`usa-input${invalid ? ' usa-input--error' : ''}`}
                    type="number"
                    min={1}
                    max={3660}
                    step={1}
                    value={days}
                    aria-invalid={invalid || undefined}
                    aria-describedby={describedBy}
                    onChange={(e) => setDays(e.target.value)}
                  />
                )}
              </Field>
              <button type="submit" className="usa-button usa-button--secondary" aria-disabled={advance.pending || undefined}>
                Advance clock
              </button>
              {advance.pending && <span role="status">Moving the clock…</span>}
            </>
          )}
        </form>
        <ProblemSummary problem={advance.problem} />
      </div>
    </section>
  );
}
