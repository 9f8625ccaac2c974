import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { listFiles, uploadFile, type DataFile, type FileSpec, type UploadHandle } from '../../api';

export type DelimiterChoice = ',' | 'tab' | ';' | '|' | 'custom';

export const kDelimiterOptions: Array<{ value: DelimiterChoice; label: string }> = [
  { value: ',', label: 'Comma (,)' },
  { value: 'tab', label: 'Tab' },
  { value: ';', label: 'Semicolon (;)' },
  { value: '|', label: 'Pipe (|)' },
  { value: 'custom', label: 'Custom…' },
];

export type FilesState =
  | { status: 'loading'; files: DataFile[] }
  | { status: 'loaded'; files: DataFile[] }
  | { status: 'error'; files: DataFile[]; error: unknown };

export type UploadState =
  | { status: 'idle' }
  | { status: 'uploading'; name: string; loaded: number; total: number }
  | { status: 'done'; name: string; size: number }
  | { status: 'error'; name: string; error: unknown };

/** A name that is a plain relative path inside the data directory, or a reason it is not. */
export function validateFileName(name: string): string | null {
  const trimmed = name.trim();
  if (!trimmed) return 'Enter a file name.';
  if (trimmed.startsWith('/') || trimmed.startsWith('\\')) return 'Use a name relative to the data directory.';
  if (trimmed.split(/[\\/]/).some((part) => part === '..' || part === '')) return 'The name may not contain “..” or empty folders.';
  if (/[\u0000-\u001f]/.test(trimmed)) return 'The name may not contain control characters.';
  return null;
}

/** Guesses the delimiter from the extension: .tsv/.tab are tab-separated, .psv pipe-separated. */
export function delimiterForName(name: string): DelimiterChoice | null {
  const lower = name.toLowerCase().replace(/\.(gz|zst)$/, '');
  if (lower.endsWith('.tsv') || lower.endsWith('.tab')) return 'tab';
  if (lower.endsWith('.psv')) return '|';
  if (lower.endsWith('.csv')) return ',';
  return null;
}

/** Step 3: the data directory's files, uploads, and the delimiter/header dialect. */
export function useFileSource() {
  const [files, setFiles] = useState<FilesState>({ status: 'loading', files: [] });
  const [selected, setSelected] = useState('');
  const [upload, setUpload] = useState<UploadState>({ status: 'idle' });
  const [delimiterChoice, setDelimiterChoice] = useState<DelimiterChoice>(',');
  const [customDelimiter, setCustomDelimiter] = useState('');
  const [header, setHeader] = useState(true);
  const [outputName, setOutputNameRaw] = useState('');
  const [outputTouched, setOutputTouched] = useState(false);
  const uploadHandle = useRef<UploadHandle | null>(null);

  const refresh = useCallback(async () => {
    setFiles((current) => ({ status: 'loading', files: current.files }));
    try {
      const list = await listFiles();
      list.sort((a, b) => a.name.localeCompare(b.name));
      setFiles({ status: 'loaded', files: list });
      return list;
    } catch (error) {
      setFiles((current) => ({ status: 'error', files: current.files, error }));
      return null;
    }
  }, []);

  useEffect(() => {
    void refresh();
    return () => uploadHandle.current?.abort();
  }, [refresh]);

  const select = useCallback((name: string) => {
    setSelected(name);
    const guess = delimiterForName(name);
    if (guess) setDelimiterChoice(guess);
  }, []);

  const startUpload = useCallback(
    async (file: File) => {
      uploadHandle.current?.abort();
      const name = file.name;
      setUpload({ status: 'uploading', name, loaded: 0, total: file.size });
      const handle = uploadFile(file, name, (loaded, total) =>
        setUpload((current) => (current.status === 'uploading' && current.name === name ? { ...current, loaded, total } : current)),
      );
      uploadHandle.current = handle;
      try {
        await handle.done;
        setUpload({ status: 'done', name, size: file.size });
        await refresh();
        select(name);
      } catch (error) {
        setUpload({ status: 'error', name, error });
      } finally {
        if (uploadHandle.current === handle) uploadHandle.current = null;
      }
    },
    [refresh, select],
  );

  const cancelUpload = useCallback(() => uploadHandle.current?.abort(), []);

  const setOutputName = useCallback((name: string) => {
    setOutputTouched(true);
    setOutputNameRaw(name);
  }, []);

  /** Proposes "<table>.csv" until the person types a name of their own. */
  const suggestOutputName = useCallback(
    (name: string) => {
      if (!outputTouched) setOutputNameRaw(name);
    },
    [outputTouched],
  );

  const delimiter = delimiterChoice === 'custom' ? customDelimiter : delimiterChoice;
  const delimiterError =
    delimiterChoice === 'custom' && [...customDelimiter].length !== 1 ? 'Type exactly one character.' : null;
  const outputError = validateFileName(outputName);

  /** The chosen input file as the API wants it, or null while something is missing. */
  const sourceSpec: FileSpec | null = useMemo(
    () => (selected && !delimiterError ? { path: selected, delimiter, header } : null),
    [selected, delimiter, delimiterError, header],
  );
  const outputSpec: FileSpec | null = useMemo(
    () => (!outputError && !delimiterError ? { path: outputName.trim(), delimiter, header } : null),
    [outputName, outputError, delimiter, delimiterError, header],
  );

  const selectedFile = files.files.find((f) => f.name === selected) ?? null;
  const outputExists = files.files.some((f) => f.name === outputName.trim());

  return {
    files,
    refresh,
    selected,
    select,
    selectedFile,
    upload,
    startUpload,
    cancelUpload,
    delimiterChoice,
    setDelimiterChoice,
    customDelimiter,
    setCustomDelimiter,
    delimiter,
    delimiterError,
    header,
    setHeader,
    outputName,
    setOutputName,
    suggestOutputName,
    outputError,
    outputExists,
    sourceSpec,
    outputSpec,
  };
}

export type FileSourceState = ReturnType<typeof useFileSource>;
