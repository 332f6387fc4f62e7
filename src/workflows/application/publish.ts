/**
 * What operators see of a running case in the Temporal UI: the current details (Markdown, no PII) and
 * the custom search attributes (status, case manager, soft-exit instant, exit date), upserted only when
 * they change.
 */
import { setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import { SA } from './contract';
import { detailsMarkdown } from './details';
import { type ApplicationState, exitClockOf } from './state';

/** Returns `publish(now)`. */
export function publisher(state: ApplicationState): (now: number) => void {
  let lastAttributes = '';
  return (now) => {
    const clock = exitClockOf(state);
    setCurrentDetails(detailsMarkdown(state, clock, now));
    if (!state.input.searchAttributes) return;
    const attributes = {
      status: state.status,
      caseManager: state.caseManagerId,
      softExitAt: clock.softExitAt,
      exitDate: state.exit ? `${state.exit.exitDate}T00:00:00.000Z` : null,
    };
    const key = JSON.stringify(attributes);
    if (key === lastAttributes) return;
    lastAttributes = key;
    upsertSearchAttributes([
      { key: SA.status, value: attributes.status },
      { key: SA.caseManager, value: attributes.caseManager },
      { key: SA.softExitAt, value: attributes.softExitAt ? new Date(attributes.softExitAt) : null },
      { key: SA.exitDate, value: attributes.exitDate ? new Date(attributes.exitDate) : null },
    ]);
  };
}
