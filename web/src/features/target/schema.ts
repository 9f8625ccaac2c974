import type { ColumnInfo, SchemaColumn } from '../../api';

/// The new table's columns and the file-to-table column mapping: pure rules, tested alone.

/** ClickHouse types offered in the picker; an inferred type not in the list is added to it. */
export const kClickHouseTypes = [
  'String',
  'LowCardinality(String)',
  'UInt8',
  'UInt16',
  'UInt32',
  'UInt64',
  'Int8',
  'Int16',
  'Int32',
  'Int64',
  'Float32',
  'Float64',
  'Decimal(18, 2)',
  'Decimal(38, 10)',
  'Bool',
  'Date',
  'Date32',
  'DateTime',
  "DateTime64(3)",
  'UUID',
  'IPv4',
  'IPv6',
] as const;

export const kEngines = ['MergeTree', 'ReplacingMergeTree', 'SummingMergeTree', 'AggregatingMergeTree'] as const;

/** "Nullable(String)" -> {base: "String", nullable: true}. */
export function splitNullable(type: string): { base: string; nullable: boolean } {
  const match = /^Nullable\((.*)\)$/.exec(type.trim());
  return match ? { base: match[1]!, nullable: true } : { base: type.trim(), nullable: false };
}

export function withNullable(base: string, nullable: boolean): string {
  // LowCardinality(Nullable(String)) is how ClickHouse nests those two.
  const lc = /^LowCardinality\((.*)\)$/.exec(base);
  if (nullable && lc) return `LowCardinality(Nullable(${lc[1]}))`;
  return nullable ? `Nullable(${base})` : base;
}

/** One row of the schema editor. */
export interface SchemaRow {
  fileColumn: string;
  name: string;
  /** Without Nullable(...). */
  base: string;
  nullable: boolean;
  /** The type the sniffer inferred, for the "inferred" mark. */
  inferred: string;
}

export function rowsFromColumns(columns: ColumnInfo[]): SchemaRow[] {
  return columns.map((column) => {
    const { base, nullable } = splitNullable(column.type);
    return { fileColumn: column.name, name: column.name, base, nullable, inferred: column.type };
  });
}

/** Keeps what the person edited for columns that are still there; new columns come as inferred. */
export function mergeRows(previous: SchemaRow[], columns: ColumnInfo[]): SchemaRow[] {
  const byColumn = new Map(previous.map((row) => [row.fileColumn, row]));
  return rowsFromColumns(columns).map((fresh) => {
    const old = byColumn.get(fresh.fileColumn);
    return old && old.inferred === fresh.inferred ? old : fresh;
  });
}

export function typeOf(row: SchemaRow): string {
  return withNullable(row.base, row.nullable);
}

/** The `schema` of the API request, for the rows that are loaded. */
export function schemaOf(rows: SchemaRow[], loaded: (fileColumn: string) => boolean): SchemaColumn[] {
  return rows.filter((row) => loaded(row.fileColumn)).map((row) => ({ file_column: row.fileColumn, name: row.name.trim(), type: typeOf(row) }));
}

/** Problems that would make the CREATE TABLE fail, said before Start. */
export function schemaProblem(schema: SchemaColumn[], orderBy: string[]): string | null {
  if (schema.length === 0) return 'Load at least one column.';
  const seen = new Set<string>();
  for (const column of schema) {
    if (!column.name) return `Name the column read from “${column.file_column}”.`;
    if (seen.has(column.name)) return `Two columns are named “${column.name}”.`;
    seen.add(column.name);
  }
  for (const key of orderBy) {
    const column = schema.find((c) => c.name === key);
    if (!column) return `ORDER BY names “${key}”, which is not loaded.`;
    if (splitNullable(column.type).nullable) return `ORDER BY “${key}” is Nullable; turn Nullable off or leave it out of ORDER BY.`;
  }
  return null;
}

/** A sorting key to start from: the first loaded column that is not Nullable (none: ORDER BY tuple()). */
export function suggestOrderBy(schema: SchemaColumn[]): string[] {
  const first = schema.find((column) => !splitNullable(column.type).nullable);
  return first ? [first.name] : [];
}

/** Lower case without anything but letters and digits: "Customer ID" ~ "customer_id". */
export function looseName(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * Pairs file columns with table columns: the same name first, then the same name ignoring case,
 * then ignoring case, spaces and punctuation. Each table column is used once; unmatched file
 * columns map to "" (not loaded).
 */
export function matchColumns(fileColumns: string[], tableColumns: string[]): Record<string, string> {
  const map: Record<string, string> = {};
  const used = new Set<string>();
  const passes: Array<(name: string) => string> = [(n) => n, (n) => n.toLowerCase(), looseName];
  for (const file of fileColumns) map[file] = '';
  for (const key of passes) {
    for (const file of fileColumns) {
      if (map[file]) continue;
      const hit = tableColumns.find((table) => !used.has(table) && key(table) === key(file));
      if (hit !== undefined) {
        map[file] = hit;
        used.add(hit);
      }
    }
  }
  return map;
}

export type TypeCheck = { level: 'ok' | 'warn' | 'error'; message: string };

const kIntegers = /^U?Int(8|16|32|64|128|256)$/;
const kNumbers = /^(U?Int\d+|Float(32|64)|Decimal.*|Bool)$/;
const kDates = /^(Date|Date32|DateTime|DateTime64.*)$/;

function bare(type: string): string {
  let t = type.trim();
  for (;;) {
    const m = /^(Nullable|LowCardinality)\((.*)\)$/.exec(t);
    if (!m) return t;
    t = m[2]!;
  }
}

function bits(type: string): number {
  return Number(/(\d+)$/.exec(type)?.[1] ?? 64);
}

/** Whether values inferred as `fileType` load into a column of `tableType`, in words. */
export function checkTypes(fileType: string, tableType: string): TypeCheck {
  const from = bare(fileType);
  const to = bare(tableType);
  const fileNullable = /Nullable\(/.test(fileType);
  const tableNullable = /Nullable\(/.test(tableType);
  const nullNote = fileNullable && !tableNullable ? ' Empty values become the column default.' : '';
  if (from === to || to === 'String' || to.startsWith('FixedString')) {
    return nullNote ? { level: 'warn', message: nullNote.trim() } : { level: 'ok', message: 'Types match.' };
  }
  if (kNumbers.test(from) && kNumbers.test(to)) {
    if (/^Float/.test(from) && kIntegers.test(to)) return { level: 'error', message: `Fractions in the file do not fit ${to}.` };
    if (kIntegers.test(from) && kIntegers.test(to)) {
      if (to.startsWith('U') && !from.startsWith('U')) return { level: 'warn', message: `Negative numbers do not fit ${to}.${nullNote}` };
      if (bits(to) < bits(from)) return { level: 'warn', message: `Large numbers may not fit ${to}.${nullNote}` };
    }
    return { level: nullNote ? 'warn' : 'ok', message: nullNote ? nullNote.trim() : 'Numbers load as numbers.' };
  }
  if (kDates.test(from) && kDates.test(to)) {
    return { level: 'warn', message: `Dates and times convert to ${to}.${nullNote}` };
  }
  if (from === 'String') return { level: 'warn', message: `Text must parse as ${to}; rows that do not are bad rows.${nullNote}` };
  return { level: 'error', message: `${from} values do not load into ${to}.` };
}

/** A mapping's problems: two file columns into one table column, or nothing loaded. */
export function mappingProblem(map: Record<string, string>, loaded: string[]): string | null {
  const targets = loaded.map((file) => map[file] ?? '').filter(Boolean);
  if (targets.length === 0) return 'Pair at least one file column with a table column.';
  const seen = new Set<string>();
  for (const t of targets) {
    if (seen.has(t)) return `Two file columns go into “${t}”.`;
    seen.add(t);
  }
  return null;
}
