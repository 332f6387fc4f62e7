/**
 * R-TIMELY-3 source: every dated entry of an application with its timeliness (R-TIMELY-1/2), as rows
 * of `timed_entries`. One function enumerates them, so another kind of entry is one more line in
 * {@link timedEntriesOf}.
 */
import type { Prisma } from '../generated/prisma/client';
import type { ApplicationView } from '../workflows/application/contract';
import type { PendingCaseNote } from '../workflows/application/projection-contract';
import type { TimedEntryKind } from '../domain/timeliness';

export interface TimedEntryRow {
  applicationId: string;
  office: string;
  kind: TimedEntryKind;
  entryId: string;
  staffId: string;
  datedOn: string;
  enteredOn: string;
  late: boolean;
}

/**
 * The timed entries of an application: those of its view (activity begins and closes, the closure,
 * follow-up completions, credentials, skill gains, plan entries) and the case notes of the batch (case notes are not in the view). Entries
 * recorded before timeliness existed carry no `enteredOn` and are left out.
 */
export function timedEntriesOf(view: ApplicationView, caseNotes: readonly PendingCaseNote[]): TimedEntryRow[] {
  const rows: TimedEntryRow[] = [];
  const add = (
    kind: TimedEntryKind,
    entryId: string,
    e: { datedOn: string; enteredOn?: string | undefined; late?: boolean | undefined; staffId: string } | undefined,
  ): void => {
    if (!e || e.enteredOn === undefined || e.late === undefined) return;
    rows.push({ applicationId: view.id, office: view.office, kind, entryId, staffId: e.staffId, datedOn: e.datedOn, enteredOn: e.enteredOn, late: e.late });
  };
  for (const a of view.activities) {
    const { begin, close } = a.entries ?? {};
    add('activity', a.id, begin && { ...begin, staffId: begin.enteredBy });
    add('activity_close', a.id, close && { ...close, staffId: close.enteredBy });
  }
  const c = view.closure;
  if (c?.datedOn) add('closure', 'closure', { datedOn: c.datedOn, enteredOn: c.enteredOn, late: c.late, staffId: c.recordedBy });
  for (const f of view.followUps) {
    if (f.completion)
      add('follow_up', `q${f.quarter}`, { datedOn: f.completion.actualDate, enteredOn: f.enteredOn, late: f.late, staffId: f.completion.recordedBy });
  }
  for (const cr of view.credentials ?? []) add('credential', cr.id, { datedOn: cr.attainedOn, enteredOn: cr.enteredOn, late: cr.late, staffId: cr.recordedBy });
  for (const g of view.skillGains ?? []) add('skill_gain', g.id, { datedOn: g.achievedOn, enteredOn: g.enteredOn, late: g.late, staffId: g.recordedBy });
  // R-IEP-*: every plan entry (start, goal, goal completion, objective, review, close by staff). The
  // close an exit makes is the system's, not an entry anybody was late with: not counted.
  for (const p of view.plans ?? []) {
    add('plan_entry', `plan:${p.id}`, { datedOn: p.startDate, enteredOn: p.enteredOn, late: p.late, staffId: p.recordedBy });
    if (p.closure && p.closedOn && p.closedReason === 'manual') {
      add('plan_entry', `plan-close:${p.id}`, { datedOn: p.closedOn, enteredOn: p.closure.enteredOn, late: p.closure.late, staffId: p.closure.recordedBy });
    }
    for (const g of p.goals) {
      add('plan_entry', `goal:${g.id}`, { datedOn: g.dateEstablished, enteredOn: g.enteredOn, late: g.late, staffId: g.recordedBy });
      if (g.completion && g.actualCompletionDate) {
        add('plan_entry', `goal-complete:${g.id}`, {
          datedOn: g.actualCompletionDate,
          enteredOn: g.completion.enteredOn,
          late: g.completion.late,
          staffId: g.completion.recordedBy,
        });
      }
      for (const o of g.objectives) {
        add('plan_entry', `objective:${o.id}`, { datedOn: o.dateEstablished, enteredOn: o.enteredOn, late: o.late, staffId: o.recordedBy });
        for (const r of o.reviews) add('plan_entry', `review:${r.id}`, { datedOn: r.reviewedOn, enteredOn: r.enteredOn, late: r.late, staffId: r.recordedBy });
      }
    }
  }
  for (const n of caseNotes) add('case_note', n.id, { datedOn: n.contactDate, enteredOn: n.enteredOn, late: n.late, staffId: n.createdBy });
  return rows;
}

const day = (d: string): Date => new Date(`${d}T00:00:00.000Z`);

/** Writes the entries not projected yet (entries never change once entered: insert, skip duplicates). */
export async function projectTimedEntries(tx: Prisma.TransactionClient, view: ApplicationView, caseNotes: readonly PendingCaseNote[]): Promise<void> {
  const rows = timedEntriesOf(view, caseNotes);
  if (rows.length === 0) return;
  await tx.timedEntry.createMany({
    data: rows.map((r) => ({ ...r, datedOn: day(r.datedOn), enteredOn: day(r.enteredOn) })),
    skipDuplicates: true,
  });
}
