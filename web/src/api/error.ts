import type { ErrorBody } from './types';

/** An error answered by the API (`{"error": {"kind", "message"}}`) or a failure to reach it. */
export class ApiError extends Error {
  readonly kind: string;
  readonly status: number;
  /** The whole `error` object as answered, e.g. with `previous_job` for a 409 re-run. */
  readonly body: (ErrorBody & Record<string, unknown>) | null;

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
};

/** A short heading for an error kind, for people rather than programs. */
export function errorTitle(kind: string): string {
  return kTitles[kind] ?? 'Error';
}

/** Any thrown value as `{title, message}` to show in an alert. */
export function describeError(error: unknown): { title: string; message: string } {
  if (error instanceof ApiError) return { title: errorTitle(error.kind), message: readableMessage(error.message) };
  if (error instanceof Error) return { title: 'Error', message: error.message };
  return { title: 'Error', message: String(error) };
}
