import type { ErrorBody } from './types';

/** An error answered by the API (`{"error": {"kind", "message"}}`) or a failure to reach it. */
export class ApiError extends Error {
  readonly kind: string;
  readonly status: number;
  /** The whole `error` object as answered, e.g. with `previous_job` for a 409 re-run. */
  readonly body: (ErrorBody & Record<string, unknown>) | null;
  /** Seconds to wait before trying again (a 429's Retry-After), when the server said. */
  retryAfterSeconds: number | null = null;
  /**
   * Set when Ferry's own sign-in is what is missing (a 401 whose answer names the sign-in mode), as
   * opposed to a 401 because ClickHouse refused the credentials of a connection.
   */
  signIn: { mode: SignInMode } | null = null;

  constructor(kind: string, message: string, status: number, body: (ErrorBody & Record<string, unknown>) | null = null) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.status = status;
    this.body = body;
  }

  static fromBody(body: ErrorBody & Record<string, unknown>, status: number): ApiError {
    return new ApiError(body.kind || 'error', readableMessage(body.message || `HTTP ${status}`), status, body);
  }

  /** True when the server answered that this browser is not signed in (any more). */
  get sessionRequired(): boolean {
    return this.signIn !== null;
  }
}

/** How `ferry serve` signs people in: nobody (local use), a printed token, or a users file. */
export type SignInMode = 'token' | 'users';

/**
 * Reads a Retry-After header: seconds, or an HTTP date (then relative to `now`). Null when absent
 * or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * Server text as prose: escape sequences that slipped through (a literal "\r\n" from a ClickHouse
 * exception) become spaces, and runs of whitespace one space.
 */
export function readableMessage(message: string): string {
  return message
    .replace(/\\r\\n|\\[rn]/g, ' ')
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** Kinds from docs/api.md (usage, auth, connection, tls, query, data, file, cancelled, internal), plus the client's own. */
const kTitles: Record<string, string> = {
  usage: 'Invalid request',
  auth: 'Authentication failed',
  connection: 'Could not connect',
  tls: 'Secure connection failed',
  internal: 'Internal error in Ferry',
  network: 'Could not reach the Ferry server',
  query: 'ClickHouse refused',
  conflict: 'Already done',
  data: 'Invalid data',
  file: 'File problem',
  cancelled: 'Cancelled',
  server: 'The Ferry server failed',
  http: 'Unexpected answer from the server',
  forbidden: 'Not allowed on this server',
  limit: 'Limit reached',
  rate_limited: 'Too many attempts',
  too_large: 'Too large',
};

/** A short heading for an error kind, for people rather than programs. */
export function errorTitle(kind: string): string {
  return kTitles[kind] ?? 'Error';
}

/** Any thrown value as `{title, message}` to show in an alert. */
export function describeError(error: unknown): { title: string; message: string } {
  if (error instanceof ApiError) {
    // A 413 is about size whatever kind the server gave it (an upload over the cap, a JSON body over 1 MiB).
    const title = error.status === 413 ? errorTitle('too_large') : errorTitle(error.kind);
    return { title, message: withRetryTime(readableMessage(error.message), error.retryAfterSeconds) };
  }
  if (error instanceof Error) return { title: 'Error', message: error.message };
  return { title: 'Error', message: String(error) };
}

/** "Try again in 30 seconds." appended, unless the server's message already says when. */
export function withRetryTime(message: string, retryAfterSeconds: number | null): string {
  if (retryAfterSeconds === null || /try again|retry/i.test(message)) return message;
  return `${message}${/[.!?]$/.test(message) ? '' : '.'} Try again in ${formatWait(retryAfterSeconds)}.`;
}

/** 1 second, 45 seconds, 2 minutes, 1 minute 30 seconds. */
export function formatWait(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (s < 60) return plural(s, 'second');
  const minutes = Math.floor(s / 60);
  const rest = s % 60;
  return rest ? `${plural(minutes, 'minute')} ${plural(rest, 'second')}` : plural(minutes, 'minute');
}
