import { Suspense, lazy, useEffect, useState, type ComponentType } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { AuthProvider, completeSilentRenew, useAuth, type ConsoleConfig } from '../features/auth/AuthProvider';
import { SignInPage } from '../features/auth/SignInPage';
import { CallbackPage } from '../features/auth/CallbackPage';
import { CaseloadPage } from '../features/caseload/CaseloadPage';
import { IntakePage } from '../features/intake/IntakePage';
import { CasePage } from '../features/case/CasePage';
import { AlertsPage } from '../features/alerts/AlertsPage';
import { NotFoundPage } from './StaticPages';
import { Layout } from './Layout';

// Pages only some users open (and Recharts, which only the reports draw) load on first use, keeping the
// first page's JavaScript small (R-UI-1).
const ReportsPage = lazy(() => import('../features/reports/ReportsPage'));
const ImportsPage = lazy(() => import('../features/imports/ImportsPage'));
const GroupsPage = lazy(() => import('../features/groups/GroupsPage'));
const AlertSettingsPage = lazy(() => import('../features/settings/AlertSettingsPage'));
const lazyPage = (Page: ComponentType) => (
  <Suspense fallback={<p>Loading…</p>}>
    <Page />
  </Suspense>
);

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: 1, refetchOnWindowFocus: true, staleTime: 2_000 },
    mutations: { retry: false },
  },
});

/** The console's routes; every one but the OIDC callback needs a signed-in user. */
function AppRoutes() {
  const { token, ready } = useAuth();
  if (!ready) return <p className="grid-container padding-y-4">Loading…</p>;
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route path="/auth/callback" element={<CallbackPage />} />
        {token === null ? (
          <Route path="*" element={<SignInPage />} />
        ) : (
          <>
            <Route index element={<Navigate to="/caseload" replace />} />
            <Route path="/caseload" element={<CaseloadPage />} />
            <Route path="/intake" element={<IntakePage />} />
            <Route path="/cases/:id" element={<CasePage />} />
            <Route path="/alerts" element={<AlertsPage />} />
            <Route path="/reports" element={lazyPage(ReportsPage)} />
            <Route path="/imports" element={lazyPage(ImportsPage)} />
            <Route path="/groups" element={lazyPage(GroupsPage)} />
            <Route path="/settings/alerts" element={lazyPage(AlertSettingsPage)} />
            <Route path="*" element={<NotFoundPage />} />
          </>
        )}
      </Route>
    </Routes>
  );
}

export function App() {
  const [config, setConfig] = useState<ConsoleConfig | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    fetch('/console/config.json', { headers: { accept: 'application/json' } })
      .then((r) => (r.ok ? (r.json() as Promise<ConsoleConfig>) : Promise.reject(new Error(`the service answered ${r.status}`))))
      .then(setConfig, (err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  }, []);
  useEffect(() => {
    if (config && window.location.pathname === '/auth/silent-callback') void completeSilentRenew(config);
  }, [config]);
  if (window.location.pathname === '/auth/silent-callback') return null;
  if (error)
    return (
      <main className="grid-container padding-y-4">
        <h1>The console cannot start</h1>
        <div className="usa-alert usa-alert--error" role="alert">
          <div className="usa-alert__body">
            <p className="usa-alert__text">Its configuration could not be read: {error}. Reload the page to try again.</p>
          </div>
        </div>
      </main>
    );
  if (!config) return null;
  return (
    <QueryClientProvider client={queryClient}>
      <AuthProvider config={config}>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </AuthProvider>
    </QueryClientProvider>
  );
}
