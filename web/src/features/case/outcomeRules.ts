/** What the outcomes section offers (R-MSG-1), as pure functions of the case's activities and the catalog. */

/**
 * The begun activities a skill gain can be earned in: those whose code the catalog marks
 * `skillGainEligible` (training or individualized). None until the catalog has loaded.
 */
export function skillGainActivities<A extends { code: string }>(
  begun: readonly A[],
  codes: readonly { code: string; skillGainEligible: boolean }[] | undefined,
): A[] {
  if (!codes) return [];
  const eligible = new Set(codes.filter((c) => c.skillGainEligible).map((c) => c.code));
  return begun.filter((a) => eligible.has(a.code));
}
