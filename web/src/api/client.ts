import { ApiError } from './error';
import { errorFromText, requestJson } from './http';
import { reportIfSessionLost } from './sessionEvents';
import type {
  ColumnInfo,
  Connection,
  DataFile,
  Endpoint,
  FileSchema,
  FileSpec,
  Job,
  JobRequest,
  LoadMode,
  LoadPlan,
  PreviewResult,
  SchemaColumn,
  TableInfo,
} from './types';

/// Typed client for Ferry's JSON API: one function per route, relative URLs (same origin).

/** POST /api/clickhouse/tables */
export async function listTables(connection: Connection, signal?: AbortSignal): Promise<TableInfo[]> {
  const body = await requestJson<{ tables: TableInfo[] }>('POST', '/api/clickhouse/tables', { connection }, signal);
  return body.tables;
}

/** POST /api/clickhouse/columns */
export async function listColumns(connection: Connection, table: string, signal?: AbortSignal): Promise<ColumnInfo[]> {
  const body = await requestJson<{ columns: ColumnInfo[] }>(
    'POST',
    '/api/clickhouse/columns',
    { connection, table },
    signal,
  );
  return body.columns;
}

/** POST /api/file/schema: columns with inferred types, the dialect used and what was sniffed. */
export function fileSchema(file: FileSpec, signal?: AbortSignal): Promise<FileSchema> {
  return requestJson<FileSchema>('POST', '/api/file/schema', { file }, signal);
}

export interface CreateOptions {
  schema: SchemaColumn[];
  order_by: string[];
  partition_by: string;
  engine: string;
}

/** POST /api/clickhouse/create_statement: the CREATE TABLE a job would run, to show before Start. */
export async function createStatement(
  connection: Connection,
  table: string,
  options: CreateOptions,
  signal?: AbortSignal,
): Promise<string> {
  const body = await requestJson<{ sql: string }>('POST', '/api/clickhouse/create_statement', { connection, table, ...options }, signal);
  return body.sql;
}

/** POST /api/clickhouse/load_plan: how a load into the table would commit, and whether all-or-nothing holds. */
export function loadPlan(connection: Connection, table: string, mode: LoadMode, signal?: AbortSignal): Promise<LoadPlan> {
  return requestJson<LoadPlan>('POST', '/api/clickhouse/load_plan', { connection, table, mode }, signal);
}

/** POST /api/preview */
export function preview(
  source: Endpoint,
  columns: string[],
  limit: number,
  signal?: AbortSignal,
): Promise<PreviewResult> {
  return requestJson<PreviewResult>('POST', '/api/preview', { source, columns, limit }, signal);
}

/** POST /api/jobs */
export async function startJob(request: JobRequest): Promise<string> {
  const body = await requestJson<{ id: string }>('POST', '/api/jobs', request);
  return body.id;
}

/** The 409 answer to an import of a file that is already in the table. */
export class AlreadyLoaded extends Error {
  constructor(
    message: string,
    readonly previousJob: Job | null,
  ) {
    super(message);
    this.name = 'AlreadyLoaded';
  }
}

/** POST /api/jobs; a re-run of a completed import rejects with AlreadyLoaded unless `again` is set. */
export async function startJobGuarded(request: JobRequest): Promise<string> {
  try {
    return await startJob(request);
  } catch (error) {
    if (error instanceof ApiError && error.status === 409 && error.kind === 'conflict') {
      const previous = (error.body?.previous_job ?? null) as Job | null;
      throw new AlreadyLoaded(error.message, previous);
    }
    throw error;
  }
}

/** GET /api/jobs, newest first (sorted here too, for servers that list oldest first). */
export async function listJobs(signal?: AbortSignal): Promise<Job[]> {
  const body = await requestJson<{ jobs: Job[] } | Job[]>('GET', '/api/jobs', undefined, signal);
  const jobs = Array.isArray(body) ? body : body.jobs;
  return newestFirst(jobs);
}

export function newestFirst(jobs: Job[]): Job[] {
  // Stable: jobs without a timestamp keep the server's order, reversed (the server appends).
  return jobs
    .map((job, index) => ({ job, index, at: job.created ? Date.parse(job.created) : Number.NaN }))
    .sort((a, b) => {
      if (!Number.isNaN(a.at) && !Number.isNaN(b.at) && a.at !== b.at) return b.at - a.at;
      return b.index - a.index;
    })
    .map((entry) => entry.job);
}

/** GET /api/jobs/{id} */
export function getJob(id: string, signal?: AbortSignal): Promise<Job> {
  return requestJson<Job>('GET', `/api/jobs/${encodeURIComponent(id)}`, undefined, signal);
}

/** DELETE /api/jobs/{id}: asks the server to cancel; the job then ends as `cancelled`. */
export async function cancelJob(id: string): Promise<void> {
  await requestJson<unknown>('DELETE', `/api/jobs/${encodeURIComponent(id)}`);
}

export interface JobEventHandlers {
  onProgress: (job: Job) => void;
  onDone: (job: Job | null) => void;
  /** The stream broke before `done`; the caller may fall back to polling. */
  onBroken: () => void;
}

/**
 * GET /api/jobs/{id}/events (server-sent events): `progress` events carry the job JSON, `done` ends
 * the stream. Returns a function that closes the stream.
 */
export function subscribeJobEvents(id: string, handlers: JobEventHandlers): () => void {
  const source = new EventSource(`/api/jobs/${encodeURIComponent(id)}/events`);
  let finished = false;
  const parse = (data: string): Job | null => {
    try {
      return data ? (JSON.parse(data) as Job) : null;
    } catch {
      return null;
    }
  };
  source.addEventListener('progress', (event) => {
    const job = parse((event as MessageEvent<string>).data);
    if (job) handlers.onProgress(job);
  });
  source.addEventListener('done', (event) => {
    finished = true;
    source.close();
    handlers.onDone(parse((event as MessageEvent<string>).data));
  });
  source.onerror = () => {
    // EventSource reconnects by itself; a finished job has nothing more to say, so stop instead.
    if (finished) return;
    finished = true;
    source.close();
    handlers.onBroken();
  };
  return () => {
    finished = true;
    source.close();
  };
}

/** GET /api/files */
export async function listFiles(signal?: AbortSignal, { recursive = false } = {}): Promise<DataFile[]> {
  // recursive: the files in folders too ("logs/a.csv"), so a folder can be picked as one import.
  const body = await requestJson<{ files: DataFile[] }>('GET', recursive ? '/api/files?recursive=1' : '/api/files', undefined, signal);
  return body.files;
}

/** URL of GET /api/files/{name}, for a download link. */
export function fileDownloadUrl(name: string): string {
  return `/api/files/${name.split('/').map(encodeURIComponent).join('/')}`;
}

export interface UploadHandle {
  done: Promise<void>;
  abort: () => void;
}

/**
 * POST /api/files?name=N with the file itself as the body (streamed by the browser, never read into
 * memory here). XHR rather than fetch because only XHR reports upload progress. A name that exists
 * is refused with 409 (kind "conflict") unless `replace` is set.
 */
export function uploadFile(
  file: Blob,
  name: string,
  onProgress: (loaded: number, total: number) => void,
  replace = false,
): UploadHandle {
  const xhr = new XMLHttpRequest();
  const done = new Promise<void>((resolve, reject) => {
    xhr.open('POST', `/api/files?name=${encodeURIComponent(name)}${replace ? '&replace=1' : ''}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = (event) => {
      onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(file.size, file.size);
        resolve();
      } else {
        reject(reportIfSessionLost(errorFromText(xhr.responseText, xhr.status, xhr.statusText, xhr.getResponseHeader('Retry-After'))));
      }
    };
    xhr.onerror = () => reject(new ApiError('network', 'The upload was interrupted.', 0));
    xhr.onabort = () => reject(new ApiError('cancelled', 'The upload was cancelled.', 0));
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}
