import { CancellationScope, condition, sleep } from '@temporalio/workflow';

/**
 * Durable waits that never cancel a timer (issue 17, docs/testing.md).
 *
 * `condition(fn, timeout)` cancels its timer when `fn` wins. If that timer's deadline passes while the
 * workflow task that resolved `fn` is in flight (a follow-up child's signal and the application's own
 * re-check due at the same agency midnight), the server has already buffered `TimerFired` for it. The
 * real server then drops the buffered fire and records `TimerCanceled`; Temporal's time-skipping test
 * server (sandbox mode, tests) refuses the whole completion with "invalid history builder state for
 * action" and never gives the run another workflow task: the case and the sandbox clock stop for
 * good (sdk-java#2606/#3088, reproduced by `npm run stress:sandbox`).
 *
 * Here a deadline arms a timer that is never cancelled (a non-cancellable scope), so no `CancelTimer`
 * command is ever sent. A wait whose predicate wins simply leaves its timer pending; when it fires
 * later it wakes the caller's loop once, which re-evaluates and waits again. A new timer is armed only
 * if no pending one is due at or before the new deadline (an earlier one wakes the loop, which then
 * arms the rest), so deadlines that move later — every new service — add no timers, and each stale
 * timer costs one spurious wake-up at most.
 */
export interface Wakeups {
  /**
   * Resolves when `fn()` is true, when `at` (epoch ms; null = none) has passed, or when any timer armed
   * here fires: the caller re-evaluates everything after it returns.
   */
  until(fn: () => boolean, at: number | null, summary?: string): Promise<void>;
  /** Deadlines with a timer in flight (for tests and details). */
  pending(): number[];
}

export function createWakeups(): Wakeups {
  const armed = new Set<number>();
  let fired = 0;
  return {
    pending: () => [...armed].sort((a, b) => a - b),
    async until(fn, at, summary) {
      if (at !== null && at > Date.now() && ![...armed].some((d) => d <= at)) {
        armed.add(at);
        const ms = at - Date.now();
        // Not cancelled by anything, not even the workflow's own cancellation: no CancelTimer, ever.
        void CancellationScope.nonCancellable(() => sleep(ms, summary ? { summary } : undefined)).then(() => {
          armed.delete(at);
          fired += 1;
        });
      }
      const seen = fired;
      await condition(() => fn() || fired !== seen || (at !== null && Date.now() >= at));
    },
  };
}
