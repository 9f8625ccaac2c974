import type { Job } from '../../api';
import { estimateSecondsLeft, percent } from '../../lib/format';

export interface ProgressView {
  /** 0..100, or null while the total is unknown. */
  percent: number | null;
  secondsLeft: number | null;
  /** What the percentage counts: the input's bytes (imports) or the source table's rows (exports). */
  basis: 'bytes' | 'rows' | null;
  finished: boolean;
}

/**
 * How far a job is. The server knows the total bytes of an input file; for an export of a single
 * table the page knows the table's row count, which is good enough for an estimate (held below 100%
 * until the server says it is done, since the count may have grown).
 */
export function progressOf(job: Job, expectedRows?: number | null): ProgressView {
  const finished = job.status === 'completed' || job.status === 'failed' || job.status === 'cancelled';
  const totalBytes = job.total_bytes ?? 0;
  let view: ProgressView;
  if (totalBytes > 0) {
    view = { percent: percent(job.bytes, totalBytes), secondsLeft: estimateSecondsLeft(job.bytes, totalBytes, job.seconds), basis: 'bytes', finished };
  } else if (expectedRows && expectedRows > 0) {
    const p = percent(job.rows, expectedRows);
    view = { percent: p === null ? null : Math.min(p, 99), secondsLeft: estimateSecondsLeft(job.rows, expectedRows, job.seconds), basis: 'rows', finished };
  } else {
    view = { percent: null, secondsLeft: null, basis: null, finished };
  }
  if (job.status === 'completed') return { ...view, percent: 100, secondsLeft: 0 };
  if (finished) return { ...view, secondsLeft: null };
  return view;
}
