import { Link } from 'react-router';
import { usePageTitle } from '../lib/page';

/** A screen of the console's next part (SPEC §13 R-UI-7…9): its link works, the API already serves its data. */
export function NotYetPage({ title }: { title: string }) {
  usePageTitle(title);
  return (
    <>
      <h1>{title}</h1>
      <div className="usa-alert usa-alert--info">
        <div className="usa-alert__body">
          <p className="usa-alert__text">
            This screen is not in the console yet. The API serves its data today (see <a href="/docs">the API documentation</a>).
          </p>
        </div>
      </div>
    </>
  );
}

export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <>
      <h1>Page not found</h1>
      <p>
        There is no such page. Go to the <Link to="/caseload">caseload</Link>.
      </p>
    </>
  );
}
