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
  /** Wire compression between Ferry and ClickHouse (issue 10); the server picks when "auto" or absent. */
  compression?: Compression;
}

export type Compression = 'auto' | 'none' | 'lz4' | 'zstd' | 'gzip';

/** "," | "tab" | ";" | "|" or any other single character. */
export type Delimiter = string;

/** A delimited file inside the server's data directory. */
export interface FileSpec {
  path: string;
  /** Import sources: several files loaded as one job (all or nothing); `path` is the first of them. */
  paths?: string[];
  /** Absent: the server sniffs it (imports) or follows the extension (exports). */
  delimiter?: Delimiter;
  header?: boolean;
  quote?: string;
  encoding?: string;
  skip_lines?: number;
  decimal_comma?: boolean;
  /** "\\" or "none"; absent: sniffed. */
  escape?: string;
  /** "#" or "none"; absent: sniffed. */
  comment?: string;
  /** Lenient reading (never sniffed; docs/dirty-rows.md): spaces at the start of fields are dropped. */
  trim?: boolean;
  /** "pad": a row with fewer fields than the header gets NULL for the missing trailing ones. */
  ragged?: 'pad' | 'error';
  /** "lenient": a quote inside an unquoted field (`5" pipe`) is a character (default "strict": an error). */
  quotes?: 'lenient' | 'strict';
  /** "keep": rows identical to the header further down load as data (default: left out and counted). */
  repeated_headers?: 'skip' | 'keep';
}

/** A file's dialect as the sniffer saw it (`detected`) or as it will be read (`dialect`). */
export interface Dialect {
  delimiter: Delimiter;
  quote: string;
  header: boolean;
  skip_lines: number;
  encoding: string;
  decimal_comma: boolean;
  /** The escape character inside quotes, or null when quotes are doubled. */
  escape?: string | null;
  /** Lines starting with it are skipped, or null. */
  comment?: string | null;
  /** 0..1 */
  confidence?: number;
}

export interface BadRow {
  line: number;
  reason: string;
}

/** POST /api/file/schema */
export interface FileSchema {
  columns: ColumnInfo[];
  dialect?: Dialect;
  detected?: Dialect;
  warning?: string | null;
  bad_rows?: BadRow[];
  /** All sampled rows that could not be read (bad_rows lists at most 20). */
  bad_row_count?: number;
  /** Rows of the sample identical to the header (left out, as the import leaves them out). */
  repeated_headers?: number;
  /** What the warning proposes when it is no dialect change: `trim` for values written `a, b, c`. */
  proposed?: { trim?: boolean };
}

export type JoinType =
  | 'INNER'
  | 'LEFT'
  | 'RIGHT'
  | 'FULL'
  | 'CROSS'
  | 'LEFT SEMI'
  | 'LEFT ANTI'
  | 'RIGHT SEMI'
  | 'RIGHT ANTI'
  | 'ANY LEFT'
  | 'ASOF'
  | 'ASOF LEFT';

/** `on` holds pairs of qualified column names: [["orders.customer_id", "customers.id"]] (none for CROSS).
 * An ASOF join adds its one inequality: ["trades.ts", ">=", "prices.ts"]. */
export interface Join {
  table: string;
  type: JoinType;
  on?: Array<[string, string]>;
  using?: string[];
  asof?: [string, '>=' | '>' | '<=' | '<', string];
}

/** What rows without a match get in the other table's columns: NULL (sql) or ClickHouse's defaults. */
export type JoinDefaults = 'sql' | 'clickhouse';

/** Preview of a join: how many rows it returns and which joined tables repeat a key. */
export interface JoinHint {
  rows: number | null;
  fan_out: Array<{ table: string; keys: string[]; max_rows_per_key: number }>;
  note: string | null;
  text: string;
}

export interface ClickHouseEndpoint {
  kind: 'clickhouse';
  connection: Connection;
  table: string;
  join?: Join[];
  /** Source with joins: NULL for rows without a match (sql, the default) or ClickHouse's defaults. */
  join_defaults?: JoinDefaults;
  /** Target only: create the table from the source columns when it does not exist. */
  create?: boolean;
  /** Target only: append (default) or replace (atomic: the old rows stay until the new ones are in). */
  mode?: LoadMode;
  /** Target only, with create: the columns of the new table. */
  schema?: SchemaColumn[];
  order_by?: string[];
  partition_by?: string;
  engine?: string;
  /** Target only, existing table: file column -> table column. */
  map?: Record<string, string>;
  on_error?: 'abort' | 'skip';
  /** With skip: more rejected rows than this fail the import; 0 = no limit. */
  max_errors?: number;
  /** Shown by the server in job records: the rejects file, relative to the data directory. */
  rejects?: string;
}

export type LoadMode = 'append' | 'replace';

export interface SchemaColumn {
  file_column: string;
  name: string;
  type: string;
}

/** POST /api/clickhouse/load_plan */
export interface LoadPlan {
  strategy: string;
  atomic: boolean;
  note?: string;
  warning?: string | null;
}

export interface FileEndpoint extends FileSpec {
  kind: 'file';
  /** Export targets: start a new file after this many rows. */
  split_rows?: number;
  /** Export targets: ... or once a file holds this many bytes of CSV (before compression). */
  split_bytes?: number;
  /** Export targets: one file (or numbered series) per value of this ClickHouse expression. */
  partition_by?: string;
}

/** One file of a split or partitioned export, as its manifest lists it (path is beside the manifest). */
export interface ManifestFile {
  path: string;
  rows: number;
  bytes: number;
  sha256: string;
  /** With partition_by: the value as ClickHouse prints it (null for NULL). */
  partition?: string | null;
}

/** NAME.manifest.json of a split or partitioned export. */
export interface Manifest {
  files: ManifestFile[];
  file_count?: number;
  rows?: number;
  bytes?: number;
  columns?: string[];
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
  /** Rows of the file that could not be parsed, when the server reports them instead of failing. */
  bad_rows?: BadRow[];
  /** ClickHouse sources: the result's types (Nullable where a join can leave a column without a match). */
  types?: string[];
  /** Sources with joins: the row count and fan-out, counted with a time limit. */
  join_hint?: JoinHint;
}

export interface DataFile {
  name: string;
  size: number;
  /** ISO 8601 or seconds since the epoch, depending on the server; display only. */
  modified: string | number;
}

export type JobStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled' | 'interrupted';
export type JobPhase = string;

export interface ErrorBody {
  kind: string;
  message: string;
  line?: number;
  file?: string;
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
  /** Rows skipped by on_error=skip. */
  rejected?: number;
  /** Records parsed from the input (imports): rows + rejected. */
  rows_read?: number;
  /** Create with on_error=skip: sampled rows left out of the inferred column types. */
  inference_skipped?: number;
  /** Imports: records identical to the header that were left out (not rows, not rejected). */
  repeated_headers?: number;
  /** Rows that are in the target now: 0 for a failed or cancelled all-or-nothing import. */
  rows_committed?: number;
  strategy?: string;
  atomic?: boolean;
  wire_bytes?: number;
  codec?: string;
  finished?: string;
  /** Multi-file imports: files read so far of files_total; split exports: files written (total at the end). */
  files_done?: number;
  files_total?: number;
  /** The file being read or written now (the last one once finished), relative to the data directory. */
  current_file?: string | null;
  /** Split or partitioned exports: the manifest's path, and once completed the manifest itself. */
  manifest_path?: string;
  manifest?: Manifest;
}

export interface JobRequest {
  source: Endpoint;
  target: Endpoint;
  columns: string[];
  /** Load a file again into a table it was already loaded into (else the server answers 409). */
  again?: boolean;
}
