/**
 * The Temporal time of a piece of work (src/temporal/call-timing.ts), without a server: the interceptor
 * around fake client calls. Calls side by side count once (the union of their intervals), work outside
 * `withCallTiming` is not timed, and two requests running at once each see only their own calls.
 */
import { callTimingInterceptor, newCallTiming, temporalMs, withCallTiming } from '../../src/temporal/call-timing';
import { parseServerTiming, serverTimingValue } from '../../src/api/middleware/server-timing';

const interceptor = callTimingInterceptor();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A fake query call taking `ms` through the interceptor. */
const call = (ms: number) =>
  interceptor.query!({} as never, async () => {
    await sleep(ms);
    return 'answer';
  });

describe('Temporal call timing', () => {
  it('times one call, and nothing outside a call', async () => {
    const t = newCallTiming();
    await withCallTiming(t, async () => {
      await sleep(30); // not a Temporal call
      expect(await call(40)).toBe('answer');
      await sleep(30);
    });
    expect(t.calls).toBe(1);
    expect(temporalMs(t)).toBeGreaterThanOrEqual(38);
    expect(temporalMs(t)).toBeLessThan(60);
  });

  it('counts calls made side by side once: the union of their intervals', async () => {
    const t = newCallTiming();
    await withCallTiming(t, async () => {
      await Promise.all([call(50), call(50), sleep(10).then(() => call(50))]);
    });
    expect(t.calls).toBe(3);
    // 0–50, 0–50 and 10–60: 60 ms with a call in flight, not 150.
    expect(temporalMs(t)).toBeGreaterThanOrEqual(58);
    expect(temporalMs(t)).toBeLessThan(90);
  });

  it('counts a call still in flight up to now, and a failed call too', async () => {
    const t = newCallTiming();
    let running: Promise<unknown> | undefined;
    withCallTiming(t, () => {
      running = call(60);
    });
    await sleep(30);
    expect(temporalMs(t)).toBeGreaterThanOrEqual(28);
    await running;
    const failing = newCallTiming();
    await withCallTiming(failing, () =>
      interceptor.signal!({} as never, async () => {
        await sleep(20);
        throw new Error('unavailable');
      }),
    ).catch(() => undefined);
    expect(failing.calls).toBe(1);
    expect(failing.inFlight).toBe(0);
    expect(temporalMs(failing)).toBeGreaterThanOrEqual(18);
  });

  it('keeps two requests apart, and times nothing outside one', async () => {
    const a = newCallTiming();
    const b = newCallTiming();
    await Promise.all([
      withCallTiming(a, () => call(20)),
      withCallTiming(b, async () => {
        await call(20);
        await call(40);
      }),
      call(30),
    ]);
    expect([a.calls, b.calls]).toEqual([1, 2]);
    expect(temporalMs(a)).toBeLessThan(45);
    expect(temporalMs(b)).toBeGreaterThanOrEqual(58);
  });
});

describe('Server-Timing', () => {
  it('says the Temporal time and the rest, and reads back', () => {
    const value = serverTimingValue(12.5, 20.25);
    expect(value).toBe('temporal;dur=12.50;desc="Temporal calls", app;dur=7.75');
    expect(parseServerTiming(value)).toEqual({ temporal: 12.5, app: 7.75 });
    expect(parseServerTiming(serverTimingValue(5, 4))).toEqual({ temporal: 5, app: 0 });
    expect(parseServerTiming('cache;desc="hit", db;dur=53')).toEqual({ db: 53 });
    expect(parseServerTiming(null)).toEqual({});
  });
});
