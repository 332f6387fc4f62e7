/**
 * `Server-Timing` on every answer (SERVER_TIMING=true; off by default, since it tells any caller how the
 * service spends its time): `temporal` is how long the request waited on the Temporal client (the union
 * of its calls' intervals, see src/temporal/call-timing.ts) and `app` the rest of its time in this
 * process until the headers were written. A browser's developer tools show both; bench:ratio takes a
 * request's latency less `temporal` as what the API added to it.
 */
import type { RequestHandler } from 'express';
import onHeaders from 'on-headers';
import { newCallTiming, temporalMs, withCallTiming } from '../../temporal/call-timing';

/** The header's value: `temporal;dur=…;desc="Temporal calls", app;dur=…`. */
export function serverTimingValue(temporal: number, total: number): string {
  return `temporal;dur=${temporal.toFixed(2)};desc="Temporal calls", app;dur=${Math.max(0, total - temporal).toFixed(2)}`;
}

/** First in the chain: everything after it runs inside the request's call timing. */
export function serverTiming(): RequestHandler {
  return (_req, res, next) => {
    const start = performance.now();
    const timing = newCallTiming();
    onHeaders(res, () => {
      const now = performance.now();
      res.setHeader('server-timing', serverTimingValue(temporalMs(timing, now), now - start));
    });
    withCallTiming(timing, next);
  };
}

/** Parses a `Server-Timing` value into milliseconds by metric name (`temporal`, `app`). */
export function parseServerTiming(value: string | null | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of (value ?? '').split(',')) {
    const [name, ...params] = part.trim().split(';');
    const dur = params.map((p) => /^\s*dur=([0-9.]+)\s*$/.exec(p)?.[1]).find((d) => d !== undefined);
    if (name && dur !== undefined) out[name.trim()] = Number(dur);
  }
  return out;
}
