import type { ErrorBody } from './types';

/** An error answered by the API (`{"error": {"kind", "message"}}`) or a failure to reach it. */
export class ApiError extends Error {
  readonly kind: string;
  readonly status: number;

  constructor(kind: string, message: string, status: number) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.status = status;
  }

  static fromBody(body: ErrorBody, status: number): ApiError {
    return new ApiError(body.kind || 'error', body.message || `HTTP ${status}`, status);
  }
}

/** Kinds from docs/api.md (usage, auth, connection, tls, query, data, file, cancelled, internal), plus the client's own. */
const kTitles: Record<string, string> = {
  usage: 'Invalid request',
  auth: 'Authentication failed',
  connection: 'Could not connect',
  tls: 'Secure connection failed',
  internal: 'Internal error in Ferry',
  network: 'Could not reach the Ferry server',
  query: 'ClickHouse rejected the query',
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
  if (error instanceof ApiError) return { title: errorTitle(error.kind), message: error.message };
  if (error instanceof Error) return { title: 'Error', message: error.message };
  return { title: 'Error', message: String(error) };
}
