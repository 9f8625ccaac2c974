/// Payload types of Ferry's JSON API (docs/api.md). Field names match the wire format exactly.

/** How to reach a ClickHouse server. Send exactly one of `password` and `jwt`. */
/** Sent with a password or a token; the server never echoes either back. */
export interface Connection {
  host: string;
  port: number;
  secure: boolean;
  database: string;
  user: string;
  password?: string;
  jwt?: string;
}

/** "," | "tab" | ";" | "|" or any other single character. */
export type Delimiter = string;

/** A delimited file inside the server's data directory. */
export interface FileSpec {
  path: string;
  delimiter: Delimiter;
  header: boolean;
}

export type JoinType = 'INNER' | 'LEFT' | 'RIGHT' | 'FULL';

/** `on` holds pairs of qualified column names: [["orders.customer_id", "customers.id"]]. */
export interface Join {
  table: string;
  type: JoinType;
  on: Array<[string, string]>;
}

export interface ClickHouseEndpoint {
  kind: 'clickhouse';
  connection: Connection;
  table: string;
  join?: Join[];
  /** Target only: create the table from the source columns when it does not exist. */
  create?: boolean;
}

export interface FileEndpoint extends FileSpec {
  kind: 'file';
}

export type Endpoint = ClickHouseEndpoint | FileEndpoint;

export interface TableInfo {
  name: string;
  engine: string;
  rows: number | null;
}

export interface ColumnInfo {
  name: string;
  type: string;
}

export type Cell = string | number | boolean | null;

export interface PreviewResult {
  columns: string[];
  rows: Cell[][];
}

export interface DataFile {
  name: string;
  size: number;
  /** ISO 8601 or seconds since the epoch, depending on the server; display only. */
  modified: string | number;
}

export type JobStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';
export type JobPhase = 'Queued' | 'Connecting' | 'Fetching' | 'Ingesting' | 'Completed' | 'Error' | 'Cancelled';

export interface ErrorBody {
  kind: string;
  message: string;
}

export interface Job {
  id: string;
  kind?: 'import' | 'export';
  status: JobStatus;
  phase: JobPhase;
  rows: number;
  bytes: number;
  /** 0 or absent when the size of the input is not known in advance. */
  total_bytes?: number | null;
  seconds: number;
  /** UTC, ISO 8601. */
  created?: string;
  columns?: string[];
  /** As sent, without passwords or tokens. */
  source?: Endpoint;
  target?: Endpoint;
  error?: ErrorBody | null;
}

export interface JobRequest {
  source: Endpoint;
  target: Endpoint;
  columns: string[];
}
