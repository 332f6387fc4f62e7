import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useAuth } from './AuthProvider';
import { usePageTitle } from '../../lib/page';

/** Where the issuer sends the browser back (R-UI-2: redirect URI `<origin>/auth/callback`). */
export function CallbackPage() {
  const { completeSignIn } = useAuth();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);
  usePageTitle('Signing in');
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    completeSignIn().then(
      (to) => navigate(to, { replace: true }),
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    );
  }, [completeSignIn, navigate]);
  return (
    <div className="padding-y-2">
      <h1>Signing in</h1>
      {error ? (
        <div className="usa-alert usa-alert--error" role="alert">
          <div className="usa-alert__body">
            <p className="usa-alert__text">Sign-in failed: {error}</p>
            <p className="usa-alert__text">
              <a href="/">Start again</a>
            </p>
          </div>
        </div>
      ) : (
        <p>Completing sign-in…</p>
      )}
    </div>
  );
}
