import { workflowInfo } from '@temporalio/workflow';

/**
 * When a run should continue as new (§11 R-ABUSE-2). Without `headroom` (runs recorded before
 * `history-headroom-v1`): once the history has reached the bounds, as before. With it: early enough
 * that the run stays under them — at `share` of each bound, less twice the largest growth seen between
 * two looks in this run (what the hand-over itself still adds: the batch in flight, the carried state).
 * The growth is read from `workflowInfo()`, which replays identically.
 */
export function historyBound(o: { events: number; bytes: number; headroom: boolean; share: number }): () => boolean {
  let lastLength = workflowInfo().historyLength;
  let lastSize = workflowInfo().historySize;
  let eventStep = 0;
  let byteStep = 0;
  return () => {
    const info = workflowInfo();
    if (info.continueAsNewSuggested) return true;
    if (!o.headroom) return info.historyLength >= o.events || info.historySize >= o.bytes;
    eventStep = Math.max(eventStep, info.historyLength - lastLength);
    byteStep = Math.max(byteStep, info.historySize - lastSize);
    lastLength = info.historyLength;
    lastSize = info.historySize;
    return info.historyLength + 2 * eventStep >= o.events * o.share || info.historySize + 2 * byteStep >= o.bytes * o.share;
  };
}
