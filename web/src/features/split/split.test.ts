import { describe, expect, it } from 'vitest';
import { kNoSplit, parseSize, seriesNames, splitFieldsOf } from './split';

describe('split options', () => {
  it('reads sizes with units', () => {
    expect(parseSize('500M')).toBe(500_000_000);
    expect(parseSize('1.5 GB')).toBe(1_500_000_000);
    expect(parseSize('64 MiB')).toBe(64 * 1024 * 1024);
    expect(parseSize('1048576')).toBe(1_048_576);
    expect(parseSize('')).toBeNull();
    expect(parseSize('-5M')).toBeNull();
    expect(parseSize('5 parsecs')).toBeNull();
    expect(parseSize('0')).toBeNull();
  });

  it('sends nothing when off, and what is filled in when on', () => {
    expect(splitFieldsOf({ ...kNoSplit, rowsText: '10' })).toEqual({ fields: {}, rowsError: null, bytesError: null, problem: null });
    expect(splitFieldsOf({ enabled: true, rowsText: '100,000', bytesText: '', partitionBy: '' }).fields).toEqual({ split_rows: 100_000 });
    expect(splitFieldsOf({ enabled: true, rowsText: '', bytesText: '1G', partitionBy: ' toYYYYMM(day) ' }).fields).toEqual({
      split_bytes: 1_000_000_000,
      partition_by: 'toYYYYMM(day)',
    });
  });

  it('says what is wrong', () => {
    const bad = splitFieldsOf({ enabled: true, rowsText: '1.5', bytesText: 'lots', partitionBy: '' });
    expect(bad.rowsError).toMatch(/whole number/);
    expect(bad.bytesError).toMatch(/500M/);
    expect(bad.problem).toMatch(/split options/);
    expect(bad.fields).toEqual({});
    expect(splitFieldsOf({ ...kNoSplit, enabled: true }).problem).toMatch(/turn splitting off/);
  });

  it('names the first file and the manifest as the server does', () => {
    expect(seriesNames('out.csv.gz')).toEqual({ first: 'out-00001.csv.gz', manifest: 'out.manifest.json' });
    expect(seriesNames('exports/orders.tsv')).toEqual({ first: 'exports/orders-00001.tsv', manifest: 'exports/orders.manifest.json' });
    expect(seriesNames('data')).toEqual({ first: 'data-00001', manifest: 'data.manifest.json' });
  });
});
