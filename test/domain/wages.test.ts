import {
  addQuarters,
  calendarQuarterIndex,
  calendarQuarterOf,
  calendarQuarterOfDate,
  parseWageRow,
  quarterAfterExit,
  quarterEmployment,
  quarterRange,
  quartersBeforeParticipation,
  retainedWithSameEmployer,
  typeOfMatchOf,
  wagesBeforeParticipation,
  type QuarterWage,
  type SupplementalQuarter,
} from '../../src/domain/wages';
import { quarterIndex } from '../../src/domain/reporting';
import { isDomainError } from '../../src/domain/errors';

describe('calendar quarters YYYYQn', () => {
  it('index and text round-trip, and agree with the report quarter index of a date', () => {
    expect(calendarQuarterIndex('2024Q3')).toBe(4 * 2024 + 2);
    expect(calendarQuarterOf(4 * 2024 + 2)).toBe('2024Q3');
    expect(calendarQuarterIndex('2024Q3')).toBe(quarterIndex('2024-08-15'));
    for (const bad of ['2024Q0', '2024Q5', '24Q1', '2024q1', '2024-Q1', '', '2024Q1 ']) expect(calendarQuarterIndex(bad)).toBeNull();
  });

  it.each([
    ['2024Q4', 1, '2025Q1'],
    ['2025Q1', -1, '2024Q4'],
    ['2024Q2', 4, '2025Q2'],
    ['2024Q1', -3, '2023Q2'],
  ])('%s + %i = %s', (q, k, expected) => expect(addQuarters(q, k)).toBe(expected));

  it('R-FU-1 / R-WAGE-3: quarter k after exit (exit 2024-01-10 → 2024Q2 … 2025Q1)', () => {
    expect([1, 2, 3, 4].map((k) => quarterAfterExit('2024-01-10', k))).toEqual(['2024Q2', '2024Q3', '2024Q4', '2025Q1']);
    expect(quarterAfterExit('2023-12-31', 1)).toBe('2024Q1');
    expect(calendarQuarterOfDate('2023-10-01')).toBe('2023Q4');
  });

  it('R-WAGE-4: the 3rd, 2nd and 1st quarter before participation (PIRL 1700, 1701, 1702)', () => {
    expect(quartersBeforeParticipation('2024-02-15')).toEqual(['2023Q2', '2023Q3', '2023Q4']);
  });

  it('R-WAGE-2: ranges; malformed quarters and a range that ends before it starts are 400s', () => {
    expect(quarterRange('2023Q3', '2024Q4').map(calendarQuarterOf)).toEqual(['2023Q3', '2023Q4', '2024Q1', '2024Q2', '2024Q3', '2024Q4']);
    expect(quarterRange('2024Q1', '2024Q1')).toHaveLength(1);
    const codeOf = (f: () => unknown) => {
      try {
        f();
        return undefined;
      } catch (e) {
        return isDomainError(e) ? [e.code, e.status] : e;
      }
    };
    expect(codeOf(() => quarterRange('2024Q5', '2024Q1'))).toEqual(['INVALID_QUARTER', 400]);
    expect(codeOf(() => quarterRange('2024Q1', 'x'))).toEqual(['INVALID_QUARTER', 400]);
    expect(codeOf(() => quarterRange('2024Q2', '2024Q1'))).toEqual(['INVALID_QUARTER_RANGE', 400]);
  });
});

describe('R-WAGE-1: a row of a wage file', () => {
  const row = (s: string) => parseWageRow(s.split(','));
  it('accepts dashes, defaults the source to ui, keeps wages in cents and as text', () => {
    expect(row('123-45-6789,2024,3,1234.5,12-3456789,')).toEqual({
      ok: true,
      row: { ssnDigits: '123456789', year: 2024, quarter: 3, wagesCents: 123450, wages: '1234.50', fein: '123456789', source: 'ui' },
    });
    expect(row('123456789,2024,1,0,,federal')).toMatchObject({ ok: true, row: { wagesCents: 0, wages: '0.00', fein: '', source: 'federal' } });
    expect(row('123456789,2024,1,007.05,,military')).toMatchObject({ ok: true, row: { wagesCents: 705, wages: '7.05' } });
  });

  it.each([
    ['12345678,2024,1,10,123456789,ui', 'ssn', 'INVALID_SSN'],
    ['123-456-789,2024,1,10,123456789,ui', 'ssn', 'INVALID_SSN'],
    ['123456789,24,1,10,123456789,ui', 'year', 'INVALID_YEAR'],
    ['123456789,2024,5,10,123456789,ui', 'quarter', 'INVALID_QUARTER'],
    ['123456789,2024,0,10,123456789,ui', 'quarter', 'INVALID_QUARTER'],
    ['123456789,2024,1,-10,123456789,ui', 'wages', 'INVALID_WAGES'],
    ['123456789,2024,1,10.123,123456789,ui', 'wages', 'INVALID_WAGES'],
    ['123456789,2024,1,$10,123456789,ui', 'wages', 'INVALID_WAGES'],
    ['123456789,2024,1,,123456789,ui', 'wages', 'INVALID_WAGES'],
    ['123456789,2024,1,10,12345,ui', 'fein', 'INVALID_FEIN'],
    ['123456789,2024,1,10,,ui', 'fein', 'FEIN_REQUIRED'],
    ['123456789,2024,1,10,,swis', 'fein', 'FEIN_REQUIRED'],
    ['123456789,2024,1,10,123456789,payroll', 'source', 'INVALID_SOURCE'],
    ['123456789,2024,1,10,123456789', '(row)', 'INVALID_COLUMNS'],
  ])('%s → %s %s', (line, field, code) => expect(row(line)).toEqual({ ok: false, error: { field, code } }));
});

describe('R-WAGE-3: employment in quarter k after exit', () => {
  const w = (source: QuarterWage['source'], wagesCents: number, fein = '111111111'): QuarterWage => ({ source, wagesCents, fein });
  const fu = (code: SupplementalQuarter['code'], earningsCents: number | null = null, employerIds: string[] = []): SupplementalQuarter => ({
    code,
    earningsCents,
    employerIds,
  });

  it('the type of match: ui/swis 1, federal 2, military 3, other 4; several sources → the lowest', () => {
    expect(typeOfMatchOf(['ui'])).toBe('1');
    expect(typeOfMatchOf(['swis'])).toBe('1');
    expect(typeOfMatchOf(['federal'])).toBe('2');
    expect(typeOfMatchOf(['military'])).toBe('3');
    expect(typeOfMatchOf(['other'])).toBe('4');
    expect(typeOfMatchOf(['other', 'military', 'federal'])).toBe('2');
    expect(typeOfMatchOf([])).toBeNull();
  });

  it('a complete quarter: wages above 0 decide, whatever the follow-up says', () => {
    expect(quarterEmployment(true, [w('other', 100_00), w('federal', 250_00, '')], fu('0'))).toEqual({
      code: '1',
      typeOfMatch: '2',
      employed: true,
      earningsCents: 350_00,
      employers: ['111111111'],
      fromWageRecords: true,
    });
    expect(quarterEmployment(true, [w('ui', 900_00)], fu('9'))).toMatchObject({ code: '1', typeOfMatch: '1', earningsCents: 900_00 });
  });

  it('a complete quarter without wages: the follow-up as supplemental (type 5), else not employed', () => {
    expect(quarterEmployment(true, [w('ui', 0)], fu('2', 5000_00, ['222222222']))).toEqual({
      code: '2',
      typeOfMatch: '5',
      employed: true,
      earningsCents: 5000_00,
      employers: ['222222222'],
      fromWageRecords: false,
    });
    // Not yet available from the follow-up, but the quarter is complete: not employed.
    expect(quarterEmployment(true, [], fu('9'))).toMatchObject({ code: '0', typeOfMatch: null, employed: false });
    expect(quarterEmployment(true, [], fu('0'))).toMatchObject({ code: '0', typeOfMatch: null, employed: false });
  });

  it('a quarter not complete: R-RPT-3 stands (wages are ignored), type 5 employed, 6 not yet available', () => {
    expect(quarterEmployment(false, [w('ui', 900_00)], fu('1', 100_00))).toMatchObject({ code: '1', typeOfMatch: '5', earningsCents: 100_00 });
    expect(quarterEmployment(false, [w('ui', 900_00)], fu('9'))).toMatchObject({ code: '9', typeOfMatch: '6', employed: null });
    expect(quarterEmployment(false, [w('ui', 900_00)], fu('0'))).toMatchObject({ code: '0', typeOfMatch: null, employed: false });
  });
});

describe('R-WAGE-4: retention with the same employer and wages before participation', () => {
  it('across a wage quarter (FEINs) and a supplemental one (employer ids)', () => {
    const q2 = quarterEmployment(true, [{ source: 'ui', wagesCents: 800_00, fein: '123456789' }], { code: '0', earningsCents: null, employerIds: [] });
    const q4Same = quarterEmployment(false, [], { code: '1', earningsCents: 900_00, employerIds: ['123456789'] });
    const q4Other = quarterEmployment(false, [], { code: '1', earningsCents: 900_00, employerIds: ['987654321'] });
    const q4Open = quarterEmployment(false, [], { code: '9', earningsCents: null, employerIds: [] });
    expect(retainedWithSameEmployer(q2, q4Same)).toBe(true);
    expect(retainedWithSameEmployer(q2, q4Other)).toBe(false);
    expect(retainedWithSameEmployer(q2, q4Open)).toBeNull();
  });

  it('1700–1702: the sum when complete (0 without wages), unknown when not', () => {
    expect(wagesBeforeParticipation(true, [{ source: 'ui', wagesCents: 10_00, fein: '1' }])).toBe(10_00);
    expect(wagesBeforeParticipation(true, [])).toBe(0);
    expect(wagesBeforeParticipation(false, [{ source: 'ui', wagesCents: 10_00, fein: '1' }])).toBeNull();
  });
});
