/// An export cut into several files: rows per file, bytes per file, a partition expression. Parsing and
/// checking the form's text; the server checks the expression itself (docs/api.md, "Split exports").

export interface SplitForm {
  enabled: boolean;
  rowsText: string;
  /** "500M", "1G", "250 MB", "1048576" */
  bytesText: string;
  partitionBy: string;
}

export const kNoSplit: SplitForm = { enabled: false, rowsText: '', bytesText: '', partitionBy: '' };

export interface SplitFields {
  split_rows?: number;
  split_bytes?: number;
  partition_by?: string;
}

const kUnits: Record<string, number> = { '': 1, b: 1, k: 1e3, kb: 1e3, m: 1e6, mb: 1e6, g: 1e9, gb: 1e9, t: 1e12, tb: 1e12, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };

/** "500M" -> 500000000, "1.5 GB" -> 1500000000, "64 MiB" -> 67108864; null when it is not a size. */
export function parseSize(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!match) return null;
  const unit = kUnits[match[2]!.toLowerCase()];
  if (unit === undefined) return null;
  const bytes = Math.round(Number(match[1]) * unit);
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : null;
}

export interface SplitResult {
  fields: SplitFields;
  /** Per field: why its text cannot be sent. */
  rowsError: string | null;
  bytesError: string | null;
  /** The whole form: nothing chosen although splitting is on. */
  problem: string | null;
}

/** What the export target gets, and what is wrong with the form. Off: nothing, no problem. */
export function splitFieldsOf(form: SplitForm): SplitResult {
  const none: SplitResult = { fields: {}, rowsError: null, bytesError: null, problem: null };
  if (!form.enabled) return none;
  const fields: SplitFields = {};
  let rowsError: string | null = null;
  let bytesError: string | null = null;
  const rowsText = form.rowsText.trim();
  if (rowsText) {
    const rows = Number(rowsText.replace(/[,_ ]/g, ''));
    if (Number.isSafeInteger(rows) && rows > 0) fields.split_rows = rows;
    else rowsError = 'Enter a whole number of rows, such as 100000.';
  }
  if (form.bytesText.trim()) {
    const bytes = parseSize(form.bytesText);
    if (bytes !== null) fields.split_bytes = bytes;
    else bytesError = 'Enter a size such as 500M or 1G.';
  }
  const partition = form.partitionBy.trim();
  if (partition) fields.partition_by = partition;
  const problem =
    rowsError || bytesError
      ? 'Correct the split options in the output file step.'
      : Object.keys(fields).length === 0
        ? 'Choose rows per file, a size per file or a partition expression, or turn splitting off.'
        : null;
  return { fields: problem ? {} : fields, rowsError, bytesError, problem };
}

/** "out.csv.gz" -> "out-00001.csv.gz" (what the first file of a series is called), and its manifest. */
export function seriesNames(target: string): { first: string; manifest: string } {
  const slash = target.lastIndexOf('/');
  const dir = target.slice(0, slash + 1);
  const name = target.slice(slash + 1);
  const match = /^(.*?)((?:\.[^.]+)?(?:\.(?:gz|zst))?)$/.exec(name);
  const stem = match?.[1] || name;
  const ext = match?.[2] ?? '';
  return { first: `${dir}${stem}-00001${ext}`, manifest: `${dir}${stem}.manifest.json` };
}
