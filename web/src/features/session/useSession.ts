import { useCallback, useEffect, useReducer, useRef } from 'react';
import { checkSession, onSessionLost, signIn, signOut, type Credentials, type Session } from '../../api';
import { ferryStorageKeys, kInitialSession, sessionReducer, tokenInLocation } from './sessionState';

/// The page's sign-in state: checked at load, and again when the browser restores the page from its
/// back/forward cache; lost when any API answer says so; shared between this server's tabs.

const kChannel = 'ferry-session';

type TabMessage = 'signed-in' | 'signed-out';

function channel(): BroadcastChannel | null {
  return typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(kChannel);
}

let tokenExchange: Promise<Session | null> | null = null;

/**
 * Takes a `?token=` out of the page's address (so it stays out of history and bookmarks) and signs in
 * with it, once per page load: null when the address has none.
 */
function exchangeTokenInAddress(): Promise<Session | null> | null {
  if (tokenExchange) return tokenExchange;
  const inUrl = tokenInLocation(window.location.href);
  if (!inUrl) return null;
  window.history.replaceState(window.history.state, '', inUrl.cleanUrl);
  tokenExchange = signIn({ token: inUrl.token }).catch(() => null);
  return tokenExchange;
}

/** Forgets what this browser remembered for the person who signed out (connection settings). */
function forgetLocalSettings() {
  try {
    for (const key of ferryStorageKeys(localStorage)) localStorage.removeItem(key);
    for (const key of ferryStorageKeys(sessionStorage)) sessionStorage.removeItem(key);
  } catch {
    // Storage disabled: nothing was remembered.
  }
}

export function useSession() {
  const [state, dispatch] = useReducer(sessionReducer, kInitialSession);
  // Posting on the listening channel itself: a channel does not hear its own messages, so this tab
  // does not react to what it just did.
  const tabs = useRef<BroadcastChannel | null>(null);
  const announce = useCallback((message: TabMessage) => tabs.current?.postMessage(message), []);

  const check = useCallback(async (signal?: AbortSignal) => {
    try {
      const result = await checkSession(signal);
      if (!signal?.aborted) dispatch({ type: 'checked', result });
    } catch (error) {
      if (!signal?.aborted) dispatch({ type: 'check-failed', error });
    }
  }, []);

  // At load: a token left in the address (dev server, or a server that does not exchange it) is
  // exchanged first; otherwise just ask who is signed in.
  useEffect(() => {
    const abort = new AbortController();
    const exchange = exchangeTokenInAddress();
    if (exchange) {
      void exchange.then((session) => {
        if (abort.signal.aborted) return;
        if (session) dispatch({ type: 'signed-in', session });
        else void check(abort.signal);
      });
    } else {
      void check(abort.signal);
    }
    return () => abort.abort();
  }, [check]);

  // Any API call answered "sign in first".
  useEffect(() => onSessionLost((mode) => dispatch({ type: 'lost', mode })), []);

  // Other tabs of this server: a sign-out there ends this tab's view too; a sign-in there is checked.
  useEffect(() => {
    const opened = channel();
    if (!opened) return;
    tabs.current = opened;
    opened.onmessage = (event: MessageEvent<TabMessage>) => {
      if (event.data === 'signed-out') dispatch({ type: 'lost', mode: 'token' });
      void check();
    };
    return () => {
      opened.close();
      tabs.current = null;
    };
  }, [check]);

  // Back/forward cache: a restored page is checked again before anyone can read it.
  useEffect(() => {
    const onPageShow = (event: PageTransitionEvent) => {
      if (event.persisted) void check();
    };
    window.addEventListener('pageshow', onPageShow);
    return () => window.removeEventListener('pageshow', onPageShow);
  }, [check]);

  const submit = useCallback(async (credentials: Credentials) => {
    dispatch({ type: 'submit' });
    try {
      const session = await signIn(credentials);
      dispatch({ type: 'signed-in', session });
      announce('signed-in');
    } catch (error) {
      dispatch({ type: 'sign-in-failed', error, now: Date.now() });
    }
  }, [announce]);

  /** Ends the session on the server, then drops everything the page holds. Throws when the server could not be told. */
  const leave = useCallback(async () => {
    await signOut();
    forgetLocalSettings();
    dispatch({ type: 'signed-out' });
    announce('signed-out');
  }, [announce]);

  const retry = useCallback(() => {
    dispatch({ type: 'recheck' });
    void check();
  }, [check]);

  const retryElapsed = useCallback(() => dispatch({ type: 'retry-elapsed' }), []);

  return { state, submit, signOut: leave, retry, retryElapsed };
}

export type SessionHook = ReturnType<typeof useSession>;
