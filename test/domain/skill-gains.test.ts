import { SKILL_GAIN_PIRL, SKILL_GAIN_TYPES, programYearOf, validateSkillGain, type SkillGainInput } from '../../src/domain/skill-gains';
import { codeOf, domainErrorOf } from './helpers-errors';

const TRAINING = { id: 'A-TRAIN', category: 'training' as const };
const input = (over: Partial<SkillGainInput> = {}): SkillGainInput => ({
  applicationStatus: 'participating',
  participationDate: '2024-05-01',
  exit: null,
  activities: [TRAINING, { id: 'A-IND', category: 'individualized' }, { id: 'A-INFO', category: 'information' }, { id: 'A-SUP', category: 'supportive' }],
  today: '2024-07-15',
  callerRole: 'staff',
  type: 'training_milestone',
  achievedOn: '2024-07-01',
  activityId: TRAINING.id,
  documentationRef: 'Milestone report in file',
  ...over,
});

describe('measurable skill gains (R-MSG-1, R-MSG-2)', () => {
  it('R-MSG-1 the five types and their PIRL data elements 1806–1810', () => {
    expect(SKILL_GAIN_PIRL).toEqual({
      educational_functioning_level: 1806,
      postsecondary_transcript: 1807,
      secondary_transcript: 1808,
      training_milestone: 1809,
      skills_progression: 1810,
    });
    for (const type of SKILL_GAIN_TYPES) expect(codeOf(() => validateSkillGain(input({ type })))).toBeUndefined();
    expect(codeOf(() => validateSkillGain(input({ type: 'credential' })))).toBe('SKILL_GAIN_TYPE_INVALID');
  });

  it('R-MSG-1 the activity must be on the application (404) with category training or individualized (422)', () => {
    expect(codeOf(() => validateSkillGain(input({ activityId: 'A-IND' })))).toBeUndefined();
    expect(domainErrorOf(() => validateSkillGain(input({ activityId: 'NOPE' }))).status).toBe(404);
    for (const activityId of ['A-INFO', 'A-SUP']) {
      const err = domainErrorOf(() => validateSkillGain(input({ activityId })));
      expect([err.code, err.status]).toEqual(['SKILL_GAIN_ACTIVITY_NOT_ELIGIBLE', 422]);
    }
  });

  it('R-MSG-1 achievedOn after the exit date → 422 SKILL_GAIN_AFTER_EXIT; on the exit date it is a gain of participation', () => {
    const exited = { applicationStatus: 'exited' as const, exit: { type: 'soft' as const, exitDate: '2024-07-10' }, today: '2024-07-20' };
    const err = domainErrorOf(() => validateSkillGain(input({ ...exited, achievedOn: '2024-07-11' })));
    expect([err.code, err.status]).toEqual(['SKILL_GAIN_AFTER_EXIT', 422]);
    expect(codeOf(() => validateSkillGain(input({ ...exited, achievedOn: '2024-07-10' })))).toBeUndefined();
  });

  it('R-MSG-1 documentationRef is required (400), dates follow R-ACT-4 / R-ACT-5 and are never in the future', () => {
    expect(domainErrorOf(() => validateSkillGain(input({ documentationRef: '  ' }))).status).toBe(400);
    expect(codeOf(() => validateSkillGain(input({ achievedOn: '2024-07-16' })))).toBe('FUTURE_DATE');
    expect(codeOf(() => validateSkillGain(input({ achievedOn: '2024-04-30' })))).toBe('DATE_BEFORE_PARTICIPATION');
    expect(codeOf(() => validateSkillGain(input({ achievedOn: '2024-06-01' })))).toBe('BACKDATE_APPROVAL_REQUIRED');
    expect(codeOf(() => validateSkillGain(input({ achievedOn: '2024-06-01', callerRole: 'supervisor' })))).toBeUndefined();
    expect(codeOf(() => validateSkillGain(input({ achievedOn: '2024-02-30' })))).toBe('INVALID_DATE');
  });

  it('R-MSG-1 closed applications refuse with 409', () => {
    for (const applicationStatus of ['completed', 'exited_exclusionary'] as const) {
      expect(domainErrorOf(() => validateSkillGain(input({ applicationStatus }))).code).toBe('APPLICATION_EXITED');
    }
    expect(codeOf(() => validateSkillGain(input({ applicationStatus: 'eligible', participationDate: null })))).toBe('NOT_PARTICIPATING');
  });

  it('R-MSG-2 vectors: 2024-06-30 → PY2023, 2024-07-01 → PY2024', () => {
    expect(programYearOf('2024-06-30')).toBe('PY2023');
    expect(programYearOf('2024-07-01')).toBe('PY2024');
    expect(programYearOf('2025-01-01')).toBe('PY2024');
    expect(validateSkillGain(input({ achievedOn: '2024-07-01' })).programYear).toBe('PY2024');
    expect(validateSkillGain(input({ achievedOn: '2024-06-30' })).programYear).toBe('PY2023');
  });
});
