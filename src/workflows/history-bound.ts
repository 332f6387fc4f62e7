import { workflowInfo } from '@temporalio/workflow';

/** Runs continue as new at this share of the history bounds (R-ABUSE-2). */
const HISTORY_HEADROOM = 0.9;

/**
 * When a run should continue as new (§11 R-ABUSE-2): early enough that it stays under the bounds — at
 * `share` of each bound, less twice the largest growth seen between two looks in this run (what the
 * hand-over itself still adds: the batch in flight, the carried state). The growth is read from
 * `workflowInfo()`, which replays identically.
 */
export function historyBound(o: { events: number; bytes: number; share?: number }): () => boolean {
  const share = o.share ?? HISTORY_HEADROOM;
  let lastLength = workflowInfo().historyLength;
  let lastSize = workflowInfo().historySize;
  let eventStep = 0;
  let byteStep = 0;
  return () => {
    const info = workflowInfo();
    if (info.continueAsNewSuggested) return true;
    eventStep = Math.max(eventStep, info.historyLength - lastLength);
    byteStep = Math.max(byteStep, info.historySize - lastSize);
    lastLength = info.historyLength;
    lastSize = info.historySize;
    return info.historyLength + 2 * eventStep >= o.events * share || info.historySize + 2 * byteStep >= o.bytes * share;
  };
}
