/**
 * The API's PostgreSQL side of applications: the caseload, the alerts and the audit trail, read from
 * the projection the worker writes (lists never hit the workflows). The live view of one case comes
 * from its workflow (application-gateway.ts).
 */
import type { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../db/client';
import type { ApplicationView } from '../../workflows/application/contract';
import type { AlertStatus } from '../../domain/enums';
import type { OfficeScope } from '../../config';
import type { Caller } from '../auth';
import { ProblemError } from '../problem';
import { type ApplicationGateway, recount } from './application-gateway';

export interface ApplicationReadModelDeps {
  db: Db;
  agencyTimeZone: string;
  /** The current instant: the server clock, or the time-skipping server's clock in sandbox mode. */
  now: () => Promise<number>;
  /** The live side, for the 404 of an unknown application (the audit trail of no case is not an empty list). */
  gateway: Pick<ApplicationGateway, 'get'>;
  /** R-GRP-3: a group's office and members (404 for an unknown group, or one outside the caller's offices). */
  groupScope?: (groupId: string, offices: OfficeScope) => Promise<{ office: string; caseManagerIds: string[] }>;
}

export type CaseloadItem = ApplicationView & { participant: { firstName: string; lastName: string; pirlId: string } };

export interface CaseloadFilter {
  caseManagerId?: string;
  office?: string;
  status?: string;
  softExitBefore?: string;
  followUpStatus?: string;
  followUpDueAfter?: string;
  followUpDueBefore?: string;
  groupId?: string;
  /** A last-name prefix (any case) or an exact PIRL id. */
  q?: string;
  program?: string;
  limit: number;
  offset: number;
}

/** PIRL ids are 12 characters of [0-9A-Z] (R-RPT-8): only such a search term can be one. */
const PIRL_ID = /^[0-9A-Z]{12}$/;

export interface AlertFilter {
  caseManagerId?: string;
  type?: string;
  status: AlertStatus;
  groupId?: string;
  limit: number;
  offset: number;
}

const day = (d: string): Date => new Date(`${d}T00:00:00.000Z`);

export class ApplicationReadModel {
  constructor(private readonly deps: ApplicationReadModelDeps) {}

  /** Caseload from the PostgreSQL projection (lists never hit the workflows); R-AUTH-2: the caller's offices only. */
  async list(filter: CaseloadFilter, offices: OfficeScope): Promise<{ items: CaseloadItem[]; total: number; limit: number; offset: number }> {
    const q = filter.q?.trim();
    const where: Prisma.ApplicationWhereInput = {
      ...(offices !== '*' ? { AND: [{ office: { in: [...offices] } }] } : {}),
      ...(filter.caseManagerId ? { caseManagerId: filter.caseManagerId } : {}),
      ...(filter.office ? { office: filter.office } : {}),
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.softExitBefore ? { softExitDate: { lt: day(filter.softExitBefore) } } : {}),
      ...(filter.program ? { programs: { has: filter.program } } : {}),
      ...(q
        ? {
            participant: {
              // Prisma passes the operand to ILIKE as it is: its wildcards (and PostgreSQL's escape
              // character) are escaped so that "O_B%" finds only names that start with it.
              OR: [
                { lastName: { startsWith: q.replace(/[\\%_]/g, '\\$&'), mode: 'insensitive' as const } },
                ...(PIRL_ID.test(q.toUpperCase()) ? [{ pirlId: q.toUpperCase() }] : []),
              ],
            },
          }
        : {}),
      ...(filter.followUpStatus || filter.followUpDueAfter || filter.followUpDueBefore
        ? {
            followUps: {
              some: {
                ...(filter.followUpStatus ? { status: filter.followUpStatus } : {}),
                ...(filter.followUpDueAfter || filter.followUpDueBefore
                  ? {
                      dueDate: {
                        ...(filter.followUpDueAfter ? { gte: day(filter.followUpDueAfter) } : {}),
                        ...(filter.followUpDueBefore ? { lte: day(filter.followUpDueBefore) } : {}),
                      },
                    }
                  : {}),
              },
            },
          }
        : {}),
    };
    if (filter.groupId) {
      const group = await this.groupWhere(filter.groupId, offices, (scope) => [{ office: scope.office }, { caseManagerId: { in: scope.caseManagerIds } }]);
      where.AND = [...((where.AND as Prisma.ApplicationWhereInput[] | undefined) ?? []), ...group.AND];
    }
    const [rows, total] = await Promise.all([
      this.deps.db.application.findMany({
        where,
        orderBy: [{ softExitAt: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }],
        take: filter.limit,
        skip: filter.offset,
        select: { view: true, participant: { select: { firstName: true, lastName: true, pirlId: true } } },
      }),
      this.deps.db.application.count({ where }),
    ]);
    const now = await this.deps.now();
    const items = rows.map((r) => ({ ...recount(r.view as unknown as ApplicationView, now, this.deps.agencyTimeZone), participant: r.participant }));
    return { items, total, limit: filter.limit, offset: filter.offset };
  }

  /** Caseload alerts from the projection (SPEC "Alerts"); R-AUTH-2: of the caller's offices only. */
  async alerts(filter: AlertFilter, offices: OfficeScope) {
    const where: Prisma.AlertWhereInput = {
      status: filter.status,
      ...(filter.caseManagerId ? { caseManagerId: filter.caseManagerId } : {}),
      ...(filter.type ? { type: filter.type } : {}),
      AND: [
        ...(offices !== '*' ? [{ application: { office: { in: [...offices] } } }] : []),
        ...(filter.groupId
          ? (
              await this.groupWhere(filter.groupId, offices, (scope) => [
                { application: { office: scope.office } },
                { caseManagerId: { in: scope.caseManagerIds } },
              ])
            ).AND
          : []),
      ],
    };
    const [rows, total] = await Promise.all([
      this.deps.db.alert.findMany({ where, orderBy: [{ raisedAt: 'asc' }, { id: 'asc' }], take: filter.limit, skip: filter.offset }),
      this.deps.db.alert.count({ where }),
    ]);
    const items = rows.map((a) => {
      const { since, ...detail } = a.detail as Record<string, unknown>;
      return {
        applicationId: a.applicationId,
        type: a.type,
        subjectKey: a.subjectKey,
        status: a.status,
        caseManagerId: a.caseManagerId,
        since: typeof since === 'string' ? since : null,
        detail,
        raisedAt: a.raisedAt.toISOString(),
        resolvedAt: a.resolvedAt?.toISOString() ?? null,
      };
    });
    return { items, total, limit: filter.limit, offset: filter.offset };
  }

  /** The audit trail: every accepted command, who, when (from PostgreSQL). */
  async history(id: string, caller: Caller) {
    await this.deps.gateway.get(id, caller); // 404 for unknown ids and for cases outside the caller's offices
    const entries = await this.deps.db.auditEntry.findMany({ where: { applicationId: id }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
    return entries.map((e) => ({
      commandId: e.commandId,
      command: e.command,
      actorId: e.actorId,
      actorRole: e.actorRole,
      at: e.at.toISOString(),
      details: e.payload as Record<string, unknown>,
    }));
  }

  /** R-GRP-3: `AND` conditions for the cases of a group (its office, a member as case manager). */
  private async groupWhere<W>(
    groupId: string,
    offices: OfficeScope,
    where: (scope: { office: string; caseManagerIds: string[] }) => W[],
  ): Promise<{ AND: W[] }> {
    if (!this.deps.groupScope) throw new ProblemError(400, 'GROUPS_UNAVAILABLE', 'groupId is not supported here');
    return { AND: where(await this.deps.groupScope(groupId, offices)) };
  }
}
