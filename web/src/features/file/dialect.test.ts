import { describe, expect, it } from 'vitest';
import type { Dialect } from '../../api';
import { customDelimiterError, delimiterForName, fileSpecOf, overridesFrom, resolveDialect, schemaRequestOf } from './dialect';

const sniffed: Dialect = { delimiter: ';', quote: '"', header: false, skip_lines: 2, encoding: 'WINDOWS-1252', decimal_comma: true, confidence: 0.9 };

describe('resolveDialect', () => {
  it('follows the extension when nothing was chosen or sniffed', () => {
    expect(resolveDialect('a.tsv', {}, null)).toMatchObject({ delimiterChoice: 'tab', delimiter: 'tab', header: true, encoding: 'utf-8' });
    expect(resolveDialect('a.psv.gz', {}, null).delimiter).toBe('|');
    expect(resolveDialect('a.txt', {}, null).delimiter).toBe(',');
    expect(resolveDialect('a.txt', {}, null).suggested.size).toBe(0);
  });

  it('shows what the server sniffed, marked as a suggestion', () => {
    const d = resolveDialect('a.csv', {}, sniffed);
    expect(d).toMatchObject({ delimiter: ';', header: false, skipLines: 2, encoding: 'windows-1252', decimalComma: true });
    expect([...d.suggested].sort()).toEqual(['decimalComma', 'delimiter', 'encoding', 'header', 'skipLines']);
  });

  it("lets the person's choices win over the sniffer", () => {
    const d = resolveDialect('a.csv', { delimiter: 'tab', header: true }, sniffed);
    expect(d).toMatchObject({ delimiter: 'tab', header: true, skipLines: 2 });
    expect(d.suggested.has('delimiter')).toBe(false);
    expect(d.suggested.has('skipLines')).toBe(true);
  });

  it('maps a sniffed odd character to the custom field', () => {
    expect(resolveDialect('a.csv', {}, { ...sniffed, delimiter: '^' })).toMatchObject({ delimiterChoice: 'custom', customDelimiter: '^', delimiter: '^' });
    expect(resolveDialect('a.csv', {}, { ...sniffed, delimiter: '\t' }).delimiterChoice).toBe('tab');
  });
});

describe('requests', () => {
  it('asks the schema with only what was chosen, so a sniffed answer does not change the question', () => {
    expect(schemaRequestOf('a.csv', {})).toEqual({ path: 'a.csv' });
    expect(schemaRequestOf('a.csv', { delimiter: ';', header: false })).toEqual({ path: 'a.csv', delimiter: ';', header: false });
    expect(schemaRequestOf('a.csv', { delimiter: 'custom', customDelimiter: '' })).toBeNull();
    expect(schemaRequestOf('a.csv', { delimiter: 'custom', customDelimiter: '#' })).toEqual({ path: 'a.csv', delimiter: '#' });
    expect(schemaRequestOf('', {})).toBeNull();
  });

  it('sends a job every resolved field, leaving out defaults', () => {
    expect(fileSpecOf('a.csv', resolveDialect('a.csv', {}, null), true)).toEqual({ path: 'a.csv', delimiter: ',', header: true });
    expect(fileSpecOf('a.csv', resolveDialect('a.csv', {}, sniffed), true)).toEqual({
      path: 'a.csv',
      delimiter: ';',
      header: false,
      encoding: 'windows-1252',
      skip_lines: 2,
      decimal_comma: true,
    });
    expect(fileSpecOf('o.tsv', resolveDialect('o.tsv', {}, sniffed), false)).toEqual({ path: 'o.tsv', delimiter: ';', header: false });
  });

  it('sends the lenient reading options only when ticked, to the schema and the job alike', () => {
    const overrides = { trim: true, padRagged: true };
    expect(schemaRequestOf('a.csv', overrides)).toEqual({ path: 'a.csv', trim: true, ragged: 'pad' });
    expect(fileSpecOf('a.csv', resolveDialect('a.csv', overrides, null), true)).toEqual({
      path: 'a.csv',
      delimiter: ',',
      header: true,
      trim: true,
      ragged: 'pad',
    });
    expect(schemaRequestOf('a.csv', { trim: false })).toEqual({ path: 'a.csv' });
    // Never sniffed: the sniffer's dialect does not turn them on.
    expect(resolveDialect('a.csv', {}, sniffed)).toMatchObject({ trim: false, padRagged: false });
  });

  it('sends lenient quotes and kept repeated headers only when ticked, as the API spells them', () => {
    const overrides = { lenientQuotes: true, keepRepeatedHeaders: true };
    expect(schemaRequestOf('a.csv', overrides)).toEqual({ path: 'a.csv', quotes: 'lenient', repeated_headers: 'keep' });
    expect(fileSpecOf('a.csv', resolveDialect('a.csv', overrides, null), true)).toEqual({
      path: 'a.csv',
      delimiter: ',',
      header: true,
      quotes: 'lenient',
      repeated_headers: 'keep',
    });
    expect(schemaRequestOf('a.csv', { lenientQuotes: false, keepRepeatedHeaders: false })).toEqual({ path: 'a.csv' });
    // Never sniffed, and not sent with an export's output file.
    expect(resolveDialect('a.csv', {}, sniffed)).toMatchObject({ lenientQuotes: false, keepRepeatedHeaders: false });
    expect(fileSpecOf('o.csv', resolveDialect('o.csv', overrides, null), false)).toEqual({ path: 'o.csv', delimiter: ',', header: true });
  });

  it('takes the whole detected dialect as the one-click fix', () => {
    expect(resolveDialect('a.csv', overridesFrom(sniffed), null)).toMatchObject({ delimiter: ';', header: false, skipLines: 2, decimalComma: true });
  });
});

describe('small rules', () => {
  it('reads extensions', () => {
    expect(delimiterForName('X.TSV')).toBe('tab');
    expect(delimiterForName('x.tab.zst')).toBe('tab');
    expect(delimiterForName('x.csv')).toBe(',');
    expect(delimiterForName('x')).toBeNull();
  });

  it('says nothing about an empty custom delimiter', () => {
    expect(customDelimiterError('custom', '')).toBeNull();
    expect(customDelimiterError('custom', 'ab')).toBe('Type exactly one character.');
    expect(customDelimiterError('custom', '😀')).toBeNull();
    expect(customDelimiterError(',', 'ab')).toBeNull();
  });
});
