/**
 * OIDC sign-in (R-UI-2) with oidc-client-ts: authorization code + PKCE as a public client, the user
 * (tokens) kept in sessionStorage only (never localStorage, never a cookie), renewed before it expires
 * (refresh token when the issuer grants one, else a silent iframe at /auth/silent-callback), and
 * sign-out through the issuer's end_session_endpoint when it has one. Loaded only when the service is
 * configured for OIDC, so the development sign-in does not download it.
 */
import { UserManager, WebStorageStateStore } from 'oidc-client-ts';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  resource?: string;
}

export const CALLBACK_PATH = '/auth/callback';
export const SILENT_CALLBACK_PATH = '/auth/silent-callback';

export function createUserManager(settings: OidcSettings): UserManager {
  const origin = window.location.origin;
  const store = new WebStorageStateStore({ store: window.sessionStorage });
  return new UserManager({
    authority: settings.issuer,
    client_id: settings.clientId,
    redirect_uri: `${origin}${CALLBACK_PATH}`,
    silent_redirect_uri: `${origin}${SILENT_CALLBACK_PATH}`,
    post_logout_redirect_uri: `${origin}/`,
    response_type: 'code',
    scope: 'openid profile offline_access',
    ...(settings.resource ? { resource: settings.resource } : {}),
    userStore: store,
    stateStore: store,
    automaticSilentRenew: true,
    // The console reads its roles and offices from the API (/api/v1/me), not from the userinfo endpoint.
    loadUserInfo: false,
  });
}
