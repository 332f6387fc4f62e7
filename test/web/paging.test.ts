/** The console's paging arithmetic (the caseload and the access log page by 50). */
import { hasNextPage, pageRange } from '../../web/src/lib/paging';

describe('pageRange', () => {
  it('numbers the items a page shows, from 1', () => {
    expect(pageRange(0, 50, 120)).toEqual({ first: 1, last: 50 });
    expect(pageRange(1, 50, 120)).toEqual({ first: 51, last: 100 });
    expect(pageRange(2, 50, 120)).toEqual({ first: 101, last: 120 });
    expect(pageRange(0, 50, 1)).toEqual({ first: 1, last: 1 });
  });

  it('is null for a page that shows nothing', () => {
    expect(pageRange(0, 50, 0)).toBeNull();
    expect(pageRange(3, 50, 120)).toBeNull();
    expect(pageRange(-1, 50, 120)).toBeNull();
    expect(pageRange(0, 0, 120)).toBeNull();
  });
});

describe('hasNextPage', () => {
  it('is true while items remain after the page', () => {
    expect(hasNextPage(0, 50, 51)).toBe(true);
    expect(hasNextPage(0, 50, 50)).toBe(false);
    expect(hasNextPage(1, 50, 101)).toBe(true);
    expect(hasNextPage(2, 50, 120)).toBe(false);
  });
});
