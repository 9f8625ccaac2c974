import { ApiError } from './error';
import type { ErrorBody } from './types';

/// The one place that talks HTTP: JSON in, JSON out, errors as ApiError.

function isErrorEnvelope(value: unknown): value is { error: ErrorBody & Record<string, unknown> } {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'message' in error;
}

/** Turns a non-2xx response into an ApiError, using the JSON error body when there is one. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  return errorFromText(text, response.status, response.statusText);
}

export function errorFromText(text: string, status: number, statusText = ''): ApiError {
  try {
    const body: unknown = JSON.parse(text);
    if (isErrorEnvelope(body)) return ApiError.fromBody(body.error, status);
  } catch {
    // Not JSON: a proxy or the dev server answered; fall through to the status line.
  }
  const detail = text.trim().slice(0, 300) || statusText || 'no details';
  return new ApiError(status >= 500 ? 'server' : 'http', `HTTP ${status}: ${detail}`, status);
}

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
  if (!response.ok) throw await errorFromResponse(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}
