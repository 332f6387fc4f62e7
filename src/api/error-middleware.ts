import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';
import { WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import { DOMAIN_ERROR_STATUS, isDomainErrorCode } from '../domain/errors';
import { ProblemError } from './problem';
import type { Logger } from '../logger';
import type { ApiMetrics } from './metrics';

/**
 * gRPC status codes that mean "Temporal is not reachable right now" or "no worker answered in time".
 * CANCELLED is what grpc-js reports when the service's own deadline (COMMAND_TIMEOUT_MS) fires between
 * retries of a query; the API cancels nothing else.
 */
const GRPC_UNAVAILABLE = new Set([14 /* UNAVAILABLE */, 4 /* DEADLINE_EXCEEDED */, 1 /* CANCELLED */]);

function fromDomainCode(code: string, message: string): ProblemError | undefined {
  if (!isDomainErrorCode(code)) return undefined;
  return new ProblemError(DOMAIN_ERROR_STATUS[code], code, message);
}

/** Maps anything thrown by a route or service to a problem+json response. Never a 500 for bad input. */
function toProblem(err: unknown): ProblemError | undefined {
  if (err instanceof ProblemError) return err;
  if (err instanceof ZodError) {
    return new ProblemError(
      400,
      'VALIDATION_FAILED',
      'The request does not match the schema',
      err.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message })),
    );
  }
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { name?: string; code?: unknown; type?: string; status?: number; message?: string; cause?: unknown };
  // body-parser errors (malformed JSON, too large, bad charset)
  if (e.type === 'entity.parse.failed') return new ProblemError(400, 'MALFORMED_JSON', 'The request body is not valid JSON');
  // R-ABUSE-1: nested deeper than the bound (checked on the raw body, before parsing).
  if (e.type === 'entity.too.deep') return new ProblemError(400, 'INVALID_BODY', e.message ?? 'The request body is nested too deeply');
  // A stack overflow while reading a request is bad input, never a 500.
  if (err instanceof RangeError && /call stack/i.test(err.message)) return new ProblemError(400, 'INVALID_BODY', 'The request is nested too deeply');
  if (e.type === 'entity.too.large') return new ProblemError(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large');
  if (typeof e.type === 'string' && e.type.startsWith('encoding.')) {
    return new ProblemError(415, 'UNSUPPORTED_ENCODING', e.message ?? 'Unsupported body encoding');
  }
  if (e.type === 'charset.unsupported') return new ProblemError(415, 'UNSUPPORTED_CHARSET', e.message ?? 'Unsupported body charset');
  // A path that does not percent-decode (the router sets status 400 on the URIError).
  if (err instanceof URIError) return new ProblemError(400, 'MALFORMED_URI', 'The request path is not valid percent-encoding');
  // Domain errors first: they carry a status too, but their own SPEC code.
  if (e.name === 'DomainError' && typeof e.code === 'string') return fromDomainCode(e.code, e.message ?? e.code);
  // Any other client error raised before a route runs (e.g. a Content-Encoding the body does not
  // match) carries its 4xx status (http-errors); keep it instead of turning it into a 500.
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    return new ProblemError(e.status, 'BAD_REQUEST', `The request could not be read: ${e.message ?? 'bad request'}`);
  }
  if (err instanceof WorkflowUpdateFailedError) {
    const cause = err.cause;
    if (cause instanceof ApplicationFailure && cause.type) {
      const mapped = fromDomainCode(cause.type, cause.message);
      if (mapped) return mapped;
    }
    return new ProblemError(409, 'UPDATE_REJECTED', cause?.message ?? err.message);
  }
  if (err instanceof WorkflowNotFoundError) return new ProblemError(404, 'NOT_FOUND', 'The application does not exist');
  if (err instanceof WorkflowExecutionAlreadyStartedError) {
    return new ProblemError(409, 'ALREADY_EXISTS', 'A workflow for this application already exists');
  }
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    // No worker answered in time (worker down or overloaded). The Update may still be applied once a
    // worker polls again, so this is "outcome unknown": a retry with the same key has exactly one effect.
    return new ProblemError(
      503,
      'TEMPORAL_TIMEOUT',
      'The case did not answer in time (is a worker running?); the command may still take effect: retry with the same Idempotency-Key',
    );
  }
  if (e.name === 'ServiceError' && typeof (e.cause as { code?: number })?.code === 'number') {
    if (GRPC_UNAVAILABLE.has((e.cause as { code: number }).code)) {
      return new ProblemError(503, 'TEMPORAL_UNAVAILABLE', 'The workflow service is unavailable; retry later');
    }
  }
  if (typeof e.name === 'string' && e.name.startsWith('PrismaClient') && /connect|reach|ECONNREFUSED/i.test(e.message ?? '')) {
    return new ProblemError(503, 'DATABASE_UNAVAILABLE', 'The database is unavailable; retry later');
  }
  return undefined;
}

export function errorMiddleware(logger: Logger, metrics?: ApiMetrics): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const problem = toProblem(err);
    if (!problem || problem.status >= 500) {
      (req.log ?? logger).error({ err, method: req.method, path: req.path }, 'request failed');
    }
    const p = problem ?? new ProblemError(500, 'INTERNAL', 'An unexpected error occurred; it has been logged');
    if (p.status === 503) res.set('Retry-After', '5');
    metrics?.countProblem(req, p.status, p.code, err instanceof WorkflowUpdateFailedError);
    res
      .status(p.status)
      .type('application/problem+json')
      .send(JSON.stringify(p.toBody(req.originalUrl)));
  };
}
