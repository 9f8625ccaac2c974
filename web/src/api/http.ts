import { ApiError, parseRetryAfter, type SignInMode } from './error';
import { reportIfSessionLost } from './sessionEvents';
import type { ErrorBody } from './types';

/// The one place that talks HTTP: JSON in, JSON out, errors as ApiError.

function isErrorEnvelope(value: unknown): value is { error: ErrorBody & Record<string, unknown> } {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'message' in error;
}

/** The sign-in mode a 401 names (`"auth": {"mode": "token"}`): present only when Ferry's session is missing. */
function signInModeOf(value: unknown): SignInMode | null {
  if (typeof value !== 'object' || value === null || !('auth' in value)) return null;
  const auth = (value as { auth: unknown }).auth;
  if (typeof auth !== 'object' || auth === null) return null;
  const mode = (auth as { mode?: unknown }).mode;
  return mode === 'users' ? 'users' : 'token';
}

/** Turns a non-2xx response into an ApiError, using the JSON error body when there is one. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  return errorFromText(text, response.status, response.statusText, response.headers.get('Retry-After'));
}

export function errorFromText(text: string, status: number, statusText = '', retryAfter: string | null = null): ApiError {
  const error = parseErrorText(text, status, statusText);
  error.retryAfterSeconds = parseRetryAfter(retryAfter) ?? retryAfterFromBody(error);
  return error;
}

function retryAfterFromBody(error: ApiError): number | null {
  const value = error.body?.retry_after;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.ceil(value) : null;
}

function parseErrorText(text: string, status: number, statusText: string): ApiError {
  try {
    const body: unknown = JSON.parse(text);
    if (isErrorEnvelope(body)) {
      const error = ApiError.fromBody(body.error, status);
      const mode = status === 401 ? signInModeOf(body) : null;
      if (mode) error.signIn = { mode };
      return error;
    }
  } catch {
    // Not JSON: a proxy or the dev server answered; fall through to the status line.
  }
  const trimmed = text.trim();
  // An HTML error page (nginx in front of a shared Ferry) says nothing its markup would help with.
  const detail = (/^</.test(trimmed) ? kProxyPages[status] : null) ?? (trimmed.slice(0, 300) || statusText || 'no details');
  return new ApiError(status >= 500 ? 'server' : 'http', `HTTP ${status}: ${detail}`, status);
}

/** What a reverse proxy's own error pages mean for a person using Ferry through it. */
const kProxyPages: Record<number, string> = {
  413: 'the request is larger than the server, or a proxy in front of it, accepts.',
  502: 'a proxy answered because the Ferry server behind it did not (is it running?).',
  503: 'the Ferry server is not available right now.',
  504: 'the Ferry server behind the proxy took too long to answer.',
};

export async function requestJson<T>(
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError('network', 'The Ferry server did not answer. Is `ferry serve` running?', 0);
  }
  if (!response.ok) throw reportIfSessionLost(await errorFromResponse(response));
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}
