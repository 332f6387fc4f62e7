import { DomainError } from '../../src/domain';

/** The DomainError thrown by fn (fails the test when nothing or something else is thrown). */
export function domainErrorOf(fn: () => unknown): DomainError {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  if (thrown === undefined) throw new Error('expected a DomainError, nothing was thrown');
  if (!(thrown instanceof DomainError)) throw thrown;
  return thrown;
}

/** The code of the DomainError thrown by fn, or undefined when fn succeeds. */
export function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return undefined;
}
