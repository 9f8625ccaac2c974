import { useCallback, useEffect, useRef, useState } from 'react';
import { listColumns, type ColumnInfo, type Connection } from '../../api';

export type TableColumnsEntry =
  | { status: 'loading' }
  | { status: 'loaded'; columns: ColumnInfo[] }
  | { status: 'error'; error: unknown };

/** Which server and database a connection reaches; the same for another password or token. */
export function connectionKey(connection: Connection | null): string {
  return connection
    ? JSON.stringify([connection.host, connection.port, connection.secure, connection.database, connection.user])
    : '';
}

/**
 * Columns of ClickHouse tables, fetched once per table and shared by the column list and the join
 * key pickers. Forgotten when the server, database or user changes (not when a password is retyped).
 */
export function useTableColumns(connection: Connection | null) {
  const [entries, setEntries] = useState<Record<string, TableColumnsEntry>>({});
  const inflight = useRef(new Map<string, Promise<ColumnInfo[]>>());
  const generation = useRef(0);
  const key = connectionKey(connection);
  const latest = useRef(connection);
  latest.current = connection;

  useEffect(() => {
    generation.current += 1;
    inflight.current = new Map();
    setEntries({});
  }, [key]);

  const ensure = useCallback(
    (table: string, force = false): Promise<ColumnInfo[]> => {
      const connection = latest.current;
      if (!connection) return Promise.reject(new Error('Connect to ClickHouse first.'));
      const pending = inflight.current.get(table);
      if (pending && !force) return pending;
      const gen = generation.current;
      setEntries((current) => ({ ...current, [table]: { status: 'loading' } }));
      const promise = listColumns(connection, table).then(
        (columns) => {
          if (gen === generation.current) setEntries((current) => ({ ...current, [table]: { status: 'loaded', columns } }));
          return columns;
        },
        (error: unknown) => {
          if (gen === generation.current) {
            setEntries((current) => ({ ...current, [table]: { status: 'error', error } }));
            inflight.current.delete(table);
          }
          throw error;
        },
      );
      inflight.current.set(table, promise);
      return promise;
    },
    // A new key means new entries; `key` keeps ensure() stable otherwise.
    [key],
  );

  const columnsOf = useCallback(
    (table: string): ColumnInfo[] => {
      const entry = entries[table];
      return entry?.status === 'loaded' ? entry.columns : [];
    },
    [entries],
  );

  return { key, entries, ensure, columnsOf };
}

export type TableColumnsState = ReturnType<typeof useTableColumns>;
