import type { Db } from '../../db/client';
import type { OfficeScope } from '../../config';

export interface TimelinessReportFilter {
  from: string;
  to: string;
  office?: string;
}

export interface TimelinessCounts {
  entries: number;
  lateEntries: number;
  onTimeRate: number;
}

const day = (d: string): Date => new Date(`${d}T00:00:00.000Z`);
const counts = (entries: number, lateEntries: number): TimelinessCounts => ({
  entries,
  lateEntries,
  onTimeRate: entries === 0 ? 1 : Math.round(((entries - lateEntries) / entries) * 10_000) / 10_000,
});

/**
 * R-TIMELY-3: per staff member, the entries they entered in [from, to] (agency-local entry dates),
 * how many were late, and the on-time rate, from the `timed_entries` projection.
 */
export class TimelinessReportService {
  constructor(private readonly db: Db) {}

  /** R-AUTH-2: only the entries of the caller's offices (`offices`). */
  async report(filter: TimelinessReportFilter, offices: OfficeScope) {
    const where = {
      enteredOn: { gte: day(filter.from), lte: day(filter.to) },
      AND: [...(filter.office ? [{ office: filter.office }] : []), ...(offices !== '*' ? [{ office: { in: [...offices] } }] : [])],
    };
    const groups = await this.db.timedEntry.groupBy({
      by: ['staffId', 'kind', 'late'],
      where,
      _count: { _all: true },
      orderBy: [{ staffId: 'asc' }, { kind: 'asc' }],
    });
    const staff = new Map<string, { entries: number; late: number; byKind: Record<string, { entries: number; lateEntries: number }> }>();
    for (const g of groups) {
      const s = staff.get(g.staffId) ?? { entries: 0, late: 0, byKind: {} };
      const k = (s.byKind[g.kind] ??= { entries: 0, lateEntries: 0 });
      const n = g._count._all;
      s.entries += n;
      k.entries += n;
      if (g.late) {
        s.late += n;
        k.lateEntries += n;
      }
      staff.set(g.staffId, s);
    }
    const items = [...staff.entries()].map(([staffId, s]) => ({ staffId, ...counts(s.entries, s.late), byKind: s.byKind }));
    const entries = items.reduce((n, i) => n + i.entries, 0);
    const late = items.reduce((n, i) => n + i.lateEntries, 0);
    return { from: filter.from, to: filter.to, office: filter.office ?? null, items, total: counts(entries, late) };
  }
}
