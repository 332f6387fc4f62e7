import {
  ASSESSMENT_SECTIONS,
  EMPTY_ASSESSMENT,
  assessmentStatus,
  recordAssessmentSection,
  validateAssessmentSection,
  type AssessmentView,
} from '../../src/domain/assessment';
import { codeOf } from './helpers-errors';

const record = (a: AssessmentView, section: (typeof ASSESSMENT_SECTIONS)[number], status: 'complete' | 'incomplete', today: string) =>
  recordAssessmentSection(a, { section, status, at: `${today}T18:00:00.000Z`, by: 'S-1' }, today);

describe('objective assessment (R-OAS-1)', () => {
  it('R-OAS-1 has exactly the 12 sections of the assessment screens', () => {
    expect(ASSESSMENT_SECTIONS).toEqual([
      'general',
      'expectation',
      'education',
      'degree',
      'certificate',
      'employment',
      'household_income',
      'work_readiness',
      'barriers',
      'criminal_background',
      'tests',
      'referrals',
    ]);
  });

  it('R-OAS-1 not_started → in_progress → complete when all 12 are complete; completedOn is the day the 12th completed', () => {
    expect(assessmentStatus([])).toBe('not_started');
    let a: AssessmentView = { ...EMPTY_ASSESSMENT, sections: [] };
    const [last, ...rest] = [...ASSESSMENT_SECTIONS].reverse();
    for (const s of rest) a = record(a, s, 'complete', '2024-02-01');
    expect(a.status).toBe('in_progress');
    expect(a.completedOn).toBeNull();
    expect(a.sections.map((s) => s.section)).toEqual(ASSESSMENT_SECTIONS.filter((s) => s !== last)); // screen order
    a = record(a, last!, 'complete', '2024-02-05');
    expect(a).toMatchObject({ status: 'complete', completedOn: '2024-02-05' });
    expect(a.sections).toHaveLength(12);
  });

  it('R-OAS-1 an incomplete section keeps it in progress; re-recording a section replaces it; setting one back clears completedOn', () => {
    let a: AssessmentView = { ...EMPTY_ASSESSMENT, sections: [] };
    for (const s of ASSESSMENT_SECTIONS) a = record(a, s, s === 'tests' ? 'incomplete' : 'complete', '2024-02-01');
    expect(a.status).toBe('in_progress');
    a = record(a, 'tests', 'complete', '2024-02-03');
    expect(a).toMatchObject({ status: 'complete', completedOn: '2024-02-03' });
    a = record(a, 'general', 'complete', '2024-02-09'); // stays complete: keeps the first completion date
    expect(a.completedOn).toBe('2024-02-03');
    a = record(a, 'barriers', 'incomplete', '2024-02-10');
    expect(a).toMatchObject({ status: 'in_progress', completedOn: null });
    expect(a.sections.filter((s) => s.section === 'barriers')).toHaveLength(1);
  });

  it('R-OAS-1 allowed from participating on; refused before participation and on a closed case', () => {
    expect(codeOf(() => validateAssessmentSection('participating', 'general', 'complete'))).toBeUndefined();
    expect(codeOf(() => validateAssessmentSection('exited', 'referrals', 'incomplete'))).toBeUndefined();
    expect(codeOf(() => validateAssessmentSection('eligible', 'general', 'complete'))).toBe('NOT_PARTICIPATING');
    expect(codeOf(() => validateAssessmentSection('exited_exclusionary', 'general', 'complete'))).toBe('APPLICATION_EXITED');
    expect(codeOf(() => validateAssessmentSection('completed', 'general', 'complete'))).toBe('APPLICATION_EXITED');
    expect(codeOf(() => validateAssessmentSection('participating', 'hobbies', 'complete'))).toBe('ASSESSMENT_SECTION_UNKNOWN');
    expect(codeOf(() => validateAssessmentSection('participating', 'general', 'done'))).toBe('ASSESSMENT_SECTION_UNKNOWN');
  });
});
