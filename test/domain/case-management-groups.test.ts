import {
  assertCaseManagerAllowed,
  caseManagerAssignment,
  groupCaseScope,
  groupNameKey,
  inGroupScope,
  validateGroup,
  type CaseManagementGroup,
} from '../../src/domain/case-management-groups';
import { codeOf, domainErrorOf } from './helpers-errors';

const staff = new Set(['S-1', 'S-2', 'S-3', 'S-4']);

const youthLA: CaseManagementGroup = {
  id: 'g1',
  name: 'Youth Team',
  office: 'LA-2703',
  programs: ['YOUTH'],
  leadStaffId: 'S-1',
  memberStaffIds: ['S-1', 'S-2'],
};
const adultLA: CaseManagementGroup = {
  id: 'g2',
  name: 'Adults',
  office: 'LA-2703',
  programs: ['ADULT', 'DISLOCATED_WORKER'],
  leadStaffId: 'S-3',
  memberStaffIds: ['S-3'],
};
const adultSD: CaseManagementGroup = { id: 'g3', name: 'Adults', office: 'SD-0101', programs: ['ADULT'], leadStaffId: 'S-4', memberStaffIds: ['S-4'] };

describe('case management groups (SPEC §9)', () => {
  it('R-GRP-1 a group whose lead is a member and whose staff are known is valid (normalised)', () => {
    const g = validateGroup(
      { name: '  Youth   Team ', office: ' LA-2703 ', programs: ['YOUTH', 'YOUTH'], leadStaffId: 'S-2', memberStaffIds: ['S-1', 'S-2', 'S-1'] },
      staff,
    );
    expect(g).toEqual({ name: 'Youth Team', office: 'LA-2703', programs: ['YOUTH'], leadStaffId: 'S-2', memberStaffIds: ['S-1', 'S-2'] });
  });

  it('R-GRP-1 the lead must be a member: GROUP_LEAD_NOT_MEMBER (422)', () => {
    const e = domainErrorOf(() => validateGroup({ name: 'X', office: 'LA', programs: ['ADULT'], leadStaffId: 'S-3', memberStaffIds: ['S-1'] }, staff));
    expect([e.code, e.status]).toEqual(['GROUP_LEAD_NOT_MEMBER', 422]);
  });

  it('R-GRP-1 unknown staff ids (member or lead): UNKNOWN_STAFF (422), naming them', () => {
    const e = domainErrorOf(() => validateGroup({ name: 'X', office: 'LA', programs: ['ADULT'], leadStaffId: 'S-9', memberStaffIds: ['S-1', 'S-8'] }, staff));
    expect([e.code, e.status]).toEqual(['UNKNOWN_STAFF', 422]);
    expect(e.message).toContain('S-8');
    expect(e.message).toContain('S-9');
    expect(codeOf(() => validateGroup({ name: 'X', office: 'LA', programs: ['ADULT'], leadStaffId: 'S-1', memberStaffIds: ['S-1'] }, staff))).toBeUndefined();
  });

  it('R-GRP-1 names compare trimmed, white space collapsed and case-insensitively (unique per office)', () => {
    expect(groupNameKey(' Youth  Team')).toBe(groupNameKey('youth team'));
    expect(groupNameKey('Youth Team')).not.toBe(groupNameKey('Youth Teams'));
  });

  it('R-GRP-2 an office without groups keeps free assignment', () => {
    expect(caseManagerAssignment([youthLA, adultLA], 'FRESNO-1', ['ADULT'], 'S-9')).toMatchObject({ allowed: true, reason: 'office_without_groups' });
    expect(caseManagerAssignment([], 'LA-2703', ['ADULT'], 'S-9').allowed).toBe(true);
  });

  it('R-GRP-2 in an office with groups the case manager must be in a group of that office serving one of the programs', () => {
    expect(caseManagerAssignment([youthLA, adultLA, adultSD], 'LA-2703', ['YOUTH'], 'S-2')).toEqual({
      allowed: true,
      reason: 'member_of_group',
      groupIds: ['g1'],
    });
    // co-enrolled: serving one of the programs is enough
    expect(caseManagerAssignment([youthLA, adultLA], 'LA-2703', ['ADULT', 'YOUTH'], 'S-3').allowed).toBe(true);
    // a member, but of a group serving other programs
    expect(caseManagerAssignment([youthLA, adultLA], 'LA-2703', ['ADULT'], 'S-2').allowed).toBe(false);
    // a member of a group serving the program, but in another office
    expect(caseManagerAssignment([youthLA, adultLA, adultSD], 'LA-2703', ['ADULT'], 'S-4').allowed).toBe(false);
    expect(caseManagerAssignment([youthLA, adultLA, adultSD], 'SD-0101', ['ADULT'], 'S-4').allowed).toBe(true);
  });

  it('R-GRP-2 a refused assignment is CASE_MANAGER_NOT_IN_GROUP (422)', () => {
    const e = domainErrorOf(() => assertCaseManagerAllowed([youthLA], 'LA-2703', ['ADULT'], 'S-1'));
    expect([e.code, e.status]).toEqual(['CASE_MANAGER_NOT_IN_GROUP', 422]);
    expect(codeOf(() => assertCaseManagerAllowed([youthLA], 'LA-2703', ['YOUTH'], 'S-1'))).toBeUndefined();
  });

  it("R-GRP-3 a group's cases: its office's cases whose case manager is a member", () => {
    expect(groupCaseScope(youthLA)).toEqual({ office: 'LA-2703', caseManagerIds: ['S-1', 'S-2'] });
    expect(inGroupScope(youthLA, { office: 'LA-2703', caseManagerId: 'S-2' })).toBe(true);
    expect(inGroupScope(youthLA, { office: 'LA-2703', caseManagerId: 'S-3' })).toBe(false);
    expect(inGroupScope(youthLA, { office: 'SD-0101', caseManagerId: 'S-1' })).toBe(false);
    expect(inGroupScope(youthLA, { office: 'LA-2703', caseManagerId: null })).toBe(false);
  });
});
