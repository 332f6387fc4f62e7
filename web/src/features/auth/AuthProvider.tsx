/**
 * Who is signed in, and with what token (R-UI-2). Two ways in: the agency's OIDC issuer (oidc.ts), or,
 * outside production without OIDC, a development identity (the static API token of the same name, kept
 * in sessionStorage for the tab's life). The API's /api/v1/me says the staff id, role and offices.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { UserManager } from 'oidc-client-ts';
import { api, call, configureAuth, type Schemas } from '../../lib/api';

export type ConsoleConfig = Schemas['ConsoleConfig'];
export type Me = Schemas['Me'];

interface AuthState {
  config: ConsoleConfig;
  /** The access token (OIDC) or development token; null while signed out. */
  token: string | null;
  me: Me | undefined;
  /** True once we know whether someone is signed in. */
  ready: boolean;
  signInDev(identity: string): void;
  signIn(returnTo?: string): Promise<void>;
  signOut(): Promise<void>;
  /** OIDC: completes the redirect back from the issuer; the path to return to. */
  completeSignIn(): Promise<string>;
}

const AuthContext = createContext<AuthState | null>(null);
const DEV_KEY = 'wioa.console.devIdentity';

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

export const canWrite = (me: Me | undefined): boolean => me?.role === 'staff' || me?.role === 'supervisor';

export function AuthProvider({ config, children }: { config: ConsoleConfig; children: ReactNode }) {
  const queryClient = useQueryClient();
  const [token, setToken] = useState<string | null>(() => (config.devIdentities.length > 0 ? sessionStorage.getItem(DEV_KEY) : null));
  const [ready, setReady] = useState(config.oidc === null);
  const manager = useRef<Promise<UserManager> | null>(null);
  const tokenRef = useRef(token);
  tokenRef.current = token;

  const userManager = useCallback((): Promise<UserManager> => {
    if (!config.oidc) return Promise.reject(new Error('OIDC is not configured'));
    const settings = config.oidc;
    manager.current ??= import('./oidc').then(({ createUserManager }) => {
      const um = createUserManager(settings);
      // A renewed token replaces the old one in place: nothing on the page is unmounted, nothing typed is lost.
      um.events.addUserLoaded((user) => setToken(user.access_token));
      um.events.addUserUnloaded(() => setToken(null));
      um.events.addSilentRenewError(() => undefined);
      return um;
    });
    return manager.current;
  }, [config.oidc]);

  useEffect(() => {
    if (!config.oidc) return;
    let live = true;
    userManager()
      .then((um) => um.getUser())
      .then((user) => {
        if (live && user && !user.expired) setToken(user.access_token);
      })
      .catch(() => undefined)
      .finally(() => live && setReady(true));
    return () => {
      live = false;
    };
  }, [config.oidc, userManager]);

  // Set during render, not in an effect: the pages' first queries (their effects run before this
  // component's) must already carry the token.
  configureAuth(
    async () => {
      if (config.oidc && manager.current) {
        const user = await (await manager.current).getUser();
        return user?.access_token ?? tokenRef.current;
      }
      return tokenRef.current;
    },
    () => {
      // A token the API no longer accepts: OIDC tries a silent renewal first (the page stays as it is).
      if (config.oidc) void userManager().then((um) => um.signinSilent().catch(() => setToken(null)));
      else {
        sessionStorage.removeItem(DEV_KEY);
        setToken(null);
      }
    },
  );

  // One key whatever the token: a renewed token is the same person, and the header and every form that
  // depends on the role stay as they are while it is renewed (signing in as someone else clears the cache).
  const me = useQuery({
    queryKey: ['me'],
    enabled: token !== null,
    staleTime: 5 * 60_000,
    queryFn: () => call(api.GET('/api/v1/me')),
  });

  const value = useMemo<AuthState>(
    () => ({
      config,
      token,
      me: me.data,
      ready,
      signInDev(identity) {
        sessionStorage.setItem(DEV_KEY, identity);
        queryClient.clear();
        setToken(identity);
      },
      async signIn(returnTo = '/caseload') {
        const um = await userManager();
        await um.signinRedirect({ url_state: returnTo });
      },
      async signOut() {
        queryClient.clear();
        if (config.oidc) {
          const um = await userManager();
          const endSession = await um.metadataService.getEndSessionEndpoint().catch(() => undefined);
          if (endSession) {
            // The issuer ends its session and sends the browser back to `/`, signed out.
            const redirected = await um.signoutRedirect().then(
              () => true,
              () => false,
            );
            if (redirected) return;
          }
          await um.removeUser();
        }
        sessionStorage.removeItem(DEV_KEY);
        setToken(null);
      },
      async completeSignIn() {
        const um = await userManager();
        const user = await um.signinRedirectCallback();
        setToken(user.access_token);
        const back = user.url_state;
        return back && back.startsWith('/') && !back.startsWith('//') ? back : '/caseload';
      },
    }),
    [config, token, me.data, ready, queryClient, userManager],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

/** The silent renewal iframe's page: hands the issuer's answer to the console and renders nothing. */
export async function completeSilentRenew(config: ConsoleConfig): Promise<void> {
  if (!config.oidc) return;
  const { createUserManager } = await import('./oidc');
  await createUserManager(config.oidc).signinSilentCallback();
}
