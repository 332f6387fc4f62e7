/**
 * SQL string literals, for the few statements that cannot take a value as a parameter: COPY takes no
 * parameters at all, and the codes the domain names (training types, programs, statuses) are part of
 * a report's fixed text rather than of each call. Standard strings (PostgreSQL's default
 * standard_conforming_strings): a single quote is doubled, a backslash is an ordinary character.
 */

/** `O'Brien` → `'O''Brien'`. */
export const sqlLiteral = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** The values as a comma-separated list of literals, for `IN (…)`: `'01', '05'`. An empty list is refused (`IN ()` is not SQL). */
export function sqlLiteralList(values: readonly string[], separator = ', '): string {
  if (values.length === 0) throw new Error('sqlLiteralList: no values (IN () is not SQL)');
  return values.map(sqlLiteral).join(separator);
}
