/// Several files as one import: the picked list, its count and size, and the folders of the data
/// directory that can be picked whole. Pure functions; useFileSource holds the state.
import type { DataFile } from '../../api';
import { formatBytes, formatCount } from '../../lib/format';

/** "logs/2024/a.csv" -> "logs/2024"; a file at the top has no folder (""). */
export function folderOf(name: string): string {
  const slash = name.lastIndexOf('/');
  return slash < 0 ? '' : name.slice(0, slash);
}

export interface FolderEntry {
  /** "logs" or "logs/2024". */
  folder: string;
  /** The files directly in it, by name. */
  files: string[];
  size: number;
}

/** Folders that hold data files directly, by name, with those files (a folder of folders only, or of
 * other files only, is not offered). */
export function foldersOf(files: DataFile[]): FolderEntry[] {
  const byFolder = new Map<string, FolderEntry>();
  for (const file of files) {
    const folder = folderOf(file.name);
    if (!folder || !isDataFile(file.name)) continue;
    const entry = byFolder.get(folder) ?? { folder, files: [], size: 0 };
    entry.files.push(file.name);
    entry.size += file.size;
    byFolder.set(folder, entry);
  }
  return [...byFolder.values()].sort((a, b) => a.folder.localeCompare(b.folder));
}

/** The files the server loads from a folder: data files only (.csv/.tsv/.txt and their .gz/.zst), sorted. */
export function isDataFile(name: string): boolean {
  return /\.(csv|tsv|txt|psv)(\.(gz|zst))?$/i.test(name);
}

/** `names` with `name` added at the end, or removed when present. */
export function toggled(names: string[], name: string): string[] {
  return names.includes(name) ? names.filter((n) => n !== name) : [...names, name];
}

/** Adds names not yet in the list, keeping the order of both. */
export function withAdded(names: string[], added: string[]): string[] {
  const seen = new Set(names);
  return [...names, ...added.filter((n) => !seen.has(n) && (seen.add(n), true))];
}

export interface FileSetSummary {
  count: number;
  size: number;
  /** "3 files, 1.2 MB" */
  text: string;
}

/** Count and total size of the picked files (a name not in the list counts 0 bytes). */
export function summarize(names: string[], files: DataFile[]): FileSetSummary {
  const sizes = new Map(files.map((f) => [f.name, f.size]));
  const size = names.reduce((total, name) => total + (sizes.get(name) ?? 0), 0);
  const count = names.length;
  return { count, size, text: `${formatCount(count)} ${count === 1 ? 'file' : 'files'}, ${formatBytes(size)}` };
}

/** How a summary names the input: "people.csv" or "3 files (a.csv, b.csv, …)". */
export function describeFiles(names: string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  const shown = names.slice(0, 2).join(', ');
  return `${names.length} files (${shown}${names.length > 2 ? ', …' : ''})`;
}
