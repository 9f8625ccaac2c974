/// The files of a finished split or partitioned export, from the manifest in its job, with the paths to
/// download them (the manifest's paths are beside the manifest).
import type { Job } from '../../api';

export interface ManifestEntry {
  /** As the manifest names it: "orders-00001.csv". */
  name: string;
  /** Relative to the data directory, for GET /api/files/{name}. */
  path: string;
  rows: number;
  bytes: number;
  sha256: string;
  partition: string | null | undefined;
}

export interface ManifestView {
  manifestPath: string;
  files: ManifestEntry[];
  rows: number;
  bytes: number;
}

/** The manifest of a completed split export, or null (not split, not finished, or not readable). */
export function manifestOf(job: Job): ManifestView | null {
  if (!job.manifest_path || !job.manifest || !Array.isArray(job.manifest.files)) return null;
  const slash = job.manifest_path.lastIndexOf('/');
  const dir = slash < 0 ? '' : job.manifest_path.slice(0, slash + 1);
  const files = job.manifest.files.map((file) => ({
    name: file.path,
    path: dir + file.path,
    rows: file.rows,
    bytes: file.bytes,
    sha256: file.sha256,
    partition: file.partition,
  }));
  return {
    manifestPath: job.manifest_path,
    files,
    rows: job.manifest.rows ?? files.reduce((total, f) => total + f.rows, 0),
    bytes: job.manifest.bytes ?? files.reduce((total, f) => total + f.bytes, 0),
  };
}

/** "file 3 of 40" while a multi-file job runs, "40 files" once done; null for a job of one file. */
export function fileCountText(job: Job): string | null {
  const total = job.files_total ?? 0;
  const done = job.files_done ?? 0;
  const running = job.status === 'running' || job.status === 'queued';
  if (running) {
    if (total > 1) return `file ${Math.min(done + 1, total)} of ${total}`;
    // A split export learns its total at the end.
    return done > 0 ? `${done} ${done === 1 ? 'file' : 'files'} written` : null;
  }
  if (job.status === 'completed' && Math.max(total, done) > 1) return `${Math.max(total, done)} files`;
  if (total > 1) return `${done} of ${total} files`;
  return null;
}
