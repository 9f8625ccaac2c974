import { describe, expect, it } from 'vitest';
import type { Job } from '../../api';
import { committedRows, conflictText, outcomeOf, readingAdvice, stopPoint, whenText } from './outcome';

const job = (fields: Partial<Job>): Job => ({ id: 'j', status: 'completed', phase: 'Completed', rows: 0, bytes: 0, seconds: 1, ...fields });
const importMeta = { direction: 'import' as const, targetName: 't' };
const existing = { kind: 'clickhouse' as const, connection: { host: 'h', port: 1, secure: false, database: 'd', user: 'u' }, table: 't', create: false };

describe('outcomeOf', () => {
  it('counts a completed import as loaded rows, with skipped rows and the rejects file', () => {
    const o = outcomeOf(job({ rows: 98, rejected: 2, target: { ...existing, rejects: 'a.csv.rejects.csv' } }), importMeta);
    expect(o.headline).toBe('Completed: 98 rows loaded into t');
    expect(o.details).toEqual(['100 rows read = 98 loaded + 2 bad rows skipped, written to a.csv.rejects.csv.']);
  });

  it('says how many sample rows the inferred types left out', () => {
    const o = outcomeOf(job({ rows: 5, rows_read: 6, rejected: 1, inference_skipped: 1 }), importMeta);
    expect(o.details).toEqual(['6 rows read = 5 loaded + 1 bad row skipped.', 'The column types were inferred without 1 sample row that could not be read.']);
  });

  it('says the web control for the lenient option a failed import names', () => {
    const failed = job({
      status: 'failed',
      rows: 1,
      rows_read: 1,
      error: { kind: 'data', message: 'line 3: expected 3 fields, found 2 (to read short rows with NULL for the missing trailing fields, use --ragged pad)', line: 3 },
    });
    expect(outcomeOf(failed, importMeta).details).toContain(
      'To read short rows with NULL for their missing last values, tick “Pad short rows with NULL” in the input file step.',
    );
    expect(readingAdvice('line 2: stray " in unquoted field 2 (values start with a space after each comma: try --trim)')).toEqual([
      'To drop the spaces after each delimiter, tick “Trim leading spaces” in the input file step.',
    ]);
    expect(readingAdvice('column price: abc is not a valid Decimal')).toEqual([]);
  });

  it('says how many repeated header rows were left out of an import', () => {
    expect(outcomeOf(job({ rows: 4, rows_read: 4, repeated_headers: 2 }), importMeta).details).toEqual([
      '2 repeated header rows (the header again, up to case and spaces) were left out, not loaded as data.',
    ]);
    expect(outcomeOf(job({ rows: 4, rows_read: 4, repeated_headers: 1 }), importMeta).details).toEqual([
      '1 repeated header row (the header again, up to case and spaces) was left out, not loaded as data.',
    ]);
    expect(outcomeOf(job({ rows: 4, rows_read: 4, repeated_headers: 0 }), importMeta).details).toEqual([]);
  });

  it('offers to skip bad rows after an all-or-nothing import stopped at one, and only then', () => {
    const failed = { status: 'failed' as const, rows: 3, error: { kind: 'data', message: 'line 4: expected 2 fields, found 3', line: 4 } };
    expect(outcomeOf(job({ ...failed, target: existing }), importMeta).offerSkip).toBe(true);
    expect(outcomeOf(job({ ...failed, target: { ...existing, on_error: 'skip' } }), importMeta).offerSkip).toBe(false);
    expect(outcomeOf(job({ ...failed, error: { kind: 'connection', message: 'refused' } }), importMeta).offerSkip).toBe(false);
    expect(outcomeOf(job({ rows: 3 }), importMeta).offerSkip).toBeUndefined();
  });

  it('names the manifest of a split export instead of a file that does not exist', () => {
    const manifest = { files: [{ path: 'o-00001.csv', rows: 2, bytes: 9, sha256: 'a' }, { path: 'o-00002.csv', rows: 1, bytes: 5, sha256: 'b' }] };
    const o = outcomeOf(job({ rows: 3, manifest, manifest_path: 'out/o.manifest.json' }), { direction: 'export', targetName: 'out/o.csv' });
    expect(o.headline).toBe('Completed: 3 rows exported to 2 files listed in out/o.manifest.json');
  });

  it('says a failed all-or-nothing import loaded 0 rows, where it stopped, and what was read', () => {
    const o = outcomeOf(
      job({ status: 'failed', rows: 237_135, error: { kind: 'data', message: 'line 2500, column name: expected 2 fields, found 1' }, target: existing }),
      importMeta,
    );
    expect(o.headline).toBe('0 rows loaded; stopped at line 2500: column name: expected 2 fields, found 1');
    expect(o.details).toEqual(['237,135 rows read from the file.', 't is as it was before.']);
  });

  it('prefers the fields of the contract', () => {
    const o = outcomeOf(
      job({ status: 'failed', rows: 10, rows_read: 12, rows_committed: 0, error: { kind: 'data', message: 'bad value', line: 13 } }),
      importMeta,
    );
    expect(o.headline).toBe('0 rows loaded; stopped at line 13: bad value');
    expect(o.details[0]).toBe('12 rows read from the file.');
  });

  it('says what a cancelled import committed', () => {
    expect(outcomeOf(job({ status: 'cancelled', rows: 3_226_637 }), importMeta).headline).toBe('Cancelled: 0 rows loaded (all or nothing).');
    expect(outcomeOf(job({ status: 'cancelled', rows: 50, rows_committed: 40, atomic: false }), importMeta).headline).toBe('Cancelled: 40 rows loaded.');
    expect(outcomeOf(job({ status: 'cancelled', rows: 50, atomic: false }), importMeta).headline).toBe('Cancelled: some rows may have been loaded.');
  });

  it('tells exports and interruptions apart', () => {
    const meta = { direction: 'export' as const, targetName: 'o.csv' };
    expect(outcomeOf(job({ rows: 200 }), meta).headline).toBe('Completed: 200 rows exported to o.csv');
    expect(outcomeOf(job({ status: 'cancelled', rows: 5 }), meta).headline).toBe('Cancelled after 5 rows; no file was written.');
    expect(outcomeOf(job({ status: 'interrupted', rows: 5, rows_committed: 0 }), importMeta).headline).toBe('Interrupted: Ferry stopped during the job; 0 rows loaded.');
  });

  it('does not repeat the server\'s own "N rows loaded; stopped at line N"', () => {
    const failed = job({ status: 'failed', rows: 1, error: { kind: 'data', message: '0 rows loaded; stopped at line 3: expected 3 fields, found 2', line: 3 } });
    expect(stopPoint(failed)).toEqual({ line: 3, reason: 'expected 3 fields, found 2' });
    expect(outcomeOf(failed, importMeta).headline).toBe('0 rows loaded; stopped at line 3: expected 3 fields, found 2');
  });

  it('cleans escape sequences out of messages', () => {
    expect(stopPoint(job({ error: { kind: 'query', message: 'Code: 62.\\r\\nSyntax error' } }))).toEqual({ line: null, reason: 'Code: 62. Syntax error' });
  });

  it('knows committed rows only when it can', () => {
    expect(committedRows(job({ rows: 7 }))).toBe(7);
    expect(committedRows(job({ status: 'failed', rows: 7 }))).toBe(0);
    expect(committedRows(job({ status: 'failed', rows: 7, atomic: false }))).toBeNull();
  });
});

describe('conflictText', () => {
  const now = new Date('2026-11-29T15:00:00Z');
  it('names table, time and rows', () => {
    const previous = job({ rows: 200_000, created: '2026-11-29T12:03:00Z' });
    const text = conflictText(previous, 't', 'server text', now);
    expect(text).toMatch(/^This file was already loaded into `t` at \d\d:\d\d \(200,000 rows\) — load it again\?$/);
  });

  it("falls back to the server's message", () => {
    expect(conflictText(null, 't', 'already loaded\\r\\n')).toBe('already loaded');
  });

  it('gives a date for another day', () => {
    expect(whenText('2026-05-03T12:03:00Z', now)).toMatch(/^on 3 May at \d\d:\d\d$/);
    expect(whenText(undefined)).toBeNull();
  });
});
