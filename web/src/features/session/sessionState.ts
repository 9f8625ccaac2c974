import { ApiError, type Session, type SessionCheck, type SignInMode } from '../../api';

/// Whether the page may show Ferry, as a reducer: the page shows the app only in `signed-in`, and
/// leaving that state unmounts the whole app, so nothing a person loaded (file names, tables, jobs)
/// stays in the page once the session is gone.

export type SessionNotice = 'ended' | 'signed-out' | null;

export type SessionState =
  | { status: 'checking' }
  /** GET /api/session itself failed (server down): nothing to show but the error and a retry. */
  | { status: 'unreachable'; error: unknown }
  /** `epoch` changes with every sign-in, so the app starts from scratch for each. */
  | { status: 'signed-in'; session: Session; epoch: number }
  | {
      status: 'signed-out';
      mode: SignInMode;
      /** Why the sign-in screen is back: the session ended by itself, or the person signed out. */
      notice: SessionNotice;
      error: unknown;
      /** Epoch ms until which the server refuses sign-in attempts (a 429's Retry-After). */
      retryUntil: number | null;
      submitting: boolean;
    };

export type SessionAction =
  | { type: 'checked'; result: SessionCheck }
  | { type: 'check-failed'; error: unknown }
  | { type: 'recheck' }
  | { type: 'submit' }
  | { type: 'sign-in-failed'; error: unknown; now: number }
  | { type: 'signed-in'; session: Session }
  /** An API answer (or another tab) said the session is gone. */
  | { type: 'lost'; mode: SignInMode }
  | { type: 'signed-out' }
  | { type: 'retry-elapsed' };

export const kInitialSession: SessionState = { status: 'checking' };

let epochs = 0;

function signedOut(mode: SignInMode, notice: SessionNotice): SessionState {
  return { status: 'signed-out', mode, notice, error: null, retryUntil: null, submitting: false };
}

export function sessionReducer(state: SessionState, action: SessionAction): SessionState {
  switch (action.type) {
    case 'checked':
      if (action.result.signedIn) {
        // The same session checked again (a page restored from the back/forward cache) keeps the app as it is.
        if (state.status === 'signed-in' && state.session.user === action.result.session.user) return state;
        return { status: 'signed-in', session: action.result.session, epoch: ++epochs };
      }
      if (state.status === 'signed-out') return { ...state, mode: action.result.mode };
      return signedOut(action.result.mode, state.status === 'signed-in' ? 'ended' : null);
    case 'check-failed':
      // While signed in, a failed re-check (network blip) is no reason to hide the work.
      return state.status === 'signed-in' ? state : { status: 'unreachable', error: action.error };
    case 'recheck':
      return state.status === 'unreachable' ? { status: 'checking' } : state;
    case 'submit':
      return state.status === 'signed-out' ? { ...state, submitting: true, error: null, notice: null } : state;
    case 'sign-in-failed': {
      if (state.status !== 'signed-out') return state;
      const wait = action.error instanceof ApiError && action.error.status === 429 ? (action.error.retryAfterSeconds ?? null) : null;
      return { ...state, submitting: false, error: action.error, retryUntil: wait === null ? null : action.now + wait * 1000 };
    }
    case 'signed-in':
      return { status: 'signed-in', session: action.session, epoch: ++epochs };
    case 'lost':
      // Only a signed-in page has anything to hide; a wrong password while signing in is not "lost".
      return state.status === 'signed-in' || state.status === 'checking' ? signedOut(action.mode, state.status === 'signed-in' ? 'ended' : null) : state;
    case 'signed-out':
      return signedOut(state.status === 'signed-in' && state.session.mode !== 'none' ? state.session.mode : 'token', 'signed-out');
    case 'retry-elapsed':
      return state.status === 'signed-out' ? { ...state, retryUntil: null } : state;
  }
}

/** Seconds left before the server takes another attempt (rounded up), or 0. */
export function secondsUntil(retryUntil: number | null, now: number): number {
  return retryUntil === null ? 0 : Math.max(0, Math.ceil((retryUntil - now) / 1000));
}

/** "…from here; try again in 30 seconds." -> "…from here." (the screen counts the wait down itself). */
export function stripWait(message: string): string {
  return message.replace(/\s*[;,.]?\s*try again in \d+ seconds?\.?\s*$/i, '.');
}

/** The sign-in screen's fields turned into what POST /api/session takes, or why not yet. */
export function credentialsFrom(
  mode: SignInMode,
  fields: { token: string; user: string; password: string },
): { credentials: { token: string } | { user: string; password: string } } | { problem: string } {
  if (mode === 'token') {
    const token = tokenFromInput(fields.token);
    return token ? { credentials: { token } } : { problem: 'Paste the access token (or the whole link) that ferry serve printed.' };
  }
  if (!fields.user.trim()) return { problem: 'Enter your user name.' };
  if (!fields.password) return { problem: 'Enter your password.' };
  return { credentials: { user: fields.user.trim(), password: fields.password } };
}

/** People paste the whole printed link as often as the token: take the token out of it. */
export function tokenFromInput(text: string): string {
  const trimmed = text.trim();
  const found = trimmed.match(/[?&]token=([^&#\s]+)/)?.[1];
  if (!found) return trimmed;
  try {
    return decodeURIComponent(found);
  } catch {
    return found;
  }
}

/**
 * The token in the page's own address (`/?token=…`), when the server left it there instead of
 * exchanging it itself, and the address without it (so it is not kept in history or bookmarks).
 */
export function tokenInLocation(href: string): { token: string; cleanUrl: string } | null {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  const token = url.searchParams.get('token');
  if (!token) return null;
  url.searchParams.delete('token');
  return { token, cleanUrl: `${url.pathname}${url.search}${url.hash}` };
}

/** Keys of this app in localStorage: the remembered connection settings are private in a shared server. */
export function ferryStorageKeys(store: Pick<Storage, 'length' | 'key'>): string[] {
  const keys: string[] = [];
  for (let i = 0; i < store.length; i += 1) {
    const key = store.key(i);
    if (key?.startsWith('ferry.')) keys.push(key);
  }
  return keys;
}
