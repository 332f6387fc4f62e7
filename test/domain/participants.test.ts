import { isPseudoSsn, isValidSsn, normalizeSsn, pseudoSsn, ssnLast4 } from '../../src/domain';
import { codeOf, domainErrorOf } from './helpers-errors';

describe('participants (R-PART-1)', () => {
  it('R-PART-1 pseudo-SSN policy example: born 1977-05-25 → 975-25-0577', () => {
    expect(pseudoSsn('1977-05-25')).toBe('975-25-0577');
  });

  it('R-PART-1 pseudo-SSN is 975-DD-MMYY with zero padding and the last two year digits', () => {
    expect(pseudoSsn('2001-01-09')).toBe('975-09-0101');
    expect(pseudoSsn('1999-12-31')).toBe('975-31-1299');
    expect(isPseudoSsn(pseudoSsn('2000-02-29'))).toBe(true);
    expect(pseudoSsn('2000-02-29')).toBe('975-29-0200');
    expect(codeOf(() => pseudoSsn('1977-02-30'))).toBe('INVALID_DATE');
  });

  it('R-PART-1 SSN accepted as 123-45-6789 or 123456789, normalised to dashes', () => {
    expect(normalizeSsn('123-45-6789')).toBe('123-45-6789');
    expect(normalizeSsn('123456789')).toBe('123-45-6789');
    expect(normalizeSsn(' 123456789 ')).toBe('123-45-6789');
    expect(isValidSsn('123456789')).toBe(true);
  });

  it.each([
    '12345678',
    '1234567890',
    '123-456789',
    '12-345-6789',
    'abc-de-fghi',
    '',
    '000-12-3456',
    '666-12-3456',
    '975-25-0577',
    '900-12-3456',
    '123-00-4567',
    '123-45-0000',
  ])('R-PART-1 invalid SSN %p → INVALID_SSN (400), value not echoed', (s) => {
    expect(isValidSsn(s)).toBe(false);
    const e = domainErrorOf(() => normalizeSsn(s));
    expect(e.code).toBe('INVALID_SSN');
    expect(e.status).toBe(400);
    if (s.length > 3) expect(e.message).not.toContain(s.trim());
  });

  it('R-PART-1 ssnLast4 of an SSN or a pseudo-SSN', () => {
    expect(ssnLast4('123-45-6789')).toBe('6789');
    expect(ssnLast4('123456789')).toBe('6789');
    expect(ssnLast4('975-25-0577')).toBe('0577');
    expect(codeOf(() => ssnLast4('12345'))).toBe('INVALID_SSN');
  });
});
