import { describe, expect, it } from 'vitest';
import { describeFiles, folderOf, foldersOf, isDataFile, summarize, toggled, withAdded } from './fileSet';

const file = (name: string, size = 100) => ({ name, size, modified: '2026-01-01T00:00:00Z' });

describe('file set', () => {
  it('finds the folders that hold files', () => {
    expect(folderOf('a.csv')).toBe('');
    expect(folderOf('logs/2024/a.csv')).toBe('logs/2024');
    const folders = foldersOf([file('top.csv'), file('logs/b.csv', 5), file('logs/README.md', 9), file('logs/a.csv', 7), file('logs/2024/c.csv'), file('docs/x.md')]);
    expect(folders.map((f) => f.folder)).toEqual(['logs', 'logs/2024']);
    expect(folders[0]).toEqual({ folder: 'logs', files: ['logs/b.csv', 'logs/a.csv'], size: 12 });
  });

  it('knows data files by extension', () => {
    expect(['a.csv', 'b.TSV', 'c.txt.gz', 'd.csv.zst'].every(isDataFile)).toBe(true);
    expect(['README.md', 'x.csv.bak', 'out.manifest.json'].some(isDataFile)).toBe(false);
  });

  it('toggles and adds without duplicates, keeping the order', () => {
    expect(toggled(['a', 'b'], 'c')).toEqual(['a', 'b', 'c']);
    expect(toggled(['a', 'b'], 'a')).toEqual(['b']);
    expect(withAdded(['b', 'a'], ['a', 'c', 'c', 'd'])).toEqual(['b', 'a', 'c', 'd']);
  });

  it('counts the files and their total size', () => {
    const files = [file('a.csv', 1000), file('b.csv', 2500), file('c.csv', 500)];
    expect(summarize(['a.csv', 'b.csv'], files)).toMatchObject({ count: 2, size: 3500 });
    expect(summarize(['a.csv', 'b.csv'], files).text).toMatch(/^2 files, /);
    expect(summarize(['c.csv'], files).text).toMatch(/^1 file, /);
  });

  it('names one file, or the count and the first two', () => {
    expect(describeFiles(['a.csv'])).toBe('a.csv');
    expect(describeFiles(['a.csv', 'b.csv'])).toBe('2 files (a.csv, b.csv)');
    expect(describeFiles(['a.csv', 'b.csv', 'c.csv'])).toBe('3 files (a.csv, b.csv, …)');
  });
});
