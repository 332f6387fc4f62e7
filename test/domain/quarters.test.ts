import { followUpQuarters, initialFollowUpStatus } from '../../src/domain';

describe('follow-up quarters (R-FU-1, R-FU-2)', () => {
  it.each([
    ['2021-07-22', ['2021-12-31', '2022-03-31', '2022-06-30', '2022-09-30']],
    ['2024-01-10', ['2024-06-30', '2024-09-30', '2024-12-31', '2025-03-31']],
    ['2021-12-31', ['2022-03-31', '2022-06-30', '2022-09-30', '2022-12-31']],
    ['2022-01-01', ['2022-06-30', '2022-09-30', '2022-12-31', '2023-03-31']],
  ])('R-FU-1 vector: exit %s → due dates %j', (exitDate, dues) => {
    const quarters = followUpQuarters(exitDate);
    expect(quarters.map((q) => q.quarter)).toEqual([1, 2, 3, 4]);
    expect(quarters.map((q) => q.dueDate)).toEqual(dues);
  });

  it('R-FU-1 periods are whole calendar quarters; due = period end', () => {
    expect(followUpQuarters('2024-01-10')).toEqual([
      { quarter: 1, periodStart: '2024-04-01', periodEnd: '2024-06-30', dueDate: '2024-06-30' },
      { quarter: 2, periodStart: '2024-07-01', periodEnd: '2024-09-30', dueDate: '2024-09-30' },
      { quarter: 3, periodStart: '2024-10-01', periodEnd: '2024-12-31', dueDate: '2024-12-31' },
      { quarter: 4, periodStart: '2025-01-01', periodEnd: '2025-03-31', dueDate: '2025-03-31' },
    ]);
  });

  it('R-FU-1 first and last day of a quarter belong to that quarter', () => {
    expect(followUpQuarters('2024-04-01')[0]!.dueDate).toBe('2024-09-30');
    expect(followUpQuarters('2024-06-30')[0]!.dueDate).toBe('2024-09-30');
    expect(followUpQuarters('2024-07-01')[0]!.dueDate).toBe('2024-12-31');
    expect(followUpQuarters('2023-11-15')[1]!).toEqual({ quarter: 2, periodStart: '2024-04-01', periodEnd: '2024-06-30', dueDate: '2024-06-30' });
  });

  it('R-FU-2 a follow-up whose due date has passed at creation starts overdue; on the due date it is still required', () => {
    expect(initialFollowUpStatus('2024-06-30', '2024-07-09')).toBe('overdue');
    expect(initialFollowUpStatus('2024-06-30', '2024-07-01')).toBe('overdue');
    expect(initialFollowUpStatus('2024-06-30', '2024-06-30')).toBe('required');
    expect(initialFollowUpStatus('2024-09-30', '2024-07-09')).toBe('required');
  });
});
