import {
  validatePlannedBreakApproval,
  validatePlannedBreakCancel,
  validatePlannedBreakRequest,
  type PlannedBreakApprovalInput,
  type PlannedBreakRequestInput,
} from '../../src/domain';
import { codeOf, domainErrorOf } from './helpers-errors';

const request: PlannedBreakRequestInput = {
  applicationStatus: 'participating',
  currentBreakStatus: null,
  activity: { id: 'f1', status: 'future', projectedBeginDate: '2024-06-15' },
  activityId: 'f1',
  reason: 'training_delay',
  resumeDate: '2024-06-15',
  caseNote: 'Training cohort starts mid June',
  lastServiceDate: '2024-01-10',
  today: '2024-03-01',
};

describe('planned breaks (R-BREAK-1, R-BREAK-2)', () => {
  it('R-BREAK-1 a valid request passes (SPEC planned-break vector: L=2024-01-10, R=2024-06-15)', () => {
    expect(() => validatePlannedBreakRequest(request)).not.toThrow();
  });

  it('R-BREAK-2 R = L + 181 → PLANNED_BREAK_TOO_LONG (422)', () => {
    const e = domainErrorOf(() =>
      validatePlannedBreakRequest({ ...request, resumeDate: '2024-07-09', activity: { id: 'f1', status: 'future', projectedBeginDate: '2024-07-09' } }),
    );
    expect(e.code).toBe('PLANNED_BREAK_TOO_LONG');
    expect(e.status).toBe(422);
    expect(e.details).toMatchObject({ latestResumeDate: '2024-07-08' });
  });

  it('R-BREAK-1 needs an existing future activity whose projected begin is R, a reason and a case note', () => {
    expect(codeOf(() => validatePlannedBreakRequest({ ...request, activity: undefined }))).toBe('ACTIVITY_NOT_FOUND');
    expect(codeOf(() => validatePlannedBreakRequest({ ...request, activity: { id: 'f1', status: 'open', projectedBeginDate: null } }))).toBe(
      'ACTIVITY_NOT_FUTURE',
    );
    expect(codeOf(() => validatePlannedBreakRequest({ ...request, activity: { id: 'f1', status: 'future', projectedBeginDate: '2024-06-16' } }))).toBe(
      'PLANNED_BREAK_RESUME_MISMATCH',
    );
    expect(codeOf(() => validatePlannedBreakRequest({ ...request, caseNote: '' }))).toBe('CASE_NOTE_REQUIRED');
    expect(codeOf(() => validatePlannedBreakRequest({ ...request, reason: 'vacation' }))).toBe('PLANNED_BREAK_REASON_INVALID');
  });

  it('R-BREAK-1 one pending/approved break at a time; state conflicts', () => {
    expect(codeOf(() => validatePlannedBreakRequest({ ...request, currentBreakStatus: 'pending' }))).toBe('PLANNED_BREAK_EXISTS');
    expect(codeOf(() => validatePlannedBreakRequest({ ...request, currentBreakStatus: 'approved' }))).toBe('PLANNED_BREAK_EXISTS');
    expect(() => validatePlannedBreakRequest({ ...request, currentBreakStatus: 'cancelled' })).not.toThrow();
    expect(codeOf(() => validatePlannedBreakRequest({ ...request, applicationStatus: 'exited' }))).toBe('APPLICATION_EXITED');
    expect(codeOf(() => validatePlannedBreakRequest({ ...request, applicationStatus: 'eligible' }))).toBe('NOT_PARTICIPATING');
  });

  const approval: PlannedBreakApprovalInput = {
    applicationStatus: 'participating',
    plannedBreak: { status: 'pending', requestedBy: 'S-STAFF-1', resumeDate: '2024-06-15' },
    breakId: 'b1',
    approverId: 'S-SUP-1',
    approverRole: 'supervisor',
    lastServiceDate: '2024-01-10',
    today: '2024-03-02',
  };

  it('R-BREAK-1 a supervisor other than the requester approves a pending break', () => {
    expect(() => validatePlannedBreakApproval(approval)).not.toThrow();
  });

  it('R-BREAK-1 approval: supervisor role (403), not self (403), exists (404), pending (409)', () => {
    expect(domainErrorOf(() => validatePlannedBreakApproval({ ...approval, approverRole: 'staff' })).status).toBe(403);
    expect(codeOf(() => validatePlannedBreakApproval({ ...approval, approverRole: 'staff' }))).toBe('SUPERVISOR_REQUIRED');
    const self = { ...approval, plannedBreak: { ...approval.plannedBreak!, requestedBy: 'S-SUP-1' } };
    expect(codeOf(() => validatePlannedBreakApproval(self))).toBe('SELF_APPROVAL');
    expect(codeOf(() => validatePlannedBreakApproval({ ...approval, plannedBreak: undefined }))).toBe('PLANNED_BREAK_NOT_FOUND');
    const approved = { ...approval, plannedBreak: { ...approval.plannedBreak!, status: 'approved' as const } };
    expect(codeOf(() => validatePlannedBreakApproval(approved))).toBe('PLANNED_BREAK_NOT_PENDING');
  });

  it('R-BREAK-2 approval re-checks R against today (late approval after R → PLANNED_BREAK_RESUME_NOT_FUTURE)', () => {
    expect(codeOf(() => validatePlannedBreakApproval({ ...approval, today: '2024-06-15' }))).toBe('PLANNED_BREAK_RESUME_NOT_FUTURE');
  });

  it('R-BREAK-2 cancel: pending or approved only', () => {
    expect(() => validatePlannedBreakCancel({ applicationStatus: 'participating', plannedBreak: { status: 'approved' }, breakId: 'b1' })).not.toThrow();
    expect(() => validatePlannedBreakCancel({ applicationStatus: 'participating', plannedBreak: { status: 'pending' }, breakId: 'b1' })).not.toThrow();
    expect(codeOf(() => validatePlannedBreakCancel({ applicationStatus: 'participating', plannedBreak: { status: 'ended' }, breakId: 'b1' }))).toBe(
      'PLANNED_BREAK_NOT_ACTIVE',
    );
    expect(codeOf(() => validatePlannedBreakCancel({ applicationStatus: 'participating', plannedBreak: undefined, breakId: 'b1' }))).toBe(
      'PLANNED_BREAK_NOT_FOUND',
    );
  });
});
