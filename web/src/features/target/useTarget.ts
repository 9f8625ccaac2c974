import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ColumnInfo, LoadMode, SchemaColumn } from '../../api';
import { matchColumns, mergeRows, schemaOf, suggestOrderBy, type SchemaRow } from './schema';

/** ClickHouse identifiers Ferry will quote for you; this only rejects what cannot be a table name. */
export function validateTableName(name: string): string | null {
  const trimmed = name.trim();
  if (!trimmed) return 'Enter a table name.';
  if (trimmed.length > 200) return 'That name is too long.';
  if (/[\u0000-\u001f`]/.test(trimmed)) return 'The name may not contain backquotes or control characters.';
  return null;
}

/** append / replace an existing table, or create a new one. */
export type TargetMode = LoadMode | 'create';

interface UseTargetArgs {
  /** Every column of the file, with its inferred type. */
  fileColumns: ColumnInfo[];
  /** Whether a file column is loaded (the Columns step's selection). */
  isLoaded: (fileColumn: string) => boolean;
  /** Names of the tables in the database. */
  tableNames: string[];
  /** Columns of an existing table, or null while they are not known. */
  tableColumnsOf: (table: string) => ColumnInfo[] | null;
}

/** The import's target: which table, how rows go in, and the new table's schema or the mapping. */
export function useTarget({ fileColumns, isLoaded, tableNames, tableColumnsOf }: UseTargetArgs) {
  const [table, setTable] = useState('');
  /** Null until the person picks: then it follows the name (existing: append, new: create). */
  const [modeChoice, setModeChoice] = useState<TargetMode | null>(null);
  const [rows, setRows] = useState<SchemaRow[]>([]);
  const [orderByChoice, setOrderBy] = useState<string[] | null>(null);
  const [partitionBy, setPartitionBy] = useState('');
  const [engine, setEngine] = useState('MergeTree');
  const [mapEdits, setMapEdits] = useState<Record<string, string>>({});

  // A new sample (another file or dialect) brings new inferred columns; keep the edits that still apply.
  useEffect(() => setRows((previous) => mergeRows(previous, fileColumns)), [fileColumns]);

  const name = table.trim();
  const exists = name !== '' && tableNames.includes(name);
  const mode: TargetMode = modeChoice ?? (exists ? 'append' : 'create');
  const tableColumns = exists ? tableColumnsOf(name) : null;
  // Another name: the mode follows the name again, so a choice (above all "Replace") is never carried
  // over to a table it was not made for. A table that appears (created by the last job) ends "create".
  useEffect(() => setModeChoice(null), [name]);
  useEffect(() => {
    setModeChoice((choice) => (choice === 'create' && exists ? null : choice));
  }, [exists]);

  const updateRow = useCallback((fileColumn: string, patch: Partial<SchemaRow>) => {
    setRows((current) => current.map((row) => (row.fileColumn === fileColumn ? { ...row, ...patch } : row)));
  }, []);

  const schema: SchemaColumn[] = useMemo(() => schemaOf(rows, isLoaded), [rows, isLoaded]);
  const orderBy = useMemo(
    () => (orderByChoice ?? suggestOrderBy(schema)).filter((key) => schema.some((c) => c.name === key)),
    [orderByChoice, schema],
  );

  const loadedColumns = useMemo(() => fileColumns.map((c) => c.name).filter(isLoaded), [fileColumns, isLoaded]);
  const tableColumnNames = useMemo(() => (tableColumns ?? []).map((c) => c.name), [tableColumns]);
  const map: Record<string, string> = useMemo(() => {
    const auto = matchColumns(loadedColumns, tableColumnNames);
    for (const [file, tableColumn] of Object.entries(mapEdits)) {
      if (file in auto && (tableColumn === '' || tableColumnNames.includes(tableColumn))) auto[file] = tableColumn;
    }
    return auto;
  }, [loadedColumns, tableColumnNames, mapEdits]);
  const setMapping = useCallback((fileColumn: string, tableColumn: string) => {
    setMapEdits((current) => ({ ...current, [fileColumn]: tableColumn }));
  }, []);

  const error = validateTableName(table);
  const modeProblem =
    error !== null
      ? null
      : mode === 'create' && exists
        ? `${name} already exists: append to it, replace its rows, or type a new name.`
        : mode !== 'create' && !exists
          ? `${name} does not exist: choose “Create a new table”, or pick an existing table.`
          : null;

  return {
    table,
    setTable,
    mode,
    setMode: setModeChoice,
    exists,
    rows,
    updateRow,
    schema,
    orderBy,
    setOrderBy,
    partitionBy,
    setPartitionBy,
    engine,
    setEngine,
    map,
    setMapping,
    loadedColumns,
    tableColumns,
    error,
    modeProblem,
  };
}

export type TargetState = ReturnType<typeof useTarget>;
