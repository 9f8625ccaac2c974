import type { Job } from '../../api';
import { readableMessage } from '../../api/error';
import { formatCount, plural } from '../../lib/format';
import type { TransferMeta } from './useTransfer';

/// How a finished job is told, with honest counts: what is in the target now, apart from what was read.

export interface Outcome {
  tone: 'success' | 'error' | 'warning';
  headline: string;
  /** Further facts, one sentence each. */
  details: string[];
  /** A failed all-or-nothing import stopped at a bad row: skipping bad rows would load the rest. */
  offerSkip?: boolean;
}

/** Rows that are in the target now. Without the field, imports are all-or-nothing unless said otherwise. */
export function committedRows(job: Job): number | null {
  if (typeof job.rows_committed === 'number') return job.rows_committed;
  if (job.status === 'completed') return job.rows;
  return job.atomic === false ? null : 0;
}

/** Records parsed from the input. */
export function rowsRead(job: Job): number {
  return typeof job.rows_read === 'number' ? job.rows_read : job.rows + (job.rejected ?? 0);
}

/** The line an import stopped at, and the reason without a repeated "line N, " prefix. */
export function stopPoint(job: Job): { line: number | null; reason: string } {
  const message = readableMessage(job.error?.message ?? 'it did not say why');
  // The server words a failed import "0 rows loaded; stopped at line 3: reason" (job_outcome.cpp): the
  // headline says both itself.
  const prefix = /^(?:[\d,]+ rows? loaded; stopped )?(?:at )?line (\d+)[,:]?\s*/i.exec(message);
  const line = typeof job.error?.line === 'number' ? job.error.line : prefix ? Number(prefix[1]) : null;
  const reason = prefix && (job.error?.line === undefined || Number(prefix[1]) === line) ? message.slice(prefix[0].length) : message;
  return { line, reason: reason || message };
}

function rowsWord(n: number): string {
  return plural(n, 'row');
}

export function outcomeOf(job: Job, meta: TransferMeta): Outcome {
  const isImport = meta.direction === 'import';
  const read = rowsRead(job);
  const committed = committedRows(job);
  const into = meta.targetName ? ` into ${meta.targetName}` : '';
  const rejected = job.rejected ?? 0;
  const readDetail = `${rowsWord(read)} read from the file.`;
  const loadedText = committed === null ? 'Some rows may have been loaded' : `${rowsWord(committed)} loaded`;
  const rejectsFile = job.target?.kind === 'clickhouse' ? job.target.rejects : undefined;

  if (job.status === 'completed') {
    const details: string[] = [];
    if (isImport && rejected > 0) {
      // The counts add up: every record read is either loaded or in the rejects file.
      details.push(
        `${rowsWord(read)} read = ${formatCount(committed ?? job.rows)} loaded + ${plural(rejected, 'bad row')} skipped${rejectsFile ? `, written to ${rejectsFile}` : ''}.`,
      );
    }
    if (isImport && (job.inference_skipped ?? 0) > 0) {
      details.push(`The column types were inferred without ${plural(job.inference_skipped ?? 0, 'sample row')} that could not be read.`);
    }
    if (isImport && (job.repeated_headers ?? 0) > 0) {
      // Concatenated files repeat the header: not data, not bad rows (docs/dirty-rows.md).
      const n = job.repeated_headers ?? 0;
      details.push(`${plural(n, 'repeated header row')} (the header again, up to case and spaces) ${n === 1 ? 'was' : 'were'} left out, not loaded as data.`);
    }
    return {
      tone: 'success',
      headline: isImport
        ? `Completed: ${rowsWord(committed ?? job.rows)} loaded${into}`
        : job.manifest
          ? `Completed: ${rowsWord(job.rows)} exported to ${plural(job.manifest.files.length, 'file')} listed in ${job.manifest_path ?? 'the manifest'}`
          : `Completed: ${rowsWord(job.rows)} exported to ${meta.targetName}`,
      details,
    };
  }

  if (job.status === 'failed') {
    if (!isImport) {
      return { tone: 'error', headline: `Export failed; no file was written: ${readableMessage(job.error?.message ?? 'it did not say why')}`, details: [] };
    }
    const { line, reason } = stopPoint(job);
    const skipping = job.target?.kind === 'clickhouse' && job.target.on_error === 'skip';
    return {
      tone: 'error',
      offerSkip: line !== null && job.error?.kind === 'data' && !skipping,
      headline: `${loadedText}; stopped${line !== null ? ` at line ${line}` : ''}: ${reason}`,
      // "As it was" only holds for a table that existed before the job.
      details: [
        readDetail,
        ...(committed === 0 && job.target?.kind === 'clickhouse' && job.target.create === false ? [`${meta.targetName} is as it was before.`] : []),
        ...readingAdvice(job.error?.message ?? ''),
      ],
    };
  }

  if (job.status === 'cancelled') {
    if (!isImport) return { tone: 'warning', headline: `Cancelled after ${rowsWord(job.rows)}; no file was written.`, details: [] };
    return {
      tone: 'warning',
      headline: `Cancelled: ${loadedText.charAt(0).toLowerCase()}${loadedText.slice(1)}${committed === 0 ? ' (all or nothing)' : ''}.`,
      details: [readDetail],
    };
  }

  // interrupted: the server stopped while the job ran.
  return {
    tone: 'warning',
    headline: isImport
      ? `Interrupted: Ferry stopped during the job; ${loadedText.charAt(0).toLowerCase()}${loadedText.slice(1)}.`
      : 'Interrupted: Ferry stopped during the export; no file was written.',
    details: isImport ? [readDetail] : [],
  };
}

/**
 * The lenient reading options the server's error names as command-line flags (`--ragged pad`, `--trim`),
 * said as the controls of the input file step that set them.
 */
export function readingAdvice(message: string): string[] {
  const advice: string[] = [];
  if (message.includes('--ragged pad')) advice.push('To read short rows with NULL for their missing last values, tick “Pad short rows with NULL” in the input file step.');
  if (message.includes('--trim')) advice.push('To drop the spaces after each delimiter, tick “Trim leading spaces” in the input file step.');
  return advice;
}

/** "at 12:03" today, else "on 3 May at 12:03". */
export function whenText(iso: string | undefined, now = new Date()): string | null {
  if (!iso) return null;
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return null;
  const time = at.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  const sameDay = at.toDateString() === now.toDateString();
  return sameDay ? `at ${time}` : `on ${at.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' })} at ${time}`;
}

/** "this file was already loaded into `t` at 12:03 (200,000 rows) — load it again?" */
export function conflictText(previous: Job | null, table: string, serverMessage: string, now = new Date()): string {
  if (!previous) return readableMessage(serverMessage);
  const when = whenText(previous.finished ?? previous.created, now);
  const rows = committedRows(previous) ?? previous.rows;
  return `This file was already loaded into \`${table}\`${when ? ` ${when}` : ''} (${rowsWord(rows)}) — load it again?`;
}
