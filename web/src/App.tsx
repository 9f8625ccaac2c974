import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ApiError, createStatement, loadPlan, type ClickHouseEndpoint, type ColumnInfo, type Endpoint, type JobRequest } from './api';
import { AppHeader } from './components/AppHeader';
import { ColumnsStep } from './features/columns/ColumnsStep';
import { useColumns } from './features/columns/useColumns';
import { connectionKey, useTableColumns } from './features/columns/useTableColumns';
import { ConnectionStep } from './features/connection/ConnectionStep';
import { useConnection } from './features/connection/useConnection';
import { DirectionStep } from './features/direction/DirectionStep';
import { useDirection } from './features/direction/useDirection';
import { FileStep } from './features/file/FileStep';
import { useFileSource } from './features/file/useFileSource';
import { JobsPanel } from './features/jobs/JobsPanel';
import { useJobs } from './features/jobs/useJobs';
import { JoinStep } from './features/join/JoinStep';
import { buildJoins, resultTables, suggestKeyPair, useJoins } from './features/join/useJoins';
import { PreviewStep } from './features/preview/PreviewStep';
import { usePreview } from './features/preview/usePreview';
import { mappingProblem, schemaProblem } from './features/target/schema';
import { TargetStep } from './features/target/TargetStep';
import { useTarget } from './features/target/useTarget';
import { useBadRowPolicy } from './features/transfer/badRows';
import { TransferStep } from './features/transfer/TransferStep';
import { isTerminal, useTransfer } from './features/transfer/useTransfer';
import { describeFiles } from './features/file/fileSet';
import { useSplit } from './features/split/useSplit';
import { useDebouncedRequest } from './lib/useDebouncedRequest';
import { StepNav, type StepSummary } from './StepNav';

const kNoTables: string[] = [];
const kNoColumns: ColumnInfo[] = [];

/** Step numbers per direction: an export picks its table before naming the file; an import has no joins. */
export const kSteps = {
  export: { direction: 1, connection: 2, columns: 3, join: 4, preview: 5, file: 6, target: 0, transfer: 7 },
  import: { direction: 1, connection: 2, file: 3, columns: 4, preview: 5, target: 6, transfer: 7, join: 0 },
} as const;

/** Redacts secrets so that a signature can be compared and logged without leaking them. */
function signatureOf(source: Endpoint | null, columns: string[]): string {
  if (!source) return '';
  const redacted = source.kind === 'clickhouse' ? { ...source, connection: { ...source.connection, password: undefined, jwt: undefined } } : source;
  return JSON.stringify([redacted, columns]);
}

interface AppProps {
  /** Who is signed in and the Sign out button, in the header (nothing for local use). */
  account?: ReactNode;
}

export function App({ account }: AppProps = {}) {
  const { direction, setDirection } = useDirection();
  const conn = useConnection();
  const file = useFileSource();
  const tableColumns = useTableColumns(conn.connection);
  const joins = useJoins();
  const preview = usePreview();
  const transfer = useTransfer();
  const jobs = useJobs();
  const badRows = useBadRowPolicy();
  const split = useSplit();
  const [sourceTable, setSourceTable] = useState('');

  const isExport = direction === 'export';
  const n = kSteps[direction];
  const { connection, tableNames } = conn;
  const { ensure, columnsOf, entries: columnEntries } = tableColumns;
  const { suggestOutputName } = file;
  const connected = conn.tables.status === 'loaded';

  // Only the columns the join returns are offered (a RIGHT SEMI join drops the tables before it).
  const columnTables = useMemo(() => (isExport ? resultTables(sourceTable, joins.rows) : kNoTables), [isExport, sourceTable, joins.rows]);
  const columns = useColumns({
    direction,
    sourceTable,
    columnTables,
    joined: isExport && joins.rows.some((row) => row.table),
    fileSpec: file.schemaSpec,
    tableColumns,
    auto: isExport ? connected && !!sourceTable : file.schemaSpec !== null,
  });

  // What the server sniffed becomes the form's suggestion (the person's own choices still win).
  const sniffedDialect = columns.lastSchema?.dialect ?? null;
  const { setSniffed } = file;
  useEffect(() => setSniffed(file.selected, sniffedDialect), [setSniffed, file.selected, sniffedDialect]);

  // The source table's columns are needed for join keys.
  useEffect(() => {
    if (isExport && sourceTable && connection) ensure(sourceTable).catch(() => undefined);
  }, [isExport, sourceTable, connection, ensure]);

  const onSourceTableChange = useCallback(
    (table: string) => {
      setSourceTable(table);
      joins.clear();
      suggestOutputName(table);
    },
    [joins, suggestOutputName],
  );

  /** Qualified columns that join `index` may use on its left: those the source and the joins before it return. */
  const leftOptions = useCallback(
    (index: number) => {
      const tables = resultTables(sourceTable, joins.rows.slice(0, index));
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

  // --- The import's target ----------------------------------------------------------------------
  const fileColumns = columns.lastSchema?.columns ?? kNoColumns;
  const { isSelected, toggle } = columns;
  const tableColumnsOf = useCallback(
    (table: string) => (columnEntries[table]?.status === 'loaded' ? columnsOf(table) : null),
    [columnEntries, columnsOf],
  );
  const target = useTarget({ fileColumns, isLoaded: isSelected, tableNames, tableColumnsOf });
  const targetTableName = target.table.trim();
  useEffect(() => {
    if (!isExport && target.exists && connection) ensure(targetTableName).catch(() => undefined);
  }, [isExport, target.exists, targetTableName, connection, ensure]);

  const creating = !isExport && target.mode === 'create';
  const createProblem = creating ? schemaProblem(target.schema, target.orderBy) : null;
  const mapProblem = !isExport && !creating && target.exists ? mappingProblem(target.map, target.loadedColumns) : null;
  const connKey = connectionKey(connection);

  const createOptions = useMemo(
    () => ({ schema: target.schema, order_by: target.orderBy, partition_by: target.partitionBy.trim(), engine: target.engine }),
    [target.schema, target.orderBy, target.partitionBy, target.engine],
  );
  const createSql = useDebouncedRequest(
    creating && connection && !target.error && !target.modeProblem && !createProblem
      ? JSON.stringify([connKey, targetTableName, createOptions])
      : null,
    (signal) => createStatement(connection!, targetTableName, createOptions, signal),
  );
  // A new table is planned as the MergeTree table `create` makes (docs/api.md, load_plan).
  const planMode = target.mode === 'replace' ? 'replace' : 'append';
  const plan = useDebouncedRequest(
    !isExport && connection && !target.error && !target.modeProblem ? JSON.stringify([connKey, targetTableName, planMode]) : null,
    (signal) => loadPlan(connection!, targetTableName, planMode, signal),
  );
  // The server refuses some targets outright (a view, a read-only user): say so before Start.
  const planRefusal =
    plan.status === 'error' && plan.error instanceof ApiError && (plan.error.kind === 'usage' || plan.error.kind === 'auth' || plan.error.kind === 'forbidden') && plan.error.status !== 404 && !plan.error.sessionRequired
      ? plan.error.message
      : null;

  // --- What the API gets -------------------------------------------------------------------------
  const source: Endpoint | null = useMemo(() => {
    if (isExport) {
      if (!connection || !sourceTable) return null;
      return {
        kind: 'clickhouse',
        connection,
        table: sourceTable,
        ...(joinResult.joins.length > 0 ? { join: joinResult.joins, join_defaults: joins.defaults } : {}),
      };
    }
    return file.sourceSpec ? { kind: 'file', ...file.sourceSpec } : null;
  }, [isExport, connection, sourceTable, joinResult.joins, joins.defaults, file.sourceSpec]);

  /** Import: the file columns that are loaded (for an existing table: those paired with a column). */
  const importColumns = useMemo(
    () => (creating || !target.exists ? columns.selectedLabels : columns.selectedLabels.filter((c) => target.map[c])),
    [creating, target.exists, target.map, columns.selectedLabels],
  );

  const targetEndpoint: Endpoint | null = useMemo(() => {
    if (isExport) return file.outputSpec ? { kind: 'file', ...file.outputSpec, ...split.result.fields } : null;
    if (!connection || target.error || !badRows.fields) return null;
    const endpoint: ClickHouseEndpoint = { kind: 'clickhouse', connection, table: targetTableName, ...badRows.fields };
    if (creating) {
      endpoint.create = true;
      endpoint.schema = createOptions.schema;
      endpoint.order_by = createOptions.order_by;
      if (createOptions.partition_by) endpoint.partition_by = createOptions.partition_by;
      endpoint.engine = createOptions.engine;
    } else {
      endpoint.create = false;
      endpoint.mode = target.mode === 'replace' ? 'replace' : 'append';
      endpoint.map = Object.fromEntries(importColumns.map((c) => [c, target.map[c] ?? c]));
    }
    return endpoint;
  }, [isExport, file.outputSpec, split.result.fields, connection, target.error, target.mode, target.map, badRows.fields, targetTableName, creating, createOptions, importColumns]);

  // --- Why a button is not available yet ---------------------------------------------------------
  const columnsBlocker = isExport
    ? !connection
      ? `Complete the connection in step ${n.connection}.`
      : !connected
        ? `Connect in step ${n.connection} first.`
        : !sourceTable
          ? 'Choose the source table.'
          : null
    : !file.selected
      ? `Choose or upload a file in step ${n.file}.`
      : file.delimiterError || file.delimiterMissing
        ? `Type the custom delimiter in step ${n.file}.`
        : null;
  const previewBlocker =
    columnsBlocker ??
    joinResult.problem ??
    (!columns.isCurrent ? 'Waiting for the columns.' : columns.selected.length === 0 ? 'Select at least one column.' : null);
  const startBlocker =
    previewBlocker ??
    (isExport
      ? file.outputError
        ? `Name the output file in step ${n.file}.`
        : split.result.problem
      : !connection
        ? `Complete the connection in step ${n.connection}.`
        : target.error
          ? `Name the target table in step ${n.target}.`
          : (target.modeProblem ??
            createProblem ??
            mapProblem ??
            badRows.problem ??
            planRefusal ??
            (importColumns.length === 0 ? 'No column is loaded.' : null)));

  const previewSignature = signatureOf(source, columns.selectedLabels);
  const onPreview = useCallback(() => {
    if (source) void preview.run(source, columns.selectedLabels, previewSignature);
  }, [source, columns.selectedLabels, previewSignature, preview]);

  const summary = useMemo(() => {
    if (startBlocker) return null;
    const count = isExport ? columns.selected.length : importColumns.length;
    const cols = `${count} ${count === 1 ? 'column' : 'columns'}`;
    if (isExport) {
      const joined = joinResult.joins.length ? ` joined with ${joinResult.joins.map((j) => j.table).join(', ')}` : '';
      const into = split.form.enabled ? ` in several files named after ${file.outputName.trim()}, with a manifest` : ` to ${file.outputName.trim()}`;
      return `Export ${cols} of ${sourceTable}${joined}${into}.`;
    }
    const db = connection?.database ?? 'default';
    const how = creating ? ' (a new table)' : target.mode === 'replace' ? ', replacing its rows' : '';
    return `Load ${cols} of ${describeFiles(file.picked)} into ${db}.${targetTableName}${how}.`;
  }, [startBlocker, columns.selected.length, importColumns.length, isExport, joinResult.joins, sourceTable, file.outputName, file.picked, split.form.enabled, connection, targetTableName, creating, target.mode]);

  const onStart = useCallback(() => {
    if (startBlocker || !source || !targetEndpoint) return;
    const request: JobRequest = { source, target: targetEndpoint, columns: isExport ? columns.selectedLabels : importColumns };
    const sourceRows = conn.tables.status === 'loaded' ? conn.tables.tables.find((t) => t.name === sourceTable)?.rows : null;
    void transfer.start(request, {
      direction,
      targetName: isExport ? file.outputName.trim() : targetTableName,
      // Joins can change the row count (INNER drops rows, a one-to-many join adds some): no estimate then.
      expectedRows: isExport && joinResult.joins.length === 0 ? (sourceRows ?? null) : null,
    });
  }, [startBlocker, source, targetEndpoint, columns.selectedLabels, importColumns, transfer, direction, isExport, file.outputName, targetTableName, conn.tables, sourceTable, joinResult.joins]);

  // After a transfer, refresh what it changed: the file list or the table list, and the jobs.
  const finishedJobId = transfer.state.status === 'finished' ? transfer.state.job.id : null;
  const runningJobId = transfer.state.status === 'running' ? transfer.state.job.id : null;
  const { refresh: refreshFiles } = file;
  const { connect } = conn;
  const { refresh: refreshJobs } = jobs;
  const finishedDirection = transfer.state.status === 'finished' ? transfer.state.meta.direction : null;
  useEffect(() => {
    void refreshJobs();
    if (!finishedJobId) return;
    if (finishedDirection === 'export') void refreshFiles();
    else if (connection) void connect();
    // Only when a job starts or finishes, not when the form changes afterwards.
  }, [finishedJobId, runningJobId]);

  // After a reload: a job still running on the server shows in the transfer step again.
  const reattached = useRef(false);
  useEffect(() => {
    if (reattached.current || jobs.state.status !== 'loaded') return;
    reattached.current = true;
    const running = jobs.state.jobs.find((job) => !isTerminal(job));
    if (running && transfer.state.status === 'idle') {
      if ((running.kind ?? (running.source?.kind === 'file' ? 'import' : 'export')) !== direction) {
        setDirection(running.kind === 'import' || running.source?.kind === 'file' ? 'import' : 'export');
      }
      transfer.attach(running);
    }
  }, [jobs.state, transfer, direction, setDirection]);

  const onOpenJob = useCallback(
    (job: Parameters<typeof transfer.attach>[0]) => {
      transfer.attach(job);
      const step = document.getElementById(`step-${kSteps[direction].transfer}`);
      step?.scrollIntoView({ block: 'start' });
      step?.querySelector<HTMLElement>('.result')?.focus();
    },
    [transfer, direction],
  );

  const busy = transfer.busy;
  // Right after an export, its own output file is no reason to warn about replacing a file.
  const justWritten =
    transfer.state.status === 'finished' &&
    transfer.state.job.status === 'completed' &&
    transfer.state.meta.direction === 'export' &&
    transfer.state.meta.targetName === file.outputName.trim();
  const outputExists = file.outputExists && !justWritten;
  const transferDone = transfer.state.status === 'finished' && transfer.state.job.status === 'completed';
  const previewDone = preview.state.status === 'loaded' && preview.state.signature === previewSignature;
  const columnsDone = columns.isCurrent && columns.selected.length > 0;
  const steps: StepSummary[] = isExport
    ? [
        { number: 1, title: 'Direction', done: true },
        { number: 2, title: 'Connection', done: connected },
        { number: 3, title: 'Source', done: columnsDone },
        { number: 4, title: 'Join', done: joinResult.joins.length > 0 && !joinResult.problem },
        { number: 5, title: 'Preview', done: previewDone },
        { number: 6, title: 'Output file', done: file.outputSpec !== null },
        { number: 7, title: 'Transfer', done: transferDone },
      ]
    : [
        { number: 1, title: 'Direction', done: true },
        { number: 2, title: 'Connection', done: connected },
        { number: 3, title: 'Input file', done: file.sourceSpec !== null },
        { number: 4, title: 'Columns', done: columnsDone },
        { number: 5, title: 'Preview', done: previewDone },
        { number: 6, title: 'Target table', done: targetEndpoint !== null && !startBlocker },
        { number: 7, title: 'Transfer', done: transferDone },
      ];

  const columnsStep = (
    <ColumnsStep
      number={n.columns}
      direction={direction}
      state={columns}
      tableNames={tableNames}
      sourceTable={sourceTable}
      onSourceTableChange={onSourceTableChange}
      fileName={file.selected || null}
      blocker={columnsBlocker}
      disabled={busy}
    />
  );
  const fileStep = (
    <FileStep
      number={n.file}
      direction={direction}
      state={file}
      outputExists={outputExists}
      schema={columns.lastSchema}
      split={split}
      disabled={busy}
    />
  );
  const previewStep = (
    <PreviewStep
      number={n.preview}
      preview={preview}
      signature={previewSignature}
      blocker={previewBlocker}
      types={columns.selected.map((c) => c.type)}
      onPreview={onPreview}
      disabled={busy}
    />
  );

  return (
    <div className="app">
      <AppHeader>{account}</AppHeader>
      <div className="layout">
        <StepNav steps={steps} />
        <main className="steps">
          <DirectionStep
            direction={direction}
            onChange={(next) => {
              // The other direction's result does not belong under the new form.
              transfer.reset();
              setDirection(next);
            }}
            disabled={busy}
          />
          <ConnectionStep state={conn} disabled={busy} />
          {isExport ? (
            <>
              {columnsStep}
              <JoinStep
                number={n.join}
                state={joins}
                sourceTable={sourceTable}
                tableNames={tableNames}
                leftOptions={leftOptions}
                columnsEntry={(table) => columnEntries[table]}
                onTableChosen={onJoinTableChosen}
                problem={joins.rows.length > 0 ? joinResult.problem : null}
                disabled={busy}
              />
              {previewStep}
              {fileStep}
            </>
          ) : (
            <>
              {fileStep}
              {columnsStep}
              {previewStep}
              <TargetStep
                number={n.target}
                state={target}
                tableNames={tableNames}
                database={connection?.database ?? (conn.form.database || 'default')}
                tableColumns={target.tableColumns}
                isLoaded={isSelected}
                setLoaded={toggle}
                createSql={createSql}
                disabled={busy}
              />
            </>
          )}
          <TransferStep
            number={n.transfer}
            direction={direction}
            transfer={transfer}
            summary={summary}
            blocker={startBlocker}
            onStart={onStart}
            badRows={badRows}
            plan={plan}
            creating={creating}
          />
          <JobsPanel
            jobs={jobs}
            onOpen={onOpenJob}
            currentId={transfer.state.status === 'running' || transfer.state.status === 'finished' ? transfer.state.job.id : null}
          />
        </main>
      </div>
    </div>
  );
}
