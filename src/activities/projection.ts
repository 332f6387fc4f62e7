import { Prisma } from '../generated/prisma/client';
import type { ActivityDeps } from './index';
import type { ApplicationView } from '../workflows/application/contract';

/** A calendar date (YYYY-MM-DD) as the Date Prisma stores in a `@db.Date` column. */
export const dbDate = (d: string | null | undefined): Date | null => (d ? new Date(`${d}T00:00:00.000Z`) : null);
const dbInstant = (s: string | null | undefined): Date | null => (s ? new Date(s) : null);

function applicationRow(view: ApplicationView) {
  return {
    participantId: view.participantId,
    programs: view.programs,
    office: view.office,
    caseManagerId: view.caseManagerId,
    status: view.status,
    participationDate: dbDate(view.participationDate),
    lastServiceDate: dbDate(view.lastServiceDate),
    exitClockState: view.exitClock.state,
    softExitDate: dbDate(view.exitClock.softExitDate),
    softExitAt: dbInstant(view.exitClock.softExitAt),
    exitType: view.exit?.type ?? null,
    exitDate: dbDate(view.exit?.exitDate),
    exitedAt: dbInstant(view.exit?.exitedAt),
    view: view as unknown as Prisma.InputJsonValue,
    version: view.version,
  };
}

export function createProjectionActivities({ db }: ActivityDeps) {
  /**
   * Projects the application view into PostgreSQL. Idempotent and order-safe: a row is only
   * overwritten by a strictly newer version, so retries and replays never move it backwards.
   */
  async function projectApplication(view: ApplicationView): Promise<{ applied: boolean }> {
    const row = applicationRow(view);
    const update = () =>
      db.application.updateMany({ where: { id: view.id, version: { lt: view.version } }, data: row });
    if ((await update()).count > 0) return { applied: true };
    try {
      await db.application.create({ data: { id: view.id, ...row } });
      return { applied: true };
    } catch (err) {
      // Already there (a concurrent or earlier projection): keep whichever version is newer.
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
        return { applied: (await update()).count > 0 };
      }
      throw err;
    }
  }

  return { projectApplication };
}
