import { ApiError, type SignInMode } from './error';
import { requestJson } from './http';

/// Ferry's own sign-in (docs/api.md, "Sessions"): who is signed in, signing in with the printed
/// token or a user's password, and signing out. The session itself is an HttpOnly cookie the page
/// never sees; these calls only learn whether it is there.

/** GET /api/session when signed in. Mode "none" is local use: user "local", no sign-in at all. */
export interface Session {
  user: string;
  admin: boolean;
  mode: 'none' | SignInMode;
}

export type Credentials = { token: string } | { user: string; password: string };

/** Signed in (the session), or which sign-in the server wants. */
export type SessionCheck = { signedIn: true; session: Session } | { signedIn: false; mode: SignInMode };

function asSession(value: unknown): Session {
  const body = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const mode = body.mode === 'token' || body.mode === 'users' ? body.mode : 'none';
  return {
    user: typeof body.user === 'string' && body.user ? body.user : 'local',
    admin: body.admin === true || mode === 'none',
    mode,
  };
}

/**
 * GET /api/session. A server without the route (404: a Ferry from before sign-in existed) is local
 * use, so the page works as it always did.
 */
export async function checkSession(signal?: AbortSignal): Promise<SessionCheck> {
  try {
    return { signedIn: true, session: asSession(await requestJson<unknown>('GET', '/api/session', undefined, signal)) };
  } catch (error) {
    if (error instanceof ApiError && error.signIn) return { signedIn: false, mode: error.signIn.mode };
    if (error instanceof ApiError && error.status === 401) return { signedIn: false, mode: 'token' };
    if (error instanceof ApiError && error.status === 404) return { signedIn: true, session: asSession({ mode: 'none' }) };
    throw error;
  }
}

/** POST /api/session: exchanges the token or password for the session cookie. */
export async function signIn(credentials: Credentials): Promise<Session> {
  const body = await requestJson<unknown>('POST', '/api/session', credentials);
  // The answer may be empty (204) or the session; ask when it does not say who.
  if (typeof body === 'object' && body !== null && 'user' in body) return asSession(body);
  const check = await checkSession();
  if (!check.signedIn) throw new ApiError('auth', 'The server accepted the sign-in but did not keep the session. Are cookies blocked?', 401);
  return check.session;
}

/** DELETE /api/session: ends the session on the server (and so the cookie's worth everywhere). */
export async function signOut(): Promise<void> {
  try {
    await requestJson<unknown>('DELETE', '/api/session');
  } catch (error) {
    // Already signed out (expired, another tab) is what was wanted.
    if (error instanceof ApiError && error.status === 401) return;
    throw error;
  }
}
