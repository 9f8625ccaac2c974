/// Number, size, rate and time formatting for people. Fixed to en-US grouping so that "12,345"
/// reads the same in every screenshot and test.

const kCount = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const kUnits = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'] as const;

/** 12345 -> "12,345". */
export function formatCount(value: number): string {
  return Number.isFinite(value) ? kCount.format(Math.round(value)) : '—';
}

/** 1 record / 2 records. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

/** Decimal (SI) units, matching MB/s: 1536 -> "1.5 KB", 12_345_678 -> "12.3 MB", 999 -> "999 B". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < kUnits.length - 1) {
    value /= 1000;
    unit += 1;
  }
  if (unit === 0) return `${Math.round(value)} B`;
  // 999.95 KB would print as "1000.0 KB"; move it to the next unit instead.
  if (value >= 999.95 && unit < kUnits.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value < 100 ? value.toFixed(1) : Math.round(value).toString()} ${kUnits[unit]}`;
}

/** Seconds as "<0.1 s", "0.4 s", "9.5 s", "42 s", "3 min 05 s", "2 h 07 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds > 0 && seconds < 0.05) return '<0.1 s';
  if (seconds < 9.95) return `${seconds.toFixed(1)} s`;
  const total = Math.round(seconds);
  if (total < 60) return `${total} s`;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  if (hours === 0) return `${minutes} min ${String(secs).padStart(2, '0')} s`;
  if (hours < 24) return `${hours} h ${String(minutes).padStart(2, '0')} min`;
  const days = Math.floor(hours / 24);
  return `${days} d ${String(hours % 24).padStart(2, '0')} h`;
}

/** Rows per second: "12,345 rows/s"; null when no time has passed yet. */
export function rowsPerSecond(rows: number, seconds: number): number | null {
  return seconds > 0 && Number.isFinite(rows) ? rows / seconds : null;
}

export function formatRowRate(rows: number, seconds: number): string {
  const rate = rowsPerSecond(rows, seconds);
  return rate === null ? '— rows/s' : `${formatCount(rate)} rows/s`;
}

/** Megabytes (10^6) per second with one decimal: "1.5 MB/s". */
export function formatMegabytesPerSecond(bytes: number, seconds: number): string {
  if (!(seconds > 0) || !Number.isFinite(bytes)) return '— MB/s';
  const mbps = bytes / seconds / 1e6;
  return `${mbps < 100 ? mbps.toFixed(1) : Math.round(mbps).toString()} MB/s`;
}

/**
 * Seconds left at the average rate so far, or null when it cannot be known yet (no total, nothing
 * done, or no time passed).
 */
export function estimateSecondsLeft(done: number, total: number | null | undefined, seconds: number): number | null {
  if (!total || total <= 0 || done <= 0 || seconds <= 0) return null;
  if (done >= total) return 0;
  return ((total - done) * seconds) / done;
}

/** Percentage 0..100 with the fraction clamped, or null when the total is not known. */
export function percent(done: number, total: number | null | undefined): number | null {
  if (!total || total <= 0) return null;
  return Math.max(0, Math.min(100, (done / total) * 100));
}

/** A timestamp (ISO 8601 or seconds since the epoch) as local date and time. */
export function formatDateTime(value: string | number | Date): string {
  const date = value instanceof Date ? value : typeof value === 'number' ? new Date(value * 1000) : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}
