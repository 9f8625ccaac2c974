import { describe, expect, it } from 'vitest';
import type { Job } from '../../api';
import { progressOf } from './progress';

const job = (fields: Partial<Job>): Job => ({ id: 'j', status: 'running', phase: 'Ingesting', rows: 0, bytes: 0, seconds: 0, ...fields });

describe('progressOf', () => {
  it('uses the total bytes when the server knows them', () => {
    const view = progressOf(job({ bytes: 250, total_bytes: 1000, rows: 10, seconds: 5 }), 1_000_000);
    expect(view).toEqual({ percent: 25, secondsLeft: 15, basis: 'bytes', finished: false });
  });

  it('falls back to the expected rows, held below 100% while running', () => {
    expect(progressOf(job({ rows: 50, seconds: 2 }), 200)).toMatchObject({ percent: 25, secondsLeft: 6, basis: 'rows' });
    expect(progressOf(job({ rows: 250, seconds: 2 }), 200).percent).toBe(99);
  });

  it('is indeterminate without any total', () => {
    expect(progressOf(job({ rows: 50, bytes: 10, seconds: 2, total_bytes: 0 }), null)).toMatchObject({ percent: null, secondsLeft: null, basis: null });
  });

  it('is 100% when completed, whatever it knew', () => {
    expect(progressOf(job({ status: 'completed', phase: 'Completed', rows: 10 }))).toMatchObject({ percent: 100, secondsLeft: 0, finished: true });
  });

  it('keeps the last percentage but no time left when failed or cancelled', () => {
    const view = progressOf(job({ status: 'cancelled', phase: 'Cancelled', bytes: 500, total_bytes: 1000, seconds: 1 }));
    expect(view).toMatchObject({ percent: 50, secondsLeft: null, finished: true });
    expect(progressOf(job({ status: 'failed', phase: 'Error' })).percent).toBeNull();
  });
});
