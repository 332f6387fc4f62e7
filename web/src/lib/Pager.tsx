import { hasNextPage } from './paging';

/** Previous / next page buttons for a paged table, in a labelled navigation landmark; nothing when one page holds all. */
export function Pager({
  label,
  page,
  pageSize,
  total,
  onPage,
}: {
  label: string;
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
}) {
  if (total <= pageSize && page === 0) return null;
  return (
    <nav aria-label={label} className="margin-top-2">
      <ul className="usa-button-group">
        <li className="usa-button-group__item">
          <button type="button" className="usa-button usa-button--outline" disabled={page === 0} onClick={() => onPage(page - 1)}>
            Previous page
          </button>
        </li>
        <li className="usa-button-group__item">
          <button type="button" className="usa-button usa-button--outline" disabled={!hasNextPage(page, pageSize, total)} onClick={() => onPage(page + 1)}>
            Next page
          </button>
        </li>
      </ul>
    </nav>
  );
}
