import { useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { useAuth, canWrite } from '../features/auth/AuthProvider';
import { SandboxClock } from '../features/sandbox/SandboxClock';
import { OpenAlertCount } from '../features/notifications/OpenAlertCount';

/** Every page: the skip link, the header (who is signed in, the links), the sandbox clock, the page. */
export function Layout() {
  const { token, me, signOut, config } = useAuth();
  const { pathname } = useLocation();
  const signedIn = token !== null;
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  // After a navigation inside the console, keyboard and screen reader users start at the new page's
  // content, as after a full page load (the skip link still leads there from the top).
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [pathname, signedIn]);
  const links = [
    { to: '/caseload', label: 'Caseload', show: true },
    { to: '/alerts', label: 'Alerts', show: true },
    { to: '/reports', label: 'Reports', show: true },
    { to: '/intake', label: 'Intake', show: canWrite(me) },
    { to: '/imports', label: 'Import', show: me?.role === 'supervisor' },
    { to: '/groups', label: 'Groups', show: me?.role === 'supervisor' },
  ];
  return (
    <>
      <a className="usa-skipnav" href="#main-content">
        Skip to main content
      </a>
      <header className="console-header">
        <div className="grid-container console-header__inner">
          <p className="console-header__title">WIOA staff console</p>
          {token !== null && (
            <>
              <nav className="console-nav" aria-label="Main">
                <ul>
                  {links
                    .filter((l) => l.show)
                    .map((l) => (
                      <li key={l.to}>
                        <NavLink to={l.to}>{l.label}</NavLink>
                        {l.to === '/alerts' && <OpenAlertCount />}
                      </li>
                    ))}
                </ul>
              </nav>
              <div className="console-user">
                {me && (
                  <p className="margin-0">
                    <span className="usa-sr-only">Signed in as </span>
                    <span className="text-bold">{me.staffId}</span> · {me.role} · offices {me.offices.includes('*') ? 'all' : me.offices.join(', ')}
                  </p>
                )}
                <button type="button" className="usa-button usa-button--outline" onClick={() => void signOut()}>
                  Sign out
                </button>
              </div>
            </>
          )}
        </div>
      </header>
      {config.sandbox && token !== null && <SandboxClock />}
      <main id="main-content" ref={main} className="grid-container padding-y-3" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
