import { describe, expect, it } from 'vitest';
import { checkTypes, mappingProblem, matchColumns, mergeRows, rowsFromColumns, schemaOf, schemaProblem, splitNullable, suggestOrderBy, withNullable } from './schema';

describe('types', () => {
  it('splits and joins Nullable', () => {
    expect(splitNullable('Nullable(String)')).toEqual({ base: 'String', nullable: true });
    expect(splitNullable('DateTime64(3)')).toEqual({ base: 'DateTime64(3)', nullable: false });
    expect(withNullable('Float64', true)).toBe('Nullable(Float64)');
    expect(withNullable('LowCardinality(String)', true)).toBe('LowCardinality(Nullable(String))');
    expect(withNullable('UInt8', false)).toBe('UInt8');
  });
});

describe('schema rows', () => {
  const columns = [
    { name: 'Customer ID', type: 'Int64' },
    { name: 'name', type: 'Nullable(String)' },
  ];

  it('start as inferred and become the request schema of the loaded columns', () => {
    const rows = rowsFromColumns(columns);
    expect(rows[1]).toEqual({ fileColumn: 'name', name: 'name', base: 'String', nullable: true, inferred: 'Nullable(String)' });
    const edited = rows.map((r) => (r.fileColumn === 'Customer ID' ? { ...r, name: ' customer_id ', base: 'UInt32' } : r));
    expect(schemaOf(edited, () => true)).toEqual([
      { file_column: 'Customer ID', name: 'customer_id', type: 'UInt32' },
      { file_column: 'name', name: 'name', type: 'Nullable(String)' },
    ]);
    expect(schemaOf(edited, (c) => c !== 'name')).toHaveLength(1);
  });

  it('keep edits across a new sample unless the inferred type changed', () => {
    const edited = rowsFromColumns(columns).map((r) => ({ ...r, name: `${r.name}_x` }));
    const merged = mergeRows(edited, [{ name: 'Customer ID', type: 'Int64' }, { name: 'name', type: 'String' }, { name: 'new', type: 'Date' }]);
    expect(merged.map((r) => r.name)).toEqual(['Customer ID_x', 'name', 'new']);
  });

  it('say what would make CREATE TABLE fail', () => {
    expect(schemaProblem([], [])).toBe('Load at least one column.');
    expect(schemaProblem([{ file_column: 'a', name: '', type: 'String' }], [])).toMatch(/Name the column/);
    expect(schemaProblem([{ file_column: 'a', name: 'x', type: 'String' }, { file_column: 'b', name: 'x', type: 'String' }], [])).toMatch(/Two columns/);
    expect(schemaProblem([{ file_column: 'a', name: 'x', type: 'Nullable(String)' }], ['x'])).toMatch(/Nullable/);
    expect(schemaProblem([{ file_column: 'a', name: 'x', type: 'String' }], ['y'])).toMatch(/not loaded/);
    expect(schemaProblem([{ file_column: 'a', name: 'x', type: 'String' }], ['x'])).toBeNull();
  });

  it('propose the first non-Nullable column as the sorting key', () => {
    expect(suggestOrderBy([{ file_column: 'a', name: 'a', type: 'Nullable(Int64)' }, { file_column: 'b', name: 'b', type: 'Date' }])).toEqual(['b']);
    expect(suggestOrderBy([{ file_column: 'a', name: 'a', type: 'Nullable(Int64)' }])).toEqual([]);
  });
});

describe('mapping', () => {
  it('pairs by exact name, then case, then punctuation, each table column once', () => {
    expect(matchColumns(['id', 'ID', 'Customer Name', 'extra'], ['id', 'customer_name', 'other'])).toEqual({
      id: 'id',
      ID: '',
      'Customer Name': 'customer_name',
      extra: '',
    });
    expect(matchColumns(['NAME'], ['name'])).toEqual({ NAME: 'name' });
  });

  it('finds a mapping without pairs or with two columns into one', () => {
    expect(mappingProblem({ a: '' }, ['a'])).toMatch(/at least one/);
    expect(mappingProblem({ a: 'x', b: 'x' }, ['a', 'b'])).toMatch(/Two file columns go into “x”/);
    expect(mappingProblem({ a: 'x', b: 'x' }, ['a'])).toBeNull();
  });

  it('checks each pair of types in words', () => {
    expect(checkTypes('Int64', 'Int64').level).toBe('ok');
    expect(checkTypes('Int64', 'String').level).toBe('ok');
    expect(checkTypes('Int64', 'UInt32')).toEqual({ level: 'warn', message: 'Negative numbers do not fit UInt32.' });
    expect(checkTypes('UInt64', 'UInt8').message).toMatch(/Large numbers/);
    expect(checkTypes('Float64', 'Int32').level).toBe('error');
    expect(checkTypes('String', 'Date').message).toMatch(/Text must parse as Date/);
    expect(checkTypes('Nullable(Int64)', 'Int64').message).toMatch(/Empty values become the column default/);
    expect(checkTypes('Nullable(Int64)', 'Nullable(Int64)').level).toBe('ok');
    expect(checkTypes('Date', 'DateTime').level).toBe('warn');
    expect(checkTypes('Date', 'UInt8').level).toBe('error');
  });
});
