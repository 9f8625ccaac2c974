import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { fileSchema, type FileSchema, type FileSpec } from '../../api';
import type { Direction } from '../direction/useDirection';
import type { TableColumnsState } from './useTableColumns';

export interface ColumnEntry {
  /** Stable identity: "table.column" for ClickHouse, the column name for a file. */
  key: string;
  /** Empty for file columns. */
  table: string;
  name: string;
  type: string;
  /** What the API gets and the person sees: `t.col` once tables are joined, else `col`. */
  label: string;
}

interface UseColumnsArgs {
  direction: Direction;
  /** The ClickHouse source table (export only). */
  sourceTable: string;
  /** Tables whose columns the source with its joins returns, in order (export only; join/resultTables). */
  columnTables: string[];
  /** The source has joins: columns are named `table.column` (export only). */
  joined: boolean;
  /** The input file as the schema request sends it (import only). */
  fileSpec: FileSpec | null;
  tableColumns: TableColumnsState;
  /** Load by themselves whenever the source changes (false while something upstream is missing). */
  auto: boolean;
}

type LoadState =
  | { status: 'idle' }
  | { status: 'loading'; signature: string }
  | { status: 'loaded' }
  | { status: 'error'; signature: string; error: unknown };

const kNone: never[] = [];

function fileSignature(spec: FileSpec | null): string {
  return spec ? JSON.stringify(spec) : '';
}

/**
 * Step 4: which source columns to transfer. Columns are selected by default, so tables joined after
 * loading bring all their columns along; the person deselects what they do not want.
 */
export function useColumns({ direction, sourceTable, columnTables, joined, fileSpec, tableColumns, auto }: UseColumnsArgs) {
  const [load, setLoad] = useState<LoadState>({ status: 'idle' });
  /** What was loaded: "ch:<connection>:<table>" or "file:<signature>". Columns show only while it still matches. */
  const [loadedFor, setLoadedFor] = useState('');
  const [schema, setSchema] = useState<FileSchema | null>(null);
  const fileColumns = schema?.columns ?? kNone;
  const requestId = useRef(0);
  const [deselected, setDeselected] = useState<ReadonlySet<string>>(new Set());
  const { columnsOf, ensure, key: connection } = tableColumns;

  const currentSignature =
    direction === 'export'
      ? sourceTable && connection
        ? `ch:${connection}:${sourceTable}`
        : ''
      : fileSpec
        ? `file:${fileSignature(fileSpec)}`
        : '';
  const isCurrent = currentSignature !== '' && loadedFor === currentSignature && load.status === 'loaded';
  const qualify = direction === 'export' && joined;

  const entries: ColumnEntry[] = useMemo(() => {
    if (!isCurrent) return [];
    if (direction === 'import') {
      return fileColumns.map((c) => ({ key: c.name, table: '', name: c.name, type: c.type, label: c.name }));
    }
    return columnTables.flatMap((table) =>
      columnsOf(table).map((c) => ({
        key: `${table}.${c.name}`,
        table,
        name: c.name,
        type: c.type,
        label: qualify ? `${table}.${c.name}` : c.name,
      })),
    );
  }, [isCurrent, direction, fileColumns, columnTables, columnsOf, qualify]);

  const loadColumns = useCallback(async () => {
    const signature = currentSignature;
    if (!signature) return;
    const id = ++requestId.current;
    setLoad({ status: 'loading', signature });
    try {
      if (direction === 'import') {
        if (!fileSpec) return;
        const answer = await fileSchema(fileSpec);
        if (id !== requestId.current) return;
        setSchema(answer);
      } else {
        await Promise.all([...new Set([sourceTable, ...columnTables])].map((table) => ensure(table, true)));
        if (id !== requestId.current) return;
      }
      // Keep deselections when only the dialect changed: the names usually stay.
      setLoadedFor(signature);
      setLoad({ status: 'loaded' });
    } catch (error) {
      if (id === requestId.current) setLoad({ status: 'error', signature, error });
    }
  }, [currentSignature, direction, fileSpec, sourceTable, columnTables, ensure]);

  // Columns load by themselves: when the file, its dialect or the source table changes.
  const attempted = load.status === 'loading' || load.status === 'error' ? load.signature : loadedFor;
  useEffect(() => {
    if (auto && currentSignature && attempted !== currentSignature) void loadColumns();
  }, [auto, currentSignature, attempted, loadColumns]);

  const toggle = useCallback((key: string, on: boolean) => {
    setDeselected((current) => {
      const next = new Set(current);
      if (on) next.delete(key);
      else next.add(key);
      return next;
    });
  }, []);
  const selectAll = useCallback(() => setDeselected(new Set()), []);
  const selectNone = useCallback(() => setDeselected(new Set(entries.map((e) => e.key))), [entries]);

  const selected = useMemo(() => entries.filter((e) => !deselected.has(e.key)), [entries, deselected]);
  const selectedLabels = useMemo(() => selected.map((e) => e.label), [selected]);
  const isSelected = useCallback((key: string) => !deselected.has(key), [deselected]);

  /** Loaded once, but the file or table changed since: the list must be loaded again. */
  const stale = loadedFor !== '' && !isCurrent && load.status !== 'loading';

  /** Import: the schema answer for the current file and dialect (bad sample rows, sniffed dialect). */
  const currentSchema = direction === 'import' && isCurrent ? schema : null;

  return {
    load,
    loadColumns,
    entries,
    selected,
    selectedLabels,
    isSelected,
    toggle,
    selectAll,
    selectNone,
    stale,
    isCurrent,
    qualify,
    schema: currentSchema,
    /** The last schema answer, even while a new one loads (keeps the dialect fields steady). */
    lastSchema: direction === 'import' ? schema : null,
  };
}

export type ColumnsState = ReturnType<typeof useColumns>;
