/**
 * R-DCR-1/2 projection: each change request of the view (status, who decided, when) and the free
 * text of the batch (a request's reason, a rejection's reason: PII, written only here).
 */
import type { Prisma } from '../generated/prisma/client';
import type { ApplicationView } from '../workflows/application/contract';
import type { PendingChangeRequestText } from '../workflows/application/projection-contract';

/**
 * Upserts the view's change requests (only when the view itself was applied, so an older batch never
 * moves a status back) and stores the batch's texts (idempotent: the same text lands in the same column).
 */
export async function projectChangeRequests(
  tx: Prisma.TransactionClient,
  view: ApplicationView,
  texts: readonly PendingChangeRequestText[],
  viewApplied: boolean,
): Promise<void> {
  const reasons = new Map(texts.filter((t) => t.kind === 'request').map((t) => [t.changeRequestId, t.text]));
  const rejections = new Map(texts.filter((t) => t.kind === 'rejection').map((t) => [t.changeRequestId, t.text]));
  const requests = view.changeRequests ?? [];
  if (requests.length === 0) return;
  // One read, then writes only for new rows, changed statuses and texts.
  const projected = new Map(
    (await tx.changeRequest.findMany({ where: { applicationId: view.id }, select: { id: true, status: true } })).map((r) => [r.id, r.status]),
  );
  for (const r of requests) {
    const hasText = reasons.has(r.id) || rejections.has(r.id);
    if (!hasText && projected.get(r.id) === r.status) continue;
    if (!viewApplied && !hasText) continue;
    const data = {
      applicationId: view.id,
      targetKind: r.target.kind,
      activityId: r.target.kind === 'activity' ? r.target.activityId : null,
      changes: r.changes as Prisma.InputJsonValue,
      status: r.status,
      requestedBy: r.requestedBy,
      requestedAt: new Date(r.requestedAt),
      decidedBy: r.decidedBy,
      decidedAt: r.decidedAt ? new Date(r.decidedAt) : null,
    };
    const text = {
      ...(reasons.has(r.id) ? { reason: reasons.get(r.id) as string } : {}),
      ...(rejections.has(r.id) ? { rejectionReason: rejections.get(r.id) as string } : {}),
    };
    await tx.changeRequest.upsert({
      where: { id: r.id },
      create: { id: r.id, ...data, ...text },
      update: viewApplied ? { ...data, ...text } : text,
    });
  }
}
