/**
 * The checkpoint (docs/versioning.md): every run of a long-lived workflow continues as new a fixed
 * time after it started, so each open case runs the code deployed at most that long ago, whatever
 * happens to it (a quiet case would otherwise keep its first run, and every patch it saw, for years).
 */
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * CHECKPOINT_AFTER_DAYS' default. Here (no imports) rather than in the workflow contract, because the
 * configuration sits below the workflows and must not import the contract; the contract re-exports it.
 */
export const DEFAULT_CHECKPOINT_AFTER_DAYS = 30;

/** The name of the checkpoint's timer, as operators see it in the Temporal UI (both workflows). */
export const checkpointSummary = (at: number): string => `checkpoint: continue as new on the current code at ${new Date(at).toISOString()}`;

/** The instant (epoch ms) a run started at `startedAt` continues as new. */
export function checkpointAt(startedAt: number, days: number): number {
  return startedAt + days * DAY_MS;
}
