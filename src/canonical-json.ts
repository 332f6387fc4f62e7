/**
 * JSON with sorted keys, so equal values always give the same text: PostgreSQL's jsonb does not keep
 * key order, and two request bodies that differ only in key order are the same request. Keys whose
 * value is undefined are left out (as JSON.stringify does); a Date is its ISO instant.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value instanceof Date ? value.toISOString() : (value ?? null));
}
