import { useCallback, useMemo, useRef, useState } from 'react';
import type { Join, JoinType } from '../../api';

export const kJoinTypes: JoinType[] = ['INNER', 'LEFT', 'RIGHT', 'FULL'];

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
}

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
  const nextId = useRef(1);
  const newId = () => nextId.current++;

  const update = useCallback((id: number, change: (row: JoinRow) => JoinRow) => {
    setRows((current) => current.map((row) => (row.id === id ? change(row) : row)));
  }, []);

  const addJoin = useCallback(() => {
    setRows((current) => [...current, { id: newId(), table: '', type: 'INNER', pairs: [{ id: newId(), left: '', right: '' }] }]);
  }, []);
  const removeJoin = useCallback((id: number) => setRows((current) => current.filter((row) => row.id !== id)), []);
  const clear = useCallback(() => setRows([]), []);

  const setTable = useCallback(
    (id: number, table: string) => update(id, (row) => ({ ...row, table, pairs: [{ id: newId(), left: '', right: '' }] })),
    [update],
  );
  const setType = useCallback((id: number, type: JoinType) => update(id, (row) => ({ ...row, type })), [update]);
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

  /** Tables of rows that have one, in order; memoized so that consumers see a stable array. */
  const joinedTables = useMemo(() => rows.map((row) => row.table).filter(Boolean), [rows]);

  return { rows, addJoin, removeJoin, clear, setTable, setType, addPair, removePair, setPair, suggestPair, joinedTables };
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
    const complete = row.pairs.filter((p) => p.left && p.right);
    if (complete.length === 0) return { joins, problem: `Join ${n} (${row.table}) needs at least one key pair.` };
    if (complete.length !== row.pairs.length) return { joins, problem: `Join ${n} (${row.table}) has an incomplete key pair.` };
    const invalid = complete.find((p) => !allowed.has(p.left));
    if (invalid) return { joins, problem: `Join ${n}: ${invalid.left} is not a column of the tables before it.` };
    joins.push({ table: row.table, type: row.type, on: complete.map((p) => [p.left, `${row.table}.${p.right}`] as [string, string]) });
  }
  return { joins, problem: null };
}
