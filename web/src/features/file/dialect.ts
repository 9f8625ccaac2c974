import type { Delimiter, Dialect, FileSpec } from '../../api';

/// How a file is read: what the person chose wins, else what the server sniffed, else what the file
/// name suggests. Pure functions, so that the rules are tested without a browser.

export type DelimiterChoice = ',' | 'tab' | ';' | '|' | 'custom';

export const kDelimiterOptions: Array<{ value: DelimiterChoice; label: string }> = [
  { value: ',', label: 'Comma (,)' },
  { value: 'tab', label: 'Tab' },
  { value: ';', label: 'Semicolon (;)' },
  { value: '|', label: 'Pipe (|)' },
  { value: 'custom', label: 'Custom…' },
];

export const kEncodings: Array<{ value: string; label: string }> = [
  { value: 'utf-8', label: 'UTF-8' },
  { value: 'utf-16le', label: 'UTF-16 LE' },
  { value: 'utf-16be', label: 'UTF-16 BE' },
  { value: 'windows-1252', label: 'Windows-1252' },
  { value: 'iso-8859-1', label: 'ISO-8859-1 (Latin-1)' },
];

/** What the person set explicitly; anything absent follows the sniffer or the file name. */
export interface DialectOverrides {
  delimiter?: DelimiterChoice;
  customDelimiter?: string;
  header?: boolean;
  encoding?: string;
  skipLines?: number;
  decimalComma?: boolean;
  /** Lenient reading, never sniffed: drop spaces at the start of fields (API `trim`). */
  trim?: boolean;
  /** Lenient reading, never sniffed: short rows get NULL for missing trailing fields (API `ragged: "pad"`). */
  padRagged?: boolean;
  /** Lenient reading, never sniffed: a quote inside an unquoted field is a character (API `quotes: "lenient"`). */
  lenientQuotes?: boolean;
  /** Rows equal to the header further down load as data (API `repeated_headers: "keep"`; default: left out). */
  keepRepeatedHeaders?: boolean;
}

/** The dialect as shown in the form and sent with a job. */
export interface ResolvedDialect {
  delimiterChoice: DelimiterChoice;
  customDelimiter: string;
  /** The API's value: "," "tab" ";" "|" or one character. */
  delimiter: Delimiter;
  header: boolean;
  encoding: string;
  skipLines: number;
  decimalComma: boolean;
  trim: boolean;
  padRagged: boolean;
  lenientQuotes: boolean;
  keepRepeatedHeaders: boolean;
  quote: string;
  /** Field names that show the sniffer's suggestion rather than the person's choice. */
  suggested: Set<keyof DialectOverrides>;
}

/** Guesses the delimiter from the extension: .tsv/.tab are tab-separated, .psv pipe-separated. */
export function delimiterForName(name: string): DelimiterChoice | null {
  const lower = name.trim().toLowerCase().replace(/\.(gz|zst)$/, '');
  if (lower.endsWith('.tsv') || lower.endsWith('.tab')) return 'tab';
  if (lower.endsWith('.psv')) return '|';
  if (lower.endsWith('.csv')) return ',';
  return null;
}

/** The API's delimiter as a choice of the select (and the custom character when it is none of them). */
export function choiceOf(delimiter: Delimiter): { choice: DelimiterChoice; custom: string } {
  if (delimiter === '\t' || delimiter === 'tab') return { choice: 'tab', custom: '' };
  if (delimiter === ',' || delimiter === ';' || delimiter === '|') return { choice: delimiter, custom: '' };
  return { choice: 'custom', custom: delimiter };
}

export function delimiterName(delimiter: Delimiter): string {
  switch (delimiter) {
    case ',':
      return 'comma';
    case 'tab':
    case '\t':
      return 'tab';
    case ';':
      return 'semicolon';
    case '|':
      return 'pipe';
    default:
      return `“${delimiter}”`;
  }
}

/**
 * Resolves every field: the person's override, else `sniffed` (the server's `dialect` for this
 * file), else the name's extension, else the defaults (comma, header, UTF-8).
 */
export function resolveDialect(name: string, overrides: DialectOverrides, sniffed: Dialect | null): ResolvedDialect {
  const suggested = new Set<keyof DialectOverrides>();
  let choice: DelimiterChoice;
  let custom = overrides.customDelimiter ?? '';
  if (overrides.delimiter !== undefined) {
    choice = overrides.delimiter;
  } else if (sniffed) {
    const fromServer = choiceOf(sniffed.delimiter);
    choice = fromServer.choice;
    custom = fromServer.custom;
    suggested.add('delimiter');
  } else {
    choice = delimiterForName(name) ?? ',';
  }
  const pick = <K extends keyof DialectOverrides, V>(key: K, fromSniffed: V | undefined, fallback: V): V => {
    const own = overrides[key] as V | undefined;
    if (own !== undefined) return own;
    if (fromSniffed !== undefined) {
      suggested.add(key);
      return fromSniffed;
    }
    return fallback;
  };
  const header = pick('header', sniffed?.header, true);
  const encoding = pick('encoding', sniffed?.encoding?.toLowerCase(), 'utf-8');
  const skipLines = pick('skipLines', sniffed?.skip_lines, 0);
  const decimalComma = pick('decimalComma', sniffed?.decimal_comma, false);
  return {
    delimiterChoice: choice,
    customDelimiter: custom,
    delimiter: choice === 'custom' ? custom : choice,
    header,
    encoding,
    skipLines,
    decimalComma,
    trim: overrides.trim ?? false,
    padRagged: overrides.padRagged ?? false,
    lenientQuotes: overrides.lenientQuotes ?? false,
    keepRepeatedHeaders: overrides.keepRepeatedHeaders ?? false,
    quote: sniffed?.quote ?? '"',
    suggested,
  };
}

/**
 * What the schema request sends: only what the person chose, so the server sniffs the rest (and a
 * sniffed answer does not change the request, which would load the columns again).
 */
export function schemaRequestOf(path: string, overrides: DialectOverrides): FileSpec | null {
  if (!path) return null;
  const spec: FileSpec = { path };
  if (overrides.delimiter !== undefined) {
    if (overrides.delimiter === 'custom') {
      if ([...(overrides.customDelimiter ?? '')].length !== 1) return null;
      spec.delimiter = overrides.customDelimiter;
    } else {
      spec.delimiter = overrides.delimiter;
    }
  }
  if (overrides.header !== undefined) spec.header = overrides.header;
  if (overrides.encoding !== undefined) spec.encoding = overrides.encoding;
  if (overrides.skipLines !== undefined) spec.skip_lines = overrides.skipLines;
  if (overrides.decimalComma !== undefined) spec.decimal_comma = overrides.decimalComma;
  if (overrides.trim) spec.trim = true;
  if (overrides.padRagged) spec.ragged = 'pad';
  if (overrides.lenientQuotes) spec.quotes = 'lenient';
  if (overrides.keepRepeatedHeaders) spec.repeated_headers = 'keep';
  return spec;
}

/** The full file object for a job or a preview, so that it reads the file as the schema did. */
export function fileSpecOf(path: string, dialect: ResolvedDialect, withReadOptions: boolean): FileSpec {
  const spec: FileSpec = { path, delimiter: dialect.delimiter, header: dialect.header };
  if (!withReadOptions) return spec;
  // Sent only when they differ from the defaults, so older servers that do not know them still work.
  if (dialect.encoding !== 'utf-8') spec.encoding = dialect.encoding;
  if (dialect.skipLines > 0) spec.skip_lines = dialect.skipLines;
  if (dialect.decimalComma) spec.decimal_comma = true;
  if (dialect.quote !== '"') spec.quote = dialect.quote;
  if (dialect.trim) spec.trim = true;
  if (dialect.padRagged) spec.ragged = 'pad';
  if (dialect.lenientQuotes) spec.quotes = 'lenient';
  if (dialect.keepRepeatedHeaders) spec.repeated_headers = 'keep';
  return spec;
}

/** The overrides that take the sniffer's whole suggestion (the one-click fix of a warning). */
export function overridesFrom(detected: Dialect): DialectOverrides {
  const { choice, custom } = choiceOf(detected.delimiter);
  return {
    delimiter: choice,
    customDelimiter: custom,
    header: detected.header,
    encoding: detected.encoding?.toLowerCase(),
    skipLines: detected.skip_lines,
    decimalComma: detected.decimal_comma,
  };
}

/** The custom delimiter's problem, but only once something was typed. */
export function customDelimiterError(choice: DelimiterChoice, custom: string): string | null {
  if (choice !== 'custom' || custom === '') return null;
  return [...custom].length === 1 ? null : 'Type exactly one character.';
}
