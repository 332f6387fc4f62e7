import { useState } from 'react';
import { useLocation } from 'react-router';
import { useAuth } from './AuthProvider';
import { usePageTitle } from '../../lib/page';

/**
 * R-UI-2: "Sign in" through the agency's identity provider; outside production without OIDC, the
 * development identities; in production without OIDC, what must be configured, and nothing else.
 */
export function SignInPage() {
  const { config, signIn, signInDev } = useAuth();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  usePageTitle('Sign in');
  const returnTo = location.pathname === '/' || location.pathname.startsWith('/auth/') ? '/caseload' : location.pathname + location.search;
  return (
    <div className="padding-y-2">
      <h1>Sign in</h1>
      {error && (
        <div className="usa-alert usa-alert--error" role="alert">
          <div className="usa-alert__body">
            <h2 className="usa-alert__heading">Sign-in did not start</h2>
            <p className="usa-alert__text">{error}</p>
          </div>
        </div>
      )}
      {config.oidc ? (
        <>
          <p>Sign in with your agency account.</p>
          <button
            type="button"
            className="usa-button"
            onClick={() => {
              setError(null);
              signIn(returnTo).catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
            }}
          >
            Sign in
          </button>
        </>
      ) : config.devIdentities.length > 0 ? (
        <>
          <div className="usa-alert usa-alert--info usa-alert--slim">
            <div className="usa-alert__body">
              <p className="usa-alert__text">
                Development mode: no identity provider is configured (OIDC_ISSUER, OIDC_CLIENT_ID), so you can sign in as one of the development identities.
              </p>
            </div>
          </div>
          <ul className="usa-button-group margin-top-3">
            {config.devIdentities.map((identity) => (
              <li className="usa-button-group__item" key={identity}>
                <button type="button" className="usa-button" onClick={() => signInDev(identity)}>
                  Sign in as {identity}
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <div className="usa-alert usa-alert--warning">
          <div className="usa-alert__body">
            <h2 className="usa-alert__heading">The agency&apos;s identity provider must be configured</h2>
            <p className="usa-alert__text">
              Staff sign in through the agency&apos;s OpenID Connect provider. An administrator sets <code>OIDC_ISSUER</code>, <code>OIDC_AUDIENCE</code> and{' '}
              <code>OIDC_CLIENT_ID</code> (a public client whose redirect URI is <code>{window.location.origin}/auth/callback</code>) and restarts the service.
              Static API tokens are for service accounts, not for the console.
            </p>
          </div>
        </div>
      )}
    </div>
  );
}
