/**
 * How long a piece of work (an API request) waited on the Temporal client: the union of the intervals
 * during which at least one of its client calls (start, signal, Update, query, describe, cancel,
 * terminate) was in flight, so calls made side by side are not counted twice. The API's
 * `Server-Timing` header (SERVER_TIMING=true) reports it beside the rest of the request's time, and
 * bench:ratio subtracts it from each request's latency: what the front adds, paired per request.
 *
 * The interval covers the client's own work on the call (encoding the arguments with the codec, the
 * gRPC round trip, decoding a query's answer; an Update's result is decoded after it, by the caller).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Client, type DataConverter, type WorkflowClientInterceptor } from '@temporalio/client';

export interface CallTiming {
  /** Milliseconds with at least one call in flight, not counting a stretch still open. */
  closedMs: number;
  /** Calls made. */
  calls: number;
  inFlight: number;
  /** performance.now() when the open stretch began (valid while inFlight > 0). */
  since: number;
}

const storage = new AsyncLocalStorage<CallTiming>();

export const newCallTiming = (): CallTiming => ({ closedMs: 0, calls: 0, inFlight: 0, since: 0 });

/** Runs `fn` with `timing` collecting the Temporal client calls made from it (and from what it starts). */
export function withCallTiming<T>(timing: CallTiming, fn: () => T): T {
  return storage.run(timing, fn);
}

/** Milliseconds waited on Temporal so far, a stretch still open counted up to `now`. */
export function temporalMs(t: CallTiming, now = performance.now()): number {
  return t.closedMs + (t.inFlight > 0 ? now - t.since : 0);
}

/** Times `call` against the current piece of work's timing, if any. */
async function timed<R>(call: () => Promise<R>): Promise<R> {
  const t = storage.getStore();
  if (!t) return call();
  t.calls += 1;
  if (t.inFlight === 0) t.since = performance.now();
  t.inFlight += 1;
  try {
    return await call();
  } finally {
    t.inFlight -= 1;
    if (t.inFlight === 0) t.closedMs += performance.now() - t.since;
  }
}

/** A workflow client interceptor timing every call it sees (a no-op outside `withCallTiming`). */
export function callTimingInterceptor(): WorkflowClientInterceptor {
  return {
    startWithDetails: (input, next) => timed(() => next(input)),
    startUpdate: (input, next) => timed(() => next(input)),
    startUpdateWithStart: (input, next) => timed(() => next(input)),
    signal: (input, next) => timed(() => next(input)),
    signalWithStart: (input, next) => timed(() => next(input)),
    query: (input, next) => timed(() => next(input)),
    terminate: (input, next) => timed(() => next(input)),
    cancel: (input, next) => timed(() => next(input)),
    describe: (input, next) => timed(() => next(input)),
  };
}

/**
 * A client on `client`'s connection, namespace and (already loaded) data converter whose workflow calls
 * are timed. A new Client is cheap: it shares the connection.
 */
export function timedClient(client: Client): Client {
  return new Client({
    connection: client.connection,
    namespace: client.options.namespace,
    // The SDK takes a loaded data converter as it is (BaseClient: isLoadedDataConverter).
    dataConverter: client.options.loadedDataConverter as unknown as DataConverter,
    interceptors: { workflow: [callTimingInterceptor()] },
  });
}
