import { describe, expect, it } from 'vitest';
import { buildJoins, isAsof, keepsJoinedColumns, kJoinTypes, resultTables, suggestKeyPair, type JoinRow } from './useJoins';

const left = () => ['orders.id', 'orders.customer_id', 'orders.ts'];

function row(change: Partial<JoinRow>): JoinRow {
  return {
    id: 1,
    table: 'customers',
    type: 'LEFT',
    pairs: [{ id: 2, left: 'orders.customer_id', right: 'id' }],
    asof: { left: '', op: '>=', right: '' },
    ...change,
  };
}

describe('buildJoins', () => {
  it('writes the key pairs qualified', () => {
    expect(buildJoins([row({})], 'orders', left)).toEqual({
      joins: [{ table: 'customers', type: 'LEFT', on: [['orders.customer_id', 'customers.id']] }],
      problem: null,
    });
  });

  it('sends a CROSS join without keys, whatever the pairs say', () => {
    expect(buildJoins([row({ type: 'CROSS', pairs: [{ id: 2, left: '', right: '' }] })], 'orders', left)).toEqual({
      joins: [{ table: 'customers', type: 'CROSS' }],
      problem: null,
    });
  });

  it('sends SEMI and ANTI kinds as the API spells them', () => {
    const { joins } = buildJoins([row({ type: 'LEFT ANTI' })], 'orders', left);
    expect(joins[0]?.type).toBe('LEFT ANTI');
  });

  it('needs the inequality of an ASOF join and sends it qualified', () => {
    expect(buildJoins([row({ type: 'ASOF LEFT', table: 'prices' })], 'orders', left).problem).toBe(
      'Join 1 (prices) needs its ASOF condition (e.g. the time columns).',
    );
    const asof = row({ type: 'ASOF', table: 'prices', asof: { left: 'orders.ts', op: '>=', right: 'ts' } });
    expect(buildJoins([asof], 'orders', left).joins[0]).toEqual({
      table: 'prices',
      type: 'ASOF',
      on: [['orders.customer_id', 'prices.id']],
      asof: ['orders.ts', '>=', 'prices.ts'],
    });
    const foreign = row({ type: 'ASOF', table: 'prices', asof: { left: 'x.ts', op: '<', right: 'ts' } });
    expect(buildJoins([foreign], 'orders', left).problem).toBe('Join 1: x.ts is not a column of the tables before it.');
  });

  it('says what is missing', () => {
    expect(buildJoins([row({ table: '' })], 'orders', left).problem).toBe('Choose a table for join 1, or remove it.');
    expect(buildJoins([row({ pairs: [{ id: 2, left: '', right: '' }] })], 'orders', left).problem).toBe(
      'Join 1 (customers) needs at least one key pair.',
    );
    expect(buildJoins([row({ table: 'orders' })], 'orders', left).problem).toContain('to itself');
  });
});

describe('join kinds', () => {
  it('offers every kind once, each with an explanation', () => {
    const types = kJoinTypes.map((k) => k.type);
    expect(new Set(types).size).toBe(types.length);
    expect(types).toEqual(expect.arrayContaining(['INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'LEFT SEMI', 'LEFT ANTI', 'RIGHT SEMI', 'RIGHT ANTI', 'ASOF', 'ASOF LEFT']));
    for (const kind of kJoinTypes) expect(kind.says.length).toBeGreaterThan(10);
  });

  it('knows which kinds drop the joined columns and which are ASOF', () => {
    expect(keepsJoinedColumns('LEFT SEMI')).toBe(false);
    expect(keepsJoinedColumns('LEFT ANTI')).toBe(false);
    expect(keepsJoinedColumns('RIGHT ANTI')).toBe(true);
    expect(keepsJoinedColumns('FULL')).toBe(true);
    expect(isAsof('ASOF LEFT')).toBe(true);
    expect(isAsof('LEFT')).toBe(false);
  });
});

describe('suggestKeyPair', () => {
  it('proposes <singular>_id = id', () => {
    expect(suggestKeyPair(left(), 'customers', ['id', 'name'])).toEqual({ left: 'orders.customer_id', right: 'id' });
  });
});

describe('resultTables', () => {
  const joined = (...kinds: Array<[string, JoinRow['type']]>) => kinds.map(([table, type]) => ({ table, type }));

  it('offers the source and every table joined with columns', () => {
    expect(resultTables('orders', [])).toEqual(['orders']);
    expect(resultTables('orders', joined(['customers', 'LEFT'], ['items', 'INNER']))).toEqual(['orders', 'customers', 'items']);
  });

  it('leaves out the joined table of a LEFT SEMI or ANTI join', () => {
    expect(resultTables('orders', joined(['customers', 'LEFT ANTI']))).toEqual(['orders']);
    expect(resultTables('orders', joined(['customers', 'LEFT SEMI'], ['items', 'LEFT']))).toEqual(['orders', 'items']);
  });

  it('keeps only the joined table after a RIGHT SEMI or ANTI join, and what is joined after it', () => {
    expect(resultTables('orders', joined(['customers', 'RIGHT SEMI']))).toEqual(['customers']);
    expect(resultTables('orders', joined(['items', 'LEFT'], ['customers', 'RIGHT ANTI'], ['regions', 'LEFT']))).toEqual([
      'customers',
      'regions',
    ]);
  });

  it('skips rows without a table yet', () => {
    expect(resultTables('orders', joined(['', 'RIGHT SEMI']))).toEqual(['orders']);
    expect(resultTables('', [])).toEqual([]);
  });
});
