/**
 * §8 outcomes in PostgreSQL: the credential and skill-gain rows (with their documentation references,
 * PII kept out of the view) and each credential's R-CRED-4 `countsForCredentialRate` as of the view.
 */
import type { Prisma } from '../generated/prisma/client';
import type { FullBatch } from '../workflows/application/projection-contract';
import type { ApplicationView } from '../workflows/application/contract';

type Tx = Prisma.TransactionClient;
const dbDate = (d: string): Date => new Date(`${d}T00:00:00.000Z`);

/**
 * Inserts the rows the batch carries. The ids are the workflow's, so a retried or replayed batch
 * never duplicates a row: each accepted command is projected exactly once.
 */
export async function projectOutcomes(tx: Tx, view: ApplicationView, outcomes: Pick<FullBatch, 'credentials' | 'skillGains'>): Promise<void> {
  const applicationId = view.id;
  const rates = new Map((view.credentials ?? []).map((c) => [c.id, c.countsForCredentialRate]));
  if (outcomes.credentials.length > 0) {
    await tx.credential.createMany({
      data: outcomes.credentials.map((c) => ({
        id: c.id,
        applicationId,
        type: c.type,
        attainedOn: dbDate(c.attainedOn),
        activityId: c.activityId,
        verificationMethod: c.verification.method,
        documentationRef: c.documentationRef,
        recordedBy: c.recordedBy,
        recordedAt: new Date(c.recordedAt),
        enteredOn: dbDate(c.enteredOn),
        late: c.late,
        countsForCredentialRate: rates.get(c.id) ?? null,
      })),
      skipDuplicates: true,
    });
  }
  if (outcomes.skillGains.length > 0) {
    await tx.skillGain.createMany({
      data: outcomes.skillGains.map((g) => ({
        id: g.id,
        applicationId,
        type: g.type,
        achievedOn: dbDate(g.achievedOn),
        programYear: g.programYear,
        activityId: g.activityId,
        documentationRef: g.documentationRef,
        recordedBy: g.recordedBy,
        recordedAt: new Date(g.recordedAt),
        enteredOn: dbDate(g.enteredOn),
        late: g.late,
      })),
      skipDuplicates: true,
    });
  }
}

/**
 * R-CRED-4: keeps counts_for_credential_rate as the view says; called only when the view was applied
 * (a newer one), so an older view never moves it back.
 */
export async function projectCredentialRates(tx: Tx, view: ApplicationView): Promise<void> {
  const credentials = view.credentials ?? []; // views from before §8 have none
  if (credentials.length === 0) return;
  const rows = await tx.credential.findMany({ where: { applicationId: view.id }, select: { id: true, countsForCredentialRate: true } });
  const stored = new Map(rows.map((r) => [r.id, r.countsForCredentialRate]));
  for (const c of credentials) {
    if (stored.has(c.id) && stored.get(c.id) !== c.countsForCredentialRate) {
      await tx.credential.update({ where: { id: c.id }, data: { countsForCredentialRate: c.countsForCredentialRate } });
    }
  }
}
