// Workflows for test/workflows/time-skipping-wedge.test.ts: the same race with a cancelled timer
// (condition with a timeout) and with src/workflows/wakeups.ts (timers never cancelled).
import { condition, defineSignal, proxySinks, setHandler, sleep, type Sinks } from '@temporalio/workflow';
import { createWakeups } from '../../../src/workflows/wakeups';

/** A test sink the worker awaits before it sends the task's completion: the task stays in flight. */
export interface PauseSinks extends Sinks {
  pause: { forMs(ms: number): void };
}
const { pause } = proxySinks<PauseSinks>();

export const go = defineSignal<[number]>('go');

/** Waits for `go` or 1 s with `condition(fn, timeout)`: `go` wins and its timer is cancelled. */
export async function cancelsItsTimer(): Promise<string> {
  let signalled = false;
  setHandler(go, (ms) => {
    pause.forMs(ms); // the 1 s timer fires while this task is still in flight
    signalled = true;
  });
  const won = await condition(() => signalled, 1000);
  // Going on waiting, as the application's main loop does (a completing task is failed as an
  // unhandled command first, on any server, and would hide the cancel).
  await sleep(3000);
  return won ? 'signal' : 'timer';
}

/** The same wait through createWakeups(): the timer stays pending, nothing is cancelled. */
export async function neverCancelsItsTimer(): Promise<string> {
  let signalled = false;
  setHandler(go, (ms) => {
    pause.forMs(ms);
    signalled = true;
  });
  await createWakeups().until(() => signalled, Date.now() + 1000);
  await sleep(3000);
  return signalled ? 'signal' : 'timer';
}
