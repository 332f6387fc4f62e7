/**
 * The application workflow's writer: a coroutine that flushes the outbox and the latest view to
 * PostgreSQL through the `persistApplication` activity, one batch at a time, independently of the
 * timers. It stops taking batches when the run hands over to the next (continue-as-new): unwritten
 * rows travel with the state.
 */
import { condition, isCancellation, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { batchWritten, owesWrites, takeBatch } from './outbox';
import type { ApplicationState } from './state';

const { persistApplication } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  // Projections must eventually land (the database may be down for a while): retry without limit.
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
  summary: 'project the application into PostgreSQL',
});

export interface Writer {
  /** A batch is in flight. */
  writing(): boolean;
  /** Nothing is owed and nothing is in flight. */
  idle(): boolean;
  /** Takes no new batch from now on (the run is about to continue as new). */
  stop(): void;
}

export function startWriter(state: ApplicationState): Writer {
  let writing = false;
  let stopped = false;
  async function loop(): Promise<void> {
    for (;;) {
      await condition(() => owesWrites(state) && !stopped);
      writing = true;
      const batch = takeBatch(state, Date.now());
      await persistApplication(batch);
      batchWritten(state, batch);
      writing = false;
    }
  }
  loop().catch((err: unknown) => {
    if (!isCancellation(err)) throw err; // a real failure fails the workflow task (visible, retried)
  });
  return {
    writing: () => writing,
    idle: () => !writing && !owesWrites(state),
    stop: () => {
      stopped = true;
    },
  };
}
