import { ApplicationFailure } from '@temporalio/workflow';
import { isDomainError } from '../domain/errors';

/**
 * Runs a domain rule inside a workflow: a DomainError becomes a non-retryable ApplicationFailure
 * whose `type` is the SPEC error code (the API maps it to problem+json); anything else is rethrown.
 */
export function guarded<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (isDomainError(err)) {
      throw ApplicationFailure.create({ type: err.code, message: err.message, details: [err.details ?? null], nonRetryable: true });
    }
    throw err;
  }
}
