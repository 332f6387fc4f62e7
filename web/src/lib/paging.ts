/** The 1-based numbers of the first and last items page `page` (0-based) shows, or null when it shows none. */
export function pageRange(page: number, pageSize: number, total: number): { first: number; last: number } | null {
  if (page < 0 || pageSize <= 0 || page * pageSize >= total) return null;
  return { first: page * pageSize + 1, last: Math.min(total, (page + 1) * pageSize) };
}

/** Whether a next page exists after page `page` (0-based). */
export const hasNextPage = (page: number, pageSize: number, total: number): boolean => (page + 1) * pageSize < total;
