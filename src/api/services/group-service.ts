/**
 * Case management groups (SPEC §9 R-GRP-1 … R-GRP-3) in PostgreSQL. The rules are in
 * src/domain/case-management-groups.ts; this service loads, stores and asks them.
 */
import { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../db/client';
import type { Actor } from '../../workflows/application/contract';
import type { Program } from '../../domain/enums';
import { DomainError } from '../../domain/errors';
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

export class GroupService {
  /** `knownStaffIds` = the staff ids of API_TOKENS (SPEC §9: staff are the staff ids of API_TOKENS). */
  constructor(
    private readonly db: Db,
    private readonly knownStaffIds: ReadonlySet<string>,
  ) {}

  private nameTaken(draft: GroupDraft): DomainError {
    return new DomainError('GROUP_NAME_TAKEN', `office ${draft.office} already has a group named '${draft.name}'`, { office: draft.office });
  }

  /** R-GRP-1: 422 UNKNOWN_STAFF / GROUP_LEAD_NOT_MEMBER, 409 GROUP_NAME_TAKEN. */
  async create(actor: Actor, draft: GroupDraft): Promise<GroupView> {
    const g = validateGroup(draft, this.knownStaffIds);
    try {
      const row = await this.db.caseManagementGroup.create({
        data: { ...g, programs: [...g.programs], memberStaffIds: [...g.memberStaffIds], nameKey: groupNameKey(g.name), createdBy: actor.staffId, updatedBy: actor.staffId },
      });
      return toView(row);
    } catch (err) {
      if (isUniqueViolation(err)) throw this.nameTaken(g);
      throw err;
    }
  }

  /** R-GRP-1: replaces name, office, programs, lead and members; 404 GROUP_NOT_FOUND. */
  async replace(actor: Actor, groupId: string, body: Omit<GroupDraft, 'office'> & { office?: string | undefined }): Promise<GroupView> {
    const office = body.office ?? (await this.get(groupId)).office;
    const g = validateGroup({ ...body, office }, this.knownStaffIds);
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

  async get(groupId: string): Promise<GroupView> {
    const row = await this.db.caseManagementGroup.findUnique({ where: { id: groupId } });
    if (!row) throw this.notFound(groupId);
    return toView(row);
  }

  async list(office?: string): Promise<{ items: GroupView[]; total: number }> {
    const rows = await this.db.caseManagementGroup.findMany({
      where: office ? { office: officeKey(office) } : {},
      orderBy: [{ office: 'asc' }, { nameKey: 'asc' }],
    });
    return { items: rows.map(toView), total: rows.length };
  }

  /** R-GRP-2, before the workflow is touched: 422 CASE_MANAGER_NOT_IN_GROUP. */
  async assertCaseManager(office: string, programs: readonly Program[], staffId: string): Promise<void> {
    const groups = await this.db.caseManagementGroup.findMany({ where: { office: officeKey(office) } });
    assertCaseManagerAllowed(groups.map(toView), office, programs, staffId);
  }

  /** R-GRP-3: the group's office and members (404 for an unknown group). */
  async scope(groupId: string): Promise<{ office: string; caseManagerIds: string[] }> {
    return groupCaseScope(await this.get(groupId));
  }
}
