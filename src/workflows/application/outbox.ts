/**
 * The one outbox of the application workflow (pure: no Temporal API here). Commands `enqueue` the
 * rows they owe PostgreSQL; the writer in workflow.ts takes a batch, hands it to the
 * `persistApplication` activity and, once written, drops what the batch carried. Rows added while a
 * batch is in flight stay for the next one; unwritten rows travel with the state across
 * continue-as-new.
 */
import { type ApplicationState, toView } from './state';
import { type PersistBatch, RECORD_KINDS } from './projection-contract';

// Commands queue rows with `enqueue` (./state.ts, beside the state it changes); this file takes and
// settles batches. (One direction only: state.ts does not import this file.)

/** Whether the writer owes PostgreSQL anything: rows of any kind, or a view newer than the last written. */
export function owesWrites(state: ApplicationState): boolean {
  return state.projectedVersion < state.version || RECORD_KINDS.some((k) => (state.outbox[k]?.length ?? 0) > 0);
}

/** The next batch: the view as of `now`, the open alerts, and a copy of every kind's owed rows. */
export function takeBatch(state: ApplicationState, now: number): PersistBatch {
  const batch: PersistBatch = { view: toView(state, now), caseNotes: [], audit: [], ...(state.alerts ? { alerts: state.alerts } : {}) };
  for (const kind of RECORD_KINDS) {
    const rows = state.outbox[kind];
    if (rows && rows.length > 0) (batch as unknown as Record<string, unknown>)[kind] = rows.slice();
  }
  return batch;
}

/** After the batch is written: drops the rows it carried and remembers the version it projected. */
export function batchWritten(state: ApplicationState, batch: PersistBatch): void {
  for (const kind of RECORD_KINDS) state.outbox[kind]?.splice(0, batch[kind]?.length ?? 0);
  state.projectedVersion = Math.max(state.projectedVersion, batch.view.version);
}
