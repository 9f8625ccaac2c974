import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Endpoint, JobRequest } from './api';
import { ColumnsStep } from './features/columns/ColumnsStep';
import { useColumns } from './features/columns/useColumns';
import { useTableColumns } from './features/columns/useTableColumns';
import { ConnectionStep } from './features/connection/ConnectionStep';
import { useConnection } from './features/connection/useConnection';
import { DirectionStep } from './features/direction/DirectionStep';
import { useDirection } from './features/direction/useDirection';
import { FileStep } from './features/file/FileStep';
import { useFileSource } from './features/file/useFileSource';
import { JoinStep } from './features/join/JoinStep';
import { buildJoins, suggestKeyPair, useJoins } from './features/join/useJoins';
import { PreviewStep } from './features/preview/PreviewStep';
import { usePreview } from './features/preview/usePreview';
import { TargetStep } from './features/target/TargetStep';
import { useTarget } from './features/target/useTarget';
import { TransferStep } from './features/transfer/TransferStep';
import { useTransfer } from './features/transfer/useTransfer';
import { StepNav, type StepSummary } from './StepNav';

const kNoTables: string[] = [];

/** Redacts secrets so that a signature can be compared and logged without leaking them. */
function signatureOf(source: Endpoint | null, columns: string[]): string {
  if (!source) return '';
  const redacted = source.kind === 'clickhouse' ? { ...source, connection: { ...source.connection, password: undefined, jwt: undefined } } : source;
  return JSON.stringify([redacted, columns]);
}

export function App() {
  const { direction, setDirection } = useDirection();
  const conn = useConnection();
  const file = useFileSource();
  const tableColumns = useTableColumns(conn.connection);
  const joins = useJoins();
  const target = useTarget();
  const preview = usePreview();
  const transfer = useTransfer();
  const [sourceTable, setSourceTable] = useState('');

  const isExport = direction === 'export';
  const { connection, tableNames } = conn;
  const { ensure, columnsOf, entries: columnEntries } = tableColumns;
  const { suggestOutputName } = file;

  const columns = useColumns({
    direction,
    sourceTable,
    joinedTables: isExport ? joins.joinedTables : kNoTables,
    fileSpec: file.sourceSpec,
    tableColumns,
  });

  // The source table's columns are needed for join keys even before "Load Columns" is pressed.
  useEffect(() => {
    if (isExport && sourceTable && connection) ensure(sourceTable).catch(() => undefined);
  }, [isExport, sourceTable, connection, ensure]);

  const onSourceTableChange = useCallback(
    (table: string) => {
      setSourceTable(table);
      joins.clear();
      suggestOutputName(table ? `${table}.csv` : '');
    },
    [joins, suggestOutputName],
  );

  /** Qualified columns that join `index` may use on its left: the source and the joins before it. */
  const leftOptions = useCallback(
    (index: number) => {
      const tables = [sourceTable, ...joins.rows.slice(0, index).map((row) => row.table)].filter(Boolean);
      return tables.flatMap((table) => columnsOf(table).map((c) => `${table}.${c.name}`));
    },
    [sourceTable, joins.rows, columnsOf],
  );

  const onJoinTableChosen = useCallback(
    (rowId: number, table: string) => {
      joins.setTable(rowId, table);
      if (!table) return;
      const index = joins.rows.findIndex((row) => row.id === rowId);
      const left = leftOptions(index);
      ensure(table)
        .then((right) => {
          const suggestion = suggestKeyPair(
            left,
            table,
            right.map((c) => c.name),
          );
          if (suggestion) joins.suggestPair(rowId, table, suggestion);
        })
        .catch(() => undefined); // Shown in the join row from the cache entry.
    },
    [joins, leftOptions, ensure],
  );

  const joinResult = useMemo(
    () => (isExport ? buildJoins(joins.rows, sourceTable, leftOptions) : { joins: [], problem: null }),
    [isExport, joins.rows, sourceTable, leftOptions],
  );

  // --- What the API gets -------------------------------------------------------------------
  const source: Endpoint | null = useMemo(() => {
    if (isExport) {
      if (!connection || !sourceTable) return null;
      return {
        kind: 'clickhouse',
        connection,
        table: sourceTable,
        ...(joinResult.joins.length > 0 ? { join: joinResult.joins } : {}),
      };
    }
    return file.sourceSpec ? { kind: 'file', ...file.sourceSpec } : null;
  }, [isExport, connection, sourceTable, joinResult.joins, file.sourceSpec]);

  const targetTableName = target.table.trim();
  const targetExists = tableNames.includes(targetTableName);
  const targetEndpoint: Endpoint | null = useMemo(() => {
    if (isExport) return file.outputSpec ? { kind: 'file', ...file.outputSpec } : null;
    if (!connection || target.error) return null;
    return { kind: 'clickhouse', connection, table: targetTableName, create: target.create };
  }, [isExport, file.outputSpec, connection, target.error, targetTableName, target.create]);

  // --- Why a button is not available yet ---------------------------------------------------
  const columnsBlocker = isExport
    ? !connection
      ? 'Complete the connection in step 2.'
      : conn.tables.status !== 'loaded'
        ? 'Connect in step 2 first.'
        : !sourceTable
          ? 'Choose the source table.'
          : null
    : !file.selected
      ? 'Choose or upload a file in step 3.'
      : file.delimiterError
        ? 'Fix the delimiter in step 3.'
        : null;
  const previewBlocker =
    columnsBlocker ??
    joinResult.problem ??
    (!columns.isCurrent ? 'Load the columns in step 4.' : columns.selected.length === 0 ? 'Select at least one column.' : null);
  const startBlocker =
    previewBlocker ??
    (isExport
      ? file.outputError
        ? 'Name the output file in step 3.'
        : file.delimiterError
          ? 'Fix the delimiter in step 3.'
          : null
      : !connection
        ? 'Complete the connection in step 2.'
        : target.error
          ? 'Name the target table in step 7.'
          : !targetExists && !target.create
            ? `${targetTableName} does not exist and “Create table if missing” is off.`
            : null);

  const previewSignature = signatureOf(source, columns.selectedLabels);
  const onPreview = useCallback(() => {
    if (source) void preview.run(source, columns.selectedLabels, previewSignature);
  }, [source, columns.selectedLabels, previewSignature, preview]);

  const summary = useMemo(() => {
    if (startBlocker) return null;
    const n = columns.selected.length;
    const cols = `${n} ${n === 1 ? 'column' : 'columns'}`;
    if (isExport) {
      const joined = joinResult.joins.length ? ` joined with ${joinResult.joins.map((j) => j.table).join(', ')}` : '';
      return `Export ${cols} of ${sourceTable}${joined} to ${file.outputName.trim()}.`;
    }
    const db = connection?.database ?? 'default';
    return `Load ${cols} of ${file.selected} into ${db}.${targetTableName}${targetExists ? '' : ' (a new table)'}.`;
  }, [startBlocker, columns.selected.length, isExport, joinResult.joins, sourceTable, file.outputName, file.selected, connection, targetTableName, targetExists]);

  const onStart = useCallback(() => {
    if (startBlocker || !source || !targetEndpoint) return;
    const request: JobRequest = { source, target: targetEndpoint, columns: columns.selectedLabels };
    const sourceRows = conn.tables.status === 'loaded' ? conn.tables.tables.find((t) => t.name === sourceTable)?.rows : null;
    void transfer.start(request, {
      direction,
      targetName: isExport ? file.outputName.trim() : targetTableName,
      // Joins can change the row count (INNER drops rows, a one-to-many join adds some): no estimate then.
      expectedRows: isExport && joinResult.joins.length === 0 ? (sourceRows ?? null) : null,
    });
  }, [startBlocker, source, targetEndpoint, columns.selectedLabels, transfer, direction, isExport, file.outputName, targetTableName, conn.tables, sourceTable, joinResult.joins]);

  // After a transfer, refresh what it changed: the file list or the table list.
  const finishedJobId = transfer.state.status === 'finished' ? transfer.state.job.id : null;
  const { refresh: refreshFiles } = file;
  const { connect } = conn;
  useEffect(() => {
    if (!finishedJobId) return;
    if (isExport) void refreshFiles();
    else void connect();
    // Only when a job finishes, not when the form changes afterwards.
  }, [finishedJobId]);

  const busy = transfer.busy;
  // Right after an export, its own output file is no reason to warn about replacing a file.
  const justWritten =
    transfer.state.status === 'finished' &&
    transfer.state.job.status === 'completed' &&
    transfer.state.meta.direction === 'export' &&
    transfer.state.meta.targetName === file.outputName.trim();
  const outputExists = file.outputExists && !justWritten;
  const steps: StepSummary[] = [
    { number: 1, title: 'Direction', done: true },
    { number: 2, title: 'Connection', done: conn.tables.status === 'loaded' },
    { number: 3, title: isExport ? 'Output file' : 'Input file', done: isExport ? file.outputSpec !== null : file.sourceSpec !== null },
    { number: 4, title: 'Columns', done: columns.isCurrent && columns.selected.length > 0 },
    { number: 5, title: 'Join', done: isExport && joinResult.joins.length > 0 && !joinResult.problem, skipped: !isExport },
    {
      number: 6,
      title: 'Preview',
      done: preview.state.status === 'loaded' && preview.state.signature === previewSignature,
    },
    { number: 7, title: 'Target', done: targetEndpoint !== null },
    { number: 8, title: 'Transfer', done: transfer.state.status === 'finished' && transfer.state.job.status === 'completed' },
  ];

  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
            <rect width="32" height="32" rx="7" fill="currentColor" />
            <path d="M6 19h20l-3 5H9z" fill="#fff" />
            <path d="M15 7v11h-6z" fill="#fde047" />
            <path d="M17 9v9h5z" fill="#fff" />
          </svg>
          <div>
            <h1>Ferry</h1>
            <p className="tagline">Move data between ClickHouse and CSV files</p>
          </div>
        </div>
      </header>
      <div className="layout">
        <StepNav steps={steps} />
        <main className="steps">
          <DirectionStep direction={direction} onChange={setDirection} disabled={busy} />
          <ConnectionStep state={conn} disabled={busy} />
          <FileStep direction={direction} state={file} outputExists={outputExists} disabled={busy} />
          <ColumnsStep
            direction={direction}
            state={columns}
            tableNames={tableNames}
            sourceTable={sourceTable}
            onSourceTableChange={onSourceTableChange}
            fileName={file.selected || null}
            blocker={columnsBlocker}
            disabled={busy}
          />
          <JoinStep
            active={isExport}
            state={joins}
            sourceTable={sourceTable}
            tableNames={tableNames}
            leftOptions={leftOptions}
            columnsEntry={(table) => columnEntries[table]}
            onTableChosen={onJoinTableChosen}
            problem={joins.rows.length > 0 ? joinResult.problem : null}
            disabled={busy}
          />
          <PreviewStep
            preview={preview}
            signature={previewSignature}
            blocker={previewBlocker}
            types={columns.selected.map((c) => c.type)}
            onPreview={onPreview}
            disabled={busy}
          />
          <TargetStep
            direction={direction}
            state={target}
            tableNames={tableNames}
            database={connection?.database ?? (conn.form.database || 'default')}
            outputName={file.outputName}
            outputExists={outputExists}
            delimiter={file.delimiter}
            header={file.header}
            disabled={busy}
          />
          <TransferStep transfer={transfer} summary={summary} blocker={startBlocker} onStart={onStart} />
        </main>
      </div>
    </div>
  );
}
