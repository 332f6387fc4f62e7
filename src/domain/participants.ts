/**
 * Participant identifiers (R-PART-1): SSN validation/normalisation, last 4, local pseudo-SSN.
 * SSNs are PII: never log them, never put them in workflow input, memo or search attributes.
 */
import { parseIsoDate, type IsoDate } from './dates';
import { DomainError } from './errors';

const SSN_RE = /^(\d{3})-?(\d{2})-?(\d{4})$/;

/** The three parts when `s` is `123-45-6789` or `123456789` (no mixed dashes) and structurally valid. */
function ssnParts(s: string): [string, string, string] | null {
  const trimmed = s.trim();
  const m = SSN_RE.exec(trimmed);
  if (!m) return null;
  const dashes = (trimmed.match(/-/g) ?? []).length;
  if (dashes !== 0 && dashes !== 2) return null;
  const [, area, group, serial] = m as unknown as [string, string, string, string];
  // SSA rules: area 000, 666 and 900-999 are never issued; group 00 and serial 0000 neither.
  // 9xx is also where the local pseudo-SSN lives (975-…), so a real SSN can never collide with it.
  if (area === '000' || area === '666' || area.startsWith('9') || group === '00' || serial === '0000') return null;
  return [area, group, serial];
}

/** R-PART-1: true for a structurally valid SSN written `123-45-6789` or `123456789`. */
export function isValidSsn(s: unknown): s is string {
  return typeof s === 'string' && ssnParts(s) !== null;
}

/** R-PART-1: the canonical `ddd-dd-dddd` form; `INVALID_SSN` (400) otherwise. The error never echoes the value. */
export function normalizeSsn(s: string): string {
  const parts = typeof s === 'string' ? ssnParts(s) : null;
  if (!parts) throw new DomainError('INVALID_SSN', 'ssn must be a valid SSN of 9 digits, written ddd-dd-dddd or ddddddddd');
  return parts.join('-');
}

/** The last four digits (the only part ever returned by the API). Accepts SSNs and pseudo-SSNs. */
export function ssnLast4(ssn: string): string {
  const digits = ssn.replace(/\D/g, '');
  if (digits.length !== 9) throw new DomainError('INVALID_SSN', 'ssn must have 9 digits');
  return digits.slice(5);
}

/**
 * R-PART-1: local pseudo-SSN `975-DD-MMYY` from the birth date (day, month, last two digits of the
 * year): born 1977-05-25 → `975-25-0577`.
 */
export function pseudoSsn(birthDate: IsoDate): string {
  const date = parseIsoDate(birthDate, 'birthDate');
  const [yyyy, mm, dd] = date.split('-') as [string, string, string];
  return `975-${dd}-${mm}${yyyy.slice(2)}`;
}

/** True for a pseudo-SSN shape `975-DD-MMYY` (not necessarily a real birth date). */
export function isPseudoSsn(s: string): boolean {
  return /^975-\d{2}-\d{4}$/.test(s);
}
