import { Link } from 'react-router';
import { usePageTitle } from '../lib/page';

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
