import type { ApiError, SignInMode } from './error';

/// Any API call may learn that the session ended (expired, signed out in another tab, server
/// restarted): the one place that hears about it is the session hook, which then shows sign-in.
/// A tiny listener set rather than a React context, because the API client is not React code.

type Listener = (mode: SignInMode) => void;

const listeners = new Set<Listener>();

/** Calls `listener` whenever an API answer says the browser is not signed in; returns an unsubscribe. */
export function onSessionLost(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Tells the listeners when `error` is the server asking for sign-in; returns the error for throwing. */
export function reportIfSessionLost(error: ApiError): ApiError {
  if (error.signIn) for (const listener of [...listeners]) listener(error.signIn.mode);
  return error;
}
