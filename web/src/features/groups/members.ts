/** Staff ids as typed into a group's form: commas, spaces or new lines between them. Pure, unit-tested in test/web. */

/** The distinct staff ids of a typed list, in the order typed. */
export function parseStaffIds(text: string): string[] {
  const seen = new Set<string>();
  for (const id of text.split(/[\s,;]+/)) if (id) seen.add(id);
  return [...seen];
}

/** The members to send: the typed ones, with the lead among them (R-GRP-1: the lead is a member). */
export function membersWithLead(members: readonly string[], lead: string): string[] {
  const l = lead.trim();
  return l && !members.includes(l) ? [l, ...members] : [...members];
}
