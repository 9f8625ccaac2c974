import { ApiError } from './error';
import { errorFromText, requestJson } from './http';
import type {
  ColumnInfo,
  Connection,
  DataFile,
  Endpoint,
  FileSpec,
  Job,
  JobRequest,
  PreviewResult,
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

/** POST /api/file/schema */
export async function fileSchema(file: FileSpec, signal?: AbortSignal): Promise<ColumnInfo[]> {
  const body = await requestJson<{ columns: ColumnInfo[] }>('POST', '/api/file/schema', { file }, signal);
  return body.columns;
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

/** GET /api/jobs */
export async function listJobs(): Promise<Job[]> {
  const body = await requestJson<{ jobs: Job[] } | Job[]>('GET', '/api/jobs');
  return Array.isArray(body) ? body : body.jobs;
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
export async function listFiles(signal?: AbortSignal): Promise<DataFile[]> {
  const body = await requestJson<{ files: DataFile[] }>('GET', '/api/files', undefined, signal);
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
 * memory here). XHR rather than fetch because only XHR reports upload progress.
 */
export function uploadFile(
  file: Blob,
  name: string,
  onProgress: (loaded: number, total: number) => void,
): UploadHandle {
  const xhr = new XMLHttpRequest();
  const done = new Promise<void>((resolve, reject) => {
    xhr.open('POST', `/api/files?name=${encodeURIComponent(name)}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = (event) => {
      onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(file.size, file.size);
        resolve();
      } else {
        reject(errorFromText(xhr.responseText, xhr.status, xhr.statusText));
      }
    };
    xhr.onerror = () => reject(new ApiError('network', 'The upload was interrupted.', 0));
    xhr.onabort = () => reject(new ApiError('cancelled', 'The upload was cancelled.', 0));
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}
