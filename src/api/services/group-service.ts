/**
 * Case management groups (SPEC §9 R-GRP-1 … R-GRP-3) in PostgreSQL. The rules are in
 * src/domain/case-management-groups.ts; this service loads, stores and asks them.
 */
import { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../db/client';
import type { Actor } from '../../workflows/application/contract';
import type { Program } from '../../domain/enums';
import type { OfficeScope } from '../../config';
import { DomainError } from '../../domain/errors';
import { ProblemError } from '../problem';
import {
  type CaseManagementGroup,
  type GroupDraft,
  assertCaseManagerAllowed,
  groupCaseScope,
  groupNameKey,
  officeKey,
  validateGroup,
} from '../../domain/case-management-groups';

type Row = Prisma.CaseManagementGroupGetPayload<object>;

export interface GroupView extends CaseManagementGroup {
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

const toView = (r: Row): GroupView => ({
  id: r.id,
  name: r.name,
  office: r.office,
  programs: r.programs as Program[],
  leadStaffId: r.leadStaffId,
  memberStaffIds: r.memberStaffIds,
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
  updatedBy: r.updatedBy,
  updatedAt: r.updatedAt.toISOString(),
});

const isUniqueViolation = (err: unknown): boolean => err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';

/** A caller's offices (§11 R-AUTH-2): a supervisor manages groups only in their offices; lists hold only them. */
const inScope = (offices: OfficeScope, office: string): boolean => offices === '*' || offices.includes(office);

export class GroupService {
  /** `knownStaffIds(ids)` = those of `ids` the staff directory knows (§11 R-AUTH-2: API_TOKENS and OIDC callers). */
  constructor(
    private readonly db: Db,
    private readonly knownStaffIds: (ids: readonly string[]) => Promise<ReadonlySet<string>>,
  ) {}

  private async known(draft: GroupDraft): Promise<ReadonlySet<string>> {
    return this.knownStaffIds([...draft.memberStaffIds, draft.leadStaffId]);
  }

  /** R-AUTH-2: creating or moving a group into an office outside the caller's is 403 OFFICE_OUT_OF_SCOPE. */
  private assertManages(offices: OfficeScope, office: string): void {
    if (!inScope(offices, officeKey(office))) {
      throw new ProblemError(403, 'OFFICE_OUT_OF_SCOPE', `office ${officeKey(office)} is not one of your offices`);
    }
  }

  private nameTaken(draft: GroupDraft): DomainError {
    return new DomainError('GROUP_NAME_TAKEN', `office ${draft.office} already has a group named '${draft.name}'`, { office: draft.office });
  }

  /** R-GRP-1: 422 UNKNOWN_STAFF / GROUP_LEAD_NOT_MEMBER, 409 GROUP_NAME_TAKEN; R-AUTH-2: 403 OFFICE_OUT_OF_SCOPE. */
  async create(actor: Actor, draft: GroupDraft, offices: OfficeScope): Promise<GroupView> {
    this.assertManages(offices, draft.office);
    const g = validateGroup(draft, await this.known(draft));
    try {
      const row = await this.db.caseManagementGroup.create({
        data: {
          ...g,
          programs: [...g.programs],
          memberStaffIds: [...g.memberStaffIds],
          nameKey: groupNameKey(g.name),
          createdBy: actor.staffId,
          updatedBy: actor.staffId,
        },
      });
      return toView(row);
    } catch (err) {
      if (isUniqueViolation(err)) throw this.nameTaken(g);
      throw err;
    }
  }

  /** R-GRP-1: replaces name, office, programs, lead and members; 404 GROUP_NOT_FOUND. */
  async replace(actor: Actor, groupId: string, body: Omit<GroupDraft, 'office'> & { office?: string | undefined }, offices: OfficeScope): Promise<GroupView> {
    const office = (await this.get(groupId, offices)).office; // R-AUTH-2: a group of another office is not found
    if (body.office !== undefined) this.assertManages(offices, body.office);
    const g = validateGroup({ ...body, office: body.office ?? office }, await this.known({ ...body, office }));
    try {
      const row = await this.db.caseManagementGroup.update({
        where: { id: groupId },
        data: { ...g, programs: [...g.programs], memberStaffIds: [...g.memberStaffIds], nameKey: groupNameKey(g.name), updatedBy: actor.staffId },
      });
      return toView(row);
    } catch (err) {
      if (isUniqueViolation(err)) throw this.nameTaken(g);
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2025') throw this.notFound(groupId);
      throw err;
    }
  }

  private notFound(groupId: string): DomainError {
    return new DomainError('GROUP_NOT_FOUND', `no case management group ${groupId}`, { groupId });
  }

  /** One group; R-AUTH-2: a group of an office outside `offices` is not found, like an unknown id. */
  async get(groupId: string, offices: OfficeScope): Promise<GroupView> {
    const row = await this.db.caseManagementGroup.findUnique({ where: { id: groupId } });
    if (!row || !inScope(offices, row.office)) throw this.notFound(groupId);
    return toView(row);
  }

  /** R-AUTH-2: only the groups of the caller's offices. */
  async list(office: string | undefined, offices: OfficeScope): Promise<{ items: GroupView[]; total: number }> {
    const scope = offices === '*' ? {} : { office: { in: [...offices] } };
    const rows = await this.db.caseManagementGroup.findMany({
      where: office ? { AND: [{ office: officeKey(office) }, scope] } : scope,
      orderBy: [{ office: 'asc' }, { nameKey: 'asc' }],
    });
    return { items: rows.map(toView), total: rows.length };
  }

  /** R-GRP-2, before the workflow is touched: 422 CASE_MANAGER_NOT_IN_GROUP. */
  async assertCaseManager(office: string, programs: readonly Program[], staffId: string): Promise<void> {
    const groups = await this.db.caseManagementGroup.findMany({ where: { office: officeKey(office) } });
    assertCaseManagerAllowed(groups.map(toView), office, programs, staffId);
  }

  /** R-GRP-3: the group's office and members (404 for an unknown group, or one outside `offices`). */
  async scope(groupId: string, offices: OfficeScope): Promise<{ office: string; caseManagerIds: string[] }> {
    return groupCaseScope(await this.get(groupId, offices));
  }
}
