import { describe, expect, it } from 'vitest';
import { newestFirst, type Job } from '../../api';
import { jobCounts, jobTitle } from './JobsPanel';

const job = (fields: Partial<Job>): Job => ({ id: 'j', status: 'completed', phase: 'Completed', rows: 0, bytes: 0, seconds: 1, ...fields });
const connection = { host: 'h', port: 1, secure: false, database: 'd', user: 'u' };

describe('jobs', () => {
  it('lists newest first, by time, else reversing the server order', () => {
    const a = job({ id: 'a', created: '2026-01-01T10:00:00Z' });
    const b = job({ id: 'b', created: '2026-01-01T11:00:00Z' });
    const c = job({ id: 'c', created: '2026-01-01T09:00:00Z' });
    expect(newestFirst([a, b, c]).map((j) => j.id)).toEqual(['b', 'a', 'c']);
    expect(newestFirst([job({ id: 'x' }), job({ id: 'y' })]).map((j) => j.id)).toEqual(['y', 'x']);
  });

  it('names what moved', () => {
    expect(jobTitle(job({ source: { kind: 'file', path: 'p.csv' }, target: { kind: 'clickhouse', connection, table: 't' } }))).toBe('p.csv → t');
    expect(
      jobTitle(job({ source: { kind: 'clickhouse', connection, table: 'o', join: [{ table: 'c', type: 'LEFT', on: [] }] }, target: { kind: 'file', path: 'o.csv' } })),
    ).toBe('o + 1 joined → o.csv');
    expect(jobTitle(job({ source: { kind: 'file', path: 'a.csv', paths: ['a.csv', 'b.csv', 'c.csv'] }, target: { kind: 'clickhouse', connection, table: 't' } }))).toBe(
      'a.csv + 2 more → t',
    );
  });

  it('counts loaded apart from read', () => {
    const source = { kind: 'file' as const, path: 'p.csv' };
    expect(jobCounts(job({ source, rows: 5, rejected: 1 }))).toBe('5 loaded of 6 read, 1 skipped') // loaded + skipped = read;
    expect(jobCounts(job({ source, status: 'failed', rows: 237_135 }))).toBe('0 loaded of 237,135 read');
    expect(jobCounts(job({ source, status: 'cancelled', rows_read: 9, rows_committed: 0, rows: 9 }))).toBe('0 loaded of 9 read');
    expect(jobCounts(job({ kind: 'export', rows: 3 }))).toBe('3 rows written');
  });
});
