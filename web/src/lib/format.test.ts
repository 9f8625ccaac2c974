import { describe, expect, it } from 'vitest';
import {
  estimateSecondsLeft,
  formatBytes,
  formatCount,
  formatDuration,
  formatMegabytesPerSecond,
  formatRowRate,
  percent,
  plural,
} from './format';

describe('formatCount', () => {
  it('groups thousands', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(12345)).toBe('12,345');
    expect(formatCount(1234567.6)).toBe('1,234,568');
    expect(formatCount(Number.NaN)).toBe('—');
  });

  it('pluralizes', () => {
    expect(plural(1, 'record')).toBe('1 record');
    expect(plural(12345, 'record')).toBe('12,345 records');
    expect(plural(0, 'row')).toBe('0 rows');
  });
});

describe('formatBytes', () => {
  it('uses decimal units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1000)).toBe('1.0 KB');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(12_345_678)).toBe('12.3 MB');
    expect(formatBytes(123_456_789)).toBe('123 MB');
    expect(formatBytes(5e9)).toBe('5.0 GB');
    expect(formatBytes(2.5e15)).toBe('2.5 PB');
  });

  it('never shows 1000 of a unit', () => {
    expect(formatBytes(999_960)).toBe('1.0 MB');
  });

  it('handles bad input', () => {
    expect(formatBytes(-1)).toBe('—');
    expect(formatBytes(Number.POSITIVE_INFINITY)).toBe('—');
  });
});

describe('formatDuration', () => {
  it('formats seconds, minutes, hours and days', () => {
    expect(formatDuration(0)).toBe('0.0 s');
    expect(formatDuration(0.04)).toBe('<0.1 s');
    expect(formatDuration(0.05)).toBe('0.1 s');
    expect(formatDuration(4.25)).toBe('4.3 s');
    expect(formatDuration(9.96)).toBe('10 s');
    expect(formatDuration(42.4)).toBe('42 s');
    expect(formatDuration(59.6)).toBe('1 min 00 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
    expect(formatDuration(2 * 3600 + 7 * 60 + 30)).toBe('2 h 07 min');
    expect(formatDuration(26 * 3600)).toBe('1 d 02 h');
    expect(formatDuration(-5)).toBe('—');
  });
});

describe('rates', () => {
  it('formats rows per second', () => {
    expect(formatRowRate(24690, 2)).toBe('12,345 rows/s');
    expect(formatRowRate(100, 0)).toBe('— rows/s');
  });

  it('formats megabytes per second', () => {
    expect(formatMegabytesPerSecond(3_000_000, 2)).toBe('1.5 MB/s');
    expect(formatMegabytesPerSecond(500_000_000, 2)).toBe('250 MB/s');
    expect(formatMegabytesPerSecond(1, 0)).toBe('— MB/s');
  });
});

describe('progress estimates', () => {
  it('estimates time left at the average rate', () => {
    expect(estimateSecondsLeft(25, 100, 10)).toBe(30);
    expect(estimateSecondsLeft(100, 100, 10)).toBe(0);
    expect(estimateSecondsLeft(0, 100, 10)).toBeNull();
    expect(estimateSecondsLeft(10, 0, 10)).toBeNull();
    expect(estimateSecondsLeft(10, null, 10)).toBeNull();
    expect(estimateSecondsLeft(10, 100, 0)).toBeNull();
  });

  it('computes a clamped percentage', () => {
    expect(percent(50, 200)).toBe(25);
    expect(percent(300, 200)).toBe(100);
    expect(percent(5, 0)).toBeNull();
    expect(percent(5, undefined)).toBeNull();
  });
});
