/**
 * Case management groups (SPEC §9, R-GRP-1 … R-GRP-3): which staff may carry which cases.
 *
 * A group belongs to one office, serves one or more programs, has members (staff ids of API_TOKENS)
 * and a lead who is one of the members. The rules here are pure: the API loads the groups from
 * PostgreSQL and asks.
 *
 * - R-GRP-1 {@link validateGroup}: the lead is a member (`GROUP_LEAD_NOT_MEMBER`), every staff id is
 *   known (`UNKNOWN_STAFF`). Names are unique per office, compared by {@link groupNameKey} (trimmed,
 *   inner white space collapsed, case-insensitive: "Youth Team" and "youth  team" are one name); the
 *   uniqueness itself is a database constraint (`GROUP_NAME_TAKEN`).
 * - R-GRP-2 {@link caseManagerAssignment}: in an office with at least one group, a case manager must
 *   be a member of a group of that office serving at least one of the application's programs
 *   (`CASE_MANAGER_NOT_IN_GROUP`); an office without groups keeps free assignment.
 * - R-GRP-3 {@link groupCaseScope}: a group's cases are the cases of its office whose case manager
 *   is one of its members.
 */
import { DomainError } from './errors';
import type { Program } from './enums';

export interface CaseManagementGroup {
  id: string;
  name: string;
  office: string;
  programs: readonly Program[];
  leadStaffId: string;
  memberStaffIds: readonly string[];
}

export type GroupDraft = Omit<CaseManagementGroup, 'id'>;

/** The form of a group name two names are compared in (unique per office). */
export function groupNameKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Office codes compare as written, without surrounding white space. */
export function officeKey(office: string): string {
  return office.trim();
}

/**
 * R-GRP-1: a group as a supervisor may save it. Returns it normalised (members deduplicated in their
 * given order, programs deduplicated). `knownStaffIds` = the staff ids of API_TOKENS.
 */
export function validateGroup(draft: GroupDraft, knownStaffIds: ReadonlySet<string>): GroupDraft {
  const members = [...new Set(draft.memberStaffIds)];
  const programs = [...new Set(draft.programs)];
  const unknown = [...new Set([...members, draft.leadStaffId])].filter((s) => !knownStaffIds.has(s));
  if (unknown.length > 0) {
    throw new DomainError('UNKNOWN_STAFF', `unknown staff id(s): ${unknown.join(', ')}`, { staffIds: unknown.join(',') });
  }
  if (!members.includes(draft.leadStaffId)) {
    throw new DomainError('GROUP_LEAD_NOT_MEMBER', `the group lead ${draft.leadStaffId} must be one of the members`, { leadStaffId: draft.leadStaffId });
  }
  return { name: draft.name.trim().replace(/\s+/g, ' '), office: officeKey(draft.office), programs, leadStaffId: draft.leadStaffId, memberStaffIds: members };
}

export type AssignmentDecision =
  | { allowed: true; reason: 'office_without_groups' | 'member_of_group'; groupIds: string[] }
  | { allowed: false; reason: 'not_in_a_group_serving_the_programs' };

/**
 * R-GRP-2: may `staffId` be the case manager of an application of `office` enrolled in `programs`?
 * `groups` may hold groups of any office; only those of `office` count.
 */
export function caseManagerAssignment(
  groups: readonly CaseManagementGroup[],
  office: string,
  programs: readonly Program[],
  staffId: string,
): AssignmentDecision {
  const ofOffice = groups.filter((g) => officeKey(g.office) === officeKey(office));
  if (ofOffice.length === 0) return { allowed: true, reason: 'office_without_groups', groupIds: [] };
  const serving = ofOffice.filter((g) => g.memberStaffIds.includes(staffId) && g.programs.some((p) => programs.includes(p)));
  if (serving.length === 0) return { allowed: false, reason: 'not_in_a_group_serving_the_programs' };
  return { allowed: true, reason: 'member_of_group', groupIds: serving.map((g) => g.id) };
}

/** R-GRP-2 as a check: throws `CASE_MANAGER_NOT_IN_GROUP` (422) when the assignment is refused. */
export function assertCaseManagerAllowed(groups: readonly CaseManagementGroup[], office: string, programs: readonly Program[], staffId: string): void {
  const decision = caseManagerAssignment(groups, office, programs, staffId);
  if (!decision.allowed) {
    throw new DomainError(
      'CASE_MANAGER_NOT_IN_GROUP',
      `office ${officeKey(office)} has case management groups: ${staffId} must be a member of one of them serving ${programs.join(' or ')}`,
      { office: officeKey(office), staffId },
    );
  }
}

/** R-GRP-3: the cases of a group = its office's cases whose case manager is one of its members. */
export function groupCaseScope(group: Pick<CaseManagementGroup, 'office' | 'memberStaffIds'>): { office: string; caseManagerIds: string[] } {
  return { office: officeKey(group.office), caseManagerIds: [...group.memberStaffIds] };
}

/** R-GRP-3 as a predicate (the API turns {@link groupCaseScope} into a database filter). */
export function inGroupScope(
  group: Pick<CaseManagementGroup, 'office' | 'memberStaffIds'>,
  application: { office: string; caseManagerId: string | null },
): boolean {
  const scope = groupCaseScope(group);
  return officeKey(application.office) === scope.office && application.caseManagerId !== null && scope.caseManagerIds.includes(application.caseManagerId);
}
