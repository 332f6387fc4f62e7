/** What the case page's outcomes section offers for a skill gain (R-MSG-1). */
import { skillGainActivities } from '../../web/src/features/case/outcomeRules';

const codes = [
  { code: '101', skillGainEligible: false },
  { code: '205', skillGainEligible: true },
  { code: '306', skillGainEligible: true },
];

describe('skillGainActivities', () => {
  it('keeps the begun activities whose code the catalog marks eligible, in their order', () => {
    const begun = [
      { id: 'a', code: '306' },
      { id: 'b', code: '101' },
      { id: 'c', code: '205' },
    ];
    expect(skillGainActivities(begun, codes).map((a) => a.id)).toEqual(['a', 'c']);
  });

  it('offers nothing before the catalog has loaded, or for a code the catalog does not know', () => {
    expect(skillGainActivities([{ id: 'a', code: '306' }], undefined)).toEqual([]);
    expect(skillGainActivities([{ id: 'x', code: '999' }], codes)).toEqual([]);
  });
});
