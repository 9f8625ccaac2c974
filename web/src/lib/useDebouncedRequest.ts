import { useEffect, useState } from 'react';

export type RequestState<T> =
  | { status: 'idle' }
  | { status: 'loading'; key: string }
  | { status: 'loaded'; key: string; value: T }
  | { status: 'error'; key: string; error: unknown };

/**
 * Asks the server for something derived from the form (a CREATE statement, a load plan) shortly
 * after the form stops changing. `key` identifies the question; null means "nothing to ask". An
 * answer to an older question is dropped.
 */
export function useDebouncedRequest<T>(key: string | null, fetch: (signal: AbortSignal) => Promise<T>, delayMs = 250): RequestState<T> {
  const [state, setState] = useState<RequestState<T>>({ status: 'idle' });
  useEffect(() => {
    if (key === null) {
      setState({ status: 'idle' });
      return;
    }
    const controller = new AbortController();
    setState((current) => (current.status === 'loaded' && current.key === key ? current : { status: 'loading', key }));
    const timer = window.setTimeout(() => {
      fetch(controller.signal).then(
        (value) => {
          if (!controller.signal.aborted) setState({ status: 'loaded', key, value });
        },
        (error: unknown) => {
          if (!controller.signal.aborted) setState({ status: 'error', key, error });
        },
      );
    }, delayMs);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
    // `fetch` is rebuilt every render; `key` says when the question changed.
  }, [key]);
  return state;
}
