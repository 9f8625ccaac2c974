import { useCallback, useRef, useState } from 'react';
import type { Join, JoinDefaults, JoinType } from '../../api';

/** The kinds the builder offers, each with what it returns (shown under the select). */
export const kJoinTypes: Array<{ type: JoinType; label: string; says: string }> = [
  { type: 'INNER', label: 'INNER JOIN', says: 'Rows that match in both tables.' },
  { type: 'LEFT', label: 'LEFT JOIN', says: 'Every row of the tables before, with this table where it matches.' },
  { type: 'RIGHT', label: 'RIGHT JOIN', says: 'Every row of this table, with the tables before where they match.' },
  { type: 'FULL', label: 'FULL JOIN', says: 'Every row of both sides, matched where possible.' },
  { type: 'CROSS', label: 'CROSS JOIN', says: 'Every row paired with every row of this table (no keys).' },
  { type: 'LEFT SEMI', label: 'LEFT SEMI JOIN', says: 'Rows of the tables before that have a match, once each; no columns of this table.' },
  { type: 'LEFT ANTI', label: 'LEFT ANTI JOIN', says: 'Rows of the tables before without a match (e.g. orders without a customer).' },
  { type: 'RIGHT SEMI', label: 'RIGHT SEMI JOIN', says: 'Rows of this table that have a match, once each; only this table’s columns.' },
  { type: 'RIGHT ANTI', label: 'RIGHT ANTI JOIN', says: 'Rows of this table without a match; only this table’s columns.' },
  { type: 'ANY LEFT', label: 'LEFT JOIN, one match (ANY)', says: 'Like LEFT JOIN, but each row meets at most one match: no fan-out.' },
  { type: 'ASOF', label: 'ASOF JOIN', says: 'The closest earlier (or later) row by a time column, after the keys match. Not on ClickHouse 18.' },
  { type: 'ASOF LEFT', label: 'ASOF LEFT JOIN', says: 'Like ASOF JOIN, keeping rows without such a row.' },
];

export function isAsof(type: JoinType): boolean {
  return type === 'ASOF' || type === 'ASOF LEFT';
}

/** The joined table's columns cannot be selected after a LEFT SEMI or ANTI join. */
export function keepsJoinedColumns(type: JoinType): boolean {
  return type !== 'LEFT SEMI' && type !== 'LEFT ANTI';
}

/** A RIGHT SEMI or ANTI join returns only the joined table's columns: the tables before it are dropped. */
export function dropsEarlierColumns(type: JoinType): boolean {
  return type === 'RIGHT SEMI' || type === 'RIGHT ANTI';
}

/**
 * The tables whose columns the source joined with `rows` returns, in order - what may be selected, and what
 * a later join's keys may use (the server refuses the others). On ClickHouse 18 SEMI/ANTI run as an IN over
 * the keys, with the same columns.
 */
export function resultTables(sourceTable: string, rows: ReadonlyArray<Pick<JoinRow, 'table' | 'type'>>): string[] {
  let tables = sourceTable ? [sourceTable] : [];
  for (const row of rows) {
    if (!row.table) continue;
    if (dropsEarlierColumns(row.type)) tables = [row.table];
    else if (keepsJoinedColumns(row.type)) tables = [...tables, row.table];
  }
  return tables;
}

export type AsofOp = '>=' | '>' | '<=' | '<';

export interface AsofPair {
  left: string;
  op: AsofOp;
  right: string;
}

export interface KeyPair {
  id: number;
  /** Qualified: "orders.customer_id". */
  left: string;
  /** Unqualified column of the joined table: "id". */
  right: string;
}

export interface JoinRow {
  id: number;
  table: string;
  type: JoinType;
  pairs: KeyPair[];
  /** ASOF joins: the inequality (left qualified, right unqualified like the key pairs). */
  asof: AsofPair;
}

const kNoAsof: AsofPair = { left: '', op: '>=', right: '' };

/**
 * Proposes a key pair for a newly joined table: `<singular>_id` on the left to `id` on the right
 * (orders.customer_id = customers.id), else the first column name both sides share.
 */
export function suggestKeyPair(leftColumns: string[], table: string, rightColumns: string[]): { left: string; right: string } | null {
  const singular = table.replace(/ies$/, 'y').replace(/s$/, '');
  if (rightColumns.includes('id')) {
    const left = leftColumns.find((q) => q.endsWith(`.${singular}_id`) || q.endsWith(`.${table}_id`));
    if (left) return { left, right: 'id' };
  }
  for (const right of rightColumns) {
    const left = leftColumns.find((q) => q.slice(q.indexOf('.') + 1) === right);
    if (left) return { left, right };
  }
  return null;
}

/** Step 5: tables joined to the ClickHouse source, each with a join type and key pairs. */
export function useJoins() {
  const [rows, setRows] = useState<JoinRow[]>([]);
  /** Rows without a match get NULL (SQL semantics, the default) or ClickHouse's default values. */
  const [defaults, setDefaults] = useState<JoinDefaults>('sql');
  const nextId = useRef(1);
  const newId = () => nextId.current++;

  const update = useCallback((id: number, change: (row: JoinRow) => JoinRow) => {
    setRows((current) => current.map((row) => (row.id === id ? change(row) : row)));
  }, []);

  const addJoin = useCallback(() => {
    setRows((current) => [...current, { id: newId(), table: '', type: 'INNER', pairs: [{ id: newId(), left: '', right: '' }], asof: kNoAsof }]);
  }, []);
  const removeJoin = useCallback((id: number) => setRows((current) => current.filter((row) => row.id !== id)), []);
  const clear = useCallback(() => setRows([]), []);

  const setTable = useCallback(
    (id: number, table: string) =>
      update(id, (row) => ({ ...row, table, pairs: [{ id: newId(), left: '', right: '' }], asof: kNoAsof })),
    [update],
  );
  const setType = useCallback((id: number, type: JoinType) => update(id, (row) => ({ ...row, type })), [update]);
  const setAsof = useCallback(
    (id: number, change: Partial<AsofPair>) => update(id, (row) => ({ ...row, asof: { ...row.asof, ...change } })),
    [update],
  );
  const addPair = useCallback(
    (id: number) => update(id, (row) => ({ ...row, pairs: [...row.pairs, { id: newId(), left: '', right: '' }] })),
    [update],
  );
  const removePair = useCallback(
    (id: number, pairId: number) => update(id, (row) => ({ ...row, pairs: row.pairs.filter((p) => p.id !== pairId) })),
    [update],
  );
  const setPair = useCallback(
    (id: number, pairId: number, side: 'left' | 'right', value: string) =>
      update(id, (row) => ({ ...row, pairs: row.pairs.map((p) => (p.id === pairId ? { ...p, [side]: value } : p)) })),
    [update],
  );
  /** Fills the first pair with a suggestion if the person has not chosen anything yet. */
  const suggestPair = useCallback(
    (id: number, table: string, suggestion: { left: string; right: string }) =>
      update(id, (row) => {
        const first = row.pairs[0];
        if (row.table !== table || row.pairs.length !== 1 || !first || first.left || first.right) return row;
        return { ...row, pairs: [{ ...first, ...suggestion }] };
      }),
    [update],
  );

  return { rows, addJoin, removeJoin, clear, setTable, setType, setAsof, addPair, removePair, setPair, suggestPair, defaults, setDefaults };
}

export type JoinsState = ReturnType<typeof useJoins>;

/** The API's join list, or the first problem that keeps the joins from being complete. */
export function buildJoins(rows: JoinRow[], sourceTable: string, leftOptions: (index: number) => string[]): { joins: Join[]; problem: string | null } {
  const joins: Join[] = [];
  for (const [index, row] of rows.entries()) {
    const n = index + 1;
    if (!row.table) return { joins, problem: `Choose a table for join ${n}, or remove it.` };
    if (row.table === sourceTable) return { joins, problem: `Join ${n} joins ${row.table} to itself, which is not supported.` };
    const allowed = new Set(leftOptions(index));
    if (row.type === 'CROSS') {
      joins.push({ table: row.table, type: row.type });
      continue;
    }
    const complete = row.pairs.filter((p) => p.left && p.right);
    if (complete.length === 0) return { joins, problem: `Join ${n} (${row.table}) needs at least one key pair.` };
    if (complete.length !== row.pairs.length) return { joins, problem: `Join ${n} (${row.table}) has an incomplete key pair.` };
    const invalid = complete.find((p) => !allowed.has(p.left));
    if (invalid) return { joins, problem: `Join ${n}: ${invalid.left} is not a column of the tables before it.` };
    const join: Join = { table: row.table, type: row.type, on: complete.map((p) => [p.left, `${row.table}.${p.right}`] as [string, string]) };
    if (isAsof(row.type)) {
      if (!row.asof.left || !row.asof.right) return { joins, problem: `Join ${n} (${row.table}) needs its ASOF condition (e.g. the time columns).` };
      if (!allowed.has(row.asof.left)) return { joins, problem: `Join ${n}: ${row.asof.left} is not a column of the tables before it.` };
      join.asof = [row.asof.left, row.asof.op, `${row.table}.${row.asof.right}`];
    }
    joins.push(join);
  }
  return { joins, problem: null };
}
