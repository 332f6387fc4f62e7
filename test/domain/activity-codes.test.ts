import catalogJson from '../../src/domain/data/activity-codes.json';
import fc from 'fast-check';
import {
  ACTIVITY_CATEGORIES,
  ActivityCatalogSchema,
  ActivityCodeEntrySchema,
  isActivityCodeEntry,
  PROGRAMS,
  codeAppliesToProgram,
  defaultActivityCatalog,
  DomainError,
  findCode,
  isFollowUpCode,
  loadActivityCatalog,
  requireCode,
  restartsExitClock,
} from '../../src/domain';

const SPEC_NO = ['002', '003', '004', '005', '008', '089', '120', '106'];
const SPEC_YES = ['006', '007', '090', '101', '102', '103', '104', '105', '107', '111', '112', '115', '116', '123', '124', '125', '130', '131', '205', '328'];

function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe('activity-code catalog (R-ACT-1)', () => {
  it.each(SPEC_NO)('R-ACT-1 code %s is in the sample and does not restart the exit clock', (code) => {
    expect(findCode(defaultActivityCatalog, code)).toBeDefined();
    expect(restartsExitClock(defaultActivityCatalog, code)).toBe(false);
  });

  it.each(SPEC_YES)('R-ACT-1 code %s is in the sample and restarts the exit clock', (code) => {
    expect(findCode(defaultActivityCatalog, code)).toBeDefined();
    expect(restartsExitClock(defaultActivityCatalog, code)).toBe(true);
  });

  it('R-ACT-1 205 is Development of IEP and 328 Occupational Skills Training (titles from the CalJOBS seeds)', () => {
    expect(requireCode(defaultActivityCatalog, '205').title).toMatch(/Development of IEP/);
    expect(requireCode(defaultActivityCatalog, '205').category).toBe('individualized');
    expect(requireCode(defaultActivityCatalog, '328')).toMatchObject({ title: 'Occupational Skills Training', category: 'training' });
  });

  it('R-ACT-1 at least one supportive-service code, none restarting the clock', () => {
    const supportive = defaultActivityCatalog.codes.filter((c) => c.category === 'supportive');
    expect(supportive.length).toBeGreaterThan(0);
    expect(supportive.every((c) => !c.restartsExitClock)).toBe(true);
  });

  it('R-ACT-1 F-codes F01… are category follow_up and never restart the clock; isFollowUpCode', () => {
    const fCodes = defaultActivityCatalog.codes.filter((c) => c.code.startsWith('F'));
    expect(fCodes.map((c) => c.code)).toContain('F01');
    for (const c of fCodes) {
      expect(c.category).toBe('follow_up');
      expect(c.restartsExitClock).toBe(false);
      expect(isFollowUpCode(defaultActivityCatalog, c.code)).toBe(true);
    }
    expect(isFollowUpCode(defaultActivityCatalog, '102')).toBe(false);
    expect(isFollowUpCode(defaultActivityCatalog, 'F99')).toBe(false);
  });

  it('R-ACT-1 the catalog is data: the shipped JSON file is what defaultActivityCatalog holds', () => {
    expect(defaultActivityCatalog).toEqual(catalogJson);
    expect(new Set(defaultActivityCatalog.codes.map((c) => c.code)).size).toBe(defaultActivityCatalog.codes.length);
  });

  it('R-ACT-1 unknown code → UNKNOWN_ACTIVITY_CODE (422); unknown codes never restart the clock', () => {
    expect(findCode(defaultActivityCatalog, '999')).toBeUndefined();
    const e = errorOf(() => requireCode(defaultActivityCatalog, '999'));
    expect(e.code).toBe('UNKNOWN_ACTIVITY_CODE');
    expect(e.status).toBe(422);
    expect(restartsExitClock(defaultActivityCatalog, '999')).toBe(false);
  });

  it('R-ACT-1 programs: 328 training is not for WAGNER_PEYSER, 102 is', () => {
    expect(codeAppliesToProgram(requireCode(defaultActivityCatalog, '328'), 'WAGNER_PEYSER')).toBe(false);
    expect(codeAppliesToProgram(requireCode(defaultActivityCatalog, '328'), 'ADULT')).toBe(true);
    expect(codeAppliesToProgram(requireCode(defaultActivityCatalog, '102'), 'WAGNER_PEYSER')).toBe(true);
  });

  it('R-ACT-1 loadActivityCatalog accepts an agency catalog', () => {
    const agency = loadActivityCatalog({
      codes: [
        { code: 'X01', title: 'Agency orientation', category: 'career_staff_assisted', restartsExitClock: true, programs: ['ADULT'] },
        { code: 'F01', title: 'Follow-up call', category: 'follow_up', restartsExitClock: false, programs: ['ADULT'] },
      ],
    });
    expect(restartsExitClock(agency, 'X01')).toBe(true);
    expect(isFollowUpCode(agency, 'F01')).toBe(true);
  });

  it.each([
    ['empty list', { codes: [] }],
    ['not an object', 'nope'],
    [
      'duplicate code',
      {
        codes: [
          { code: '101', title: 'A', category: 'career_staff_assisted', restartsExitClock: true, programs: ['ADULT'] },
          { code: '101', title: 'B', category: 'career_staff_assisted', restartsExitClock: true, programs: ['ADULT'] },
        ],
      },
    ],
    ['restarting follow-up code', { codes: [{ code: 'F01', title: 'F', category: 'follow_up', restartsExitClock: true, programs: ['ADULT'] }] }],
    ['restarting supportive code', { codes: [{ code: '181', title: 'S', category: 'supportive', restartsExitClock: true, programs: ['ADULT'] }] }],
    ['unknown category', { codes: [{ code: '101', title: 'A', category: 'magic', restartsExitClock: true, programs: ['ADULT'] }] }],
    ['unknown program', { codes: [{ code: '101', title: 'A', category: 'training', restartsExitClock: true, programs: ['SENIORS'] }] }],
    ['no programs', { codes: [{ code: '101', title: 'A', category: 'training', restartsExitClock: true, programs: [] }] }],
    ['missing restartsExitClock', { codes: [{ code: '101', title: 'A', category: 'training', programs: ['ADULT'] }] }],
    ['extra field', { codes: [{ code: '101', title: 'A', category: 'training', restartsExitClock: true, programs: ['ADULT'], x: 1 }] }],
  ])('R-ACT-1 loadActivityCatalog rejects %s with INVALID_ACTIVITY_CATALOG', (_label, json) => {
    expect(ActivityCatalogSchema.safeParse(json).success).toBe(false);
    expect(errorOf(() => loadActivityCatalog(json)).code).toBe('INVALID_ACTIVITY_CATALOG');
  });
});

describe('the workflow-side entry check agrees with the catalog schema', () => {
  // Workflow code checks a command's catalog entry without zod (activity-codes.ts); the API and
  // start-up validate catalogs with zod (activity-catalog.ts). They must accept exactly the same entries.
  const valid = { code: '101', title: 'Initial Assessment', category: 'career_staff_assisted', restartsExitClock: true, programs: ['ADULT'] };
  const field = <T>(good: fc.Arbitrary<T>) =>
    fc.oneof(good, fc.constant(undefined), fc.constant(null), fc.integer(), fc.string(), fc.boolean(), fc.array(fc.string(), { maxLength: 2 }));
  const entries = fc.record(
    {
      code: field(fc.oneof(fc.constantFrom('101', 'F1', 'AB12CD', 'A', 'ABCDEFG', 'ab1', '10 1'), fc.stringMatching(/^[A-Z0-9]{1,7}$/))),
      title: field(fc.constantFrom('Initial Assessment', '  padded  ', '', '   ', '\t')),
      category: field(fc.constantFrom(...ACTIVITY_CATEGORIES, 'unknown')),
      restartsExitClock: field(fc.boolean()),
      programs: field(fc.array(fc.constantFrom(...PROGRAMS, 'NOPE'), { maxLength: 3 })),
      extra: fc.constant('x'),
    },
    { requiredKeys: [] },
  );

  it('on the shipped catalog and a known-good entry', () => {
    for (const e of defaultActivityCatalog.codes) expect(isActivityCodeEntry(e)).toBe(true);
    expect(isActivityCodeEntry(valid)).toBe(true);
    expect(isActivityCodeEntry({ ...valid, extra: 1 })).toBe(false);
    expect(isActivityCodeEntry({ ...valid, programs: [] })).toBe(false);
  });

  it('property: isActivityCodeEntry(x) === ActivityCodeEntrySchema accepts x', () => {
    fc.assert(
      fc.property(fc.oneof(entries, fc.constant(valid), fc.anything()), (x) => {
        expect(isActivityCodeEntry(x)).toBe(ActivityCodeEntrySchema.safeParse(x).success);
      }),
      { numRuns: 3000, seed: 20261124 },
    );
  });
});
