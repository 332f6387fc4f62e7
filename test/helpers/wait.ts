/** Polls `fn` until it is true (tests of eventually-consistent things: projections, child outcomes). */
export async function waitFor(fn: () => boolean | Promise<boolean>, ms = 20_000, what = 'a condition'): Promise<void> {
  await eventually(fn, Boolean, ms, what);
}

/** Polls `fn` until `ok(value)`; returns that value, or fails naming `what` and the last value seen. */
export async function eventually<T>(fn: () => T | Promise<T>, ok: (v: T) => boolean, ms = 15_000, what = 'a condition'): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
