/**
 * The application workflow's message handlers: every command of the registry as a Workflow Update
 * (its validator runs `decide`, so a refused command never reaches the history; the handler runs
 * `decide` again, then `apply`), the follow-up children's reports (a signal) and the view (a query).
 */
import { currentUpdateInfo, getExternalWorkflowHandle, patched, setHandler, uuid4 } from '@temporalio/workflow';
import { agencyToday } from '../../domain/dates';
import { DomainError } from '../../domain/errors';
import { guarded } from '../failures';
import { declineFollowUp } from '../follow-up/contract';
import { type CommandName, followUpReported, followUpWorkflowId, getApplicationView } from './contract';
import { type AnyCommandSpec, type ApplicationState, type CommandContext, runCommand, toView } from './state';
import { COMMANDS, applyFollowUpReport } from './commands';

const SYSTEM_ACTOR_STAFF = { staffId: 'system', role: 'staff' } as const;

/** The context of a change the workflow makes at `now` (deterministic ids from the workflow's uuid4). */
export const contextAt = (now: number, commandId: string, command: string): CommandContext => ({ now, commandId, command, newId: uuid4, patched });

/** Sets the query handler (first, so the view is readable as soon as the run starts). */
export function registerView(state: ApplicationState): void {
  setHandler(getApplicationView, () => toView(state, Date.now()));
}

/** Sets every command and signal handler; `changed()` wakes the main loop after each accepted change. */
export function registerHandlers(state: ApplicationState, changed: () => void): void {
  function register(spec: AnyCommandSpec, after?: (decision: unknown) => Promise<void>): void {
    setHandler(
      spec.update,
      async (cmd) => {
        const at = Date.now();
        const { decision, result } = guarded(() => runCommand(state, spec, cmd, contextAt(at, currentUpdateInfo()?.id ?? uuid4(), spec.update.name)));
        changed();
        if (after) await after(decision);
        return { ...result, application: toView(state, at) };
      },
      {
        validator: (cmd) =>
          guarded(() => {
            // R-IMP-2: lifted backdating windows exist only where an import builds a case's state.
            if (cmd.backdatingWindows !== undefined) throw new DomainError('IMPORT_ONLY', 'backdatingWindows is for imports only');
            spec.admit?.(state, cmd, Date.now());
            spec.decide(state, cmd, Date.now());
          }),
      },
    );
  }
  // R-FU-5: declining ends every open follow-up; the children hear it by signal.
  const after: Partial<Record<CommandName, (decision: unknown) => Promise<void>>> = {
    declineFollowUps: async (decision) => {
      const quarters = decision as number[];
      const date = state.followUps.find((f) => f.status === 'declined')?.declinedOn ?? agencyToday(Date.now(), state.input.agencyTimeZone);
      await Promise.all(
        quarters.map(
          (q) =>
            getExternalWorkflowHandle(followUpWorkflowId(state.input.applicationId, q))
              .signal(declineFollowUp, { date, by: SYSTEM_ACTOR_STAFF })
              .catch(() => undefined), // already finished: its outcome reaches the application anyway
        ),
      );
    },
  };
  for (const spec of Object.values(COMMANDS)) register(spec, after[spec.update.name]);

  // R-FU-7, R-ABUSE-2: a child reports what changed of its follow-up, not its whole view.
  setHandler(followUpReported, (report) => {
    if (applyFollowUpReport(state, report, contextAt(Date.now(), `followup-q${report.quarter}`, 'followUpChanged'))) changed();
  });
}
