import {
  ACTIVITY_CATEGORIES,
  APPLICATION_STATUSES,
  COMPLETION_CODES,
  CONTACT_OUTCOMES,
  CONTACT_TYPES,
  EXCLUSIONARY_REASON_INFO,
  EXCLUSIONARY_REASONS,
  EXIT_CLOCK_STATES,
  FOLLOW_UP_STATUSES,
  isOneOf,
  PLANNED_BREAK_REASONS,
  PROGRAMS,
  ROLES,
  STATUSES_AT_FOLLOW_UP,
} from '../../src/domain';

describe('enumerations (SPEC §5, "extend, never rename")', () => {
  it('§5 every SPEC value is present', () => {
    expect(PROGRAMS).toEqual(expect.arrayContaining(['ADULT', 'DISLOCATED_WORKER', 'YOUTH', 'WAGNER_PEYSER', 'TAA']));
    expect(COMPLETION_CODES).toEqual(expect.arrayContaining(['successful', 'unsuccessful', 'other']));
    expect(CONTACT_TYPES).toEqual(expect.arrayContaining(['phone', 'email', 'text', 'in_person', 'mail', 'other']));
    expect(CONTACT_OUTCOMES).toEqual(expect.arrayContaining(['reached', 'no_answer', 'left_message', 'wrong_number', 'returned_mail', 'other']));
    expect(STATUSES_AT_FOLLOW_UP).toEqual(
      expect.arrayContaining(['cannot_locate', 'not_employed', 'in_education', 'unable_to_work', 'declined_to_answer', 'other']),
    );
    expect(APPLICATION_STATUSES).toEqual(expect.arrayContaining(['eligible', 'participating', 'exited', 'exited_exclusionary', 'completed']));
    expect(EXIT_CLOCK_STATES).toEqual(expect.arrayContaining(['not_started', 'running', 'blocked', 'extended', 'stopped']));
    expect(ROLES).toEqual(expect.arrayContaining(['staff', 'supervisor', 'viewer']));
  });

  it('R-BREAK-1 / R-FU-5 / R-ACT-1 enumerations', () => {
    expect(PLANNED_BREAK_REASONS).toEqual(['training_delay', 'education_break', 'other']);
    expect(FOLLOW_UP_STATUSES).toEqual(expect.arrayContaining(['required', 'overdue', 'completed', 'declined', 'missed']));
    expect(ACTIVITY_CATEGORIES).toEqual(
      expect.arrayContaining([
        'self_service',
        'information',
        'career_staff_assisted',
        'individualized',
        'training',
        'supportive',
        'follow_up',
        'planned_break',
      ]),
    );
  });

  it('R-EXCL-1 PIRL 923 reasons 01-07 with labels; only 05 (foster care) is Youth only', () => {
    expect(EXCLUSIONARY_REASONS).toEqual(['01', '02', '03', '04', '05', '06', '07']);
    expect(EXCLUSIONARY_REASON_INFO['03'].label).toBe('Deceased');
    expect(EXCLUSIONARY_REASONS.filter((r) => EXCLUSIONARY_REASON_INFO[r].youthOnly)).toEqual(['05']);
  });

  it('§5 isOneOf narrows strings', () => {
    expect(isOneOf(PROGRAMS, 'YOUTH')).toBe(true);
    expect(isOneOf(PROGRAMS, 'youth')).toBe(false);
    expect(isOneOf(PROGRAMS, 5)).toBe(false);
  });
});
