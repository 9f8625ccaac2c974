import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, listFiles, uploadFile, type DataFile, type Dialect, type FileSpec, type UploadHandle } from '../../api';
import {
  customDelimiterError,
  delimiterForName,
  fileSpecOf,
  overridesFrom,
  resolveDialect,
  schemaRequestOf,
  type DelimiterChoice,
  type DialectOverrides,
} from './dialect';
import { foldersOf, summarize, toggled, withAdded } from './fileSet';

export { delimiterForName, kDelimiterOptions, type DelimiterChoice } from './dialect';

export type FilesState =
  | { status: 'loading'; files: DataFile[] }
  | { status: 'loaded'; files: DataFile[] }
  | { status: 'error'; files: DataFile[]; error: unknown };

export type UploadState =
  | { status: 'idle' }
  /** A file of that name exists: the person decides before any byte is sent. */
  | { status: 'confirm'; name: string; file: File }
  /** Several files, some of whose names exist: replace those, or keep them and upload the rest. */
  | { status: 'confirm-many'; files: File[]; existing: string[] }
  /** `index` of `count` when several files are uploaded one after the other. */
  | { status: 'uploading'; name: string; loaded: number; total: number; index?: number; count?: number }
  /** `count` when several files were uploaded (then `name` is the first). */
  | { status: 'done'; name: string; size: number; count?: number }
  | { status: 'cancelled'; name: string }
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

/** Step "file": the data directory's files, uploads, and how the file is (or will be) delimited. */
export function useFileSource() {
  const [files, setFiles] = useState<FilesState>({ status: 'loading', files: [] });
  /** The import's files, in order; the first is the one whose schema and dialect are read. */
  const [picked, setPicked] = useState<string[]>([]);
  const selected = picked[0] ?? '';
  const [upload, setUpload] = useState<UploadState>({ status: 'idle' });
  const [overrides, setOverrides] = useState<DialectOverrides>({});
  /** The server's `dialect` for the selected file (from the schema answer), once known. */
  const [sniffed, setSniffedRaw] = useState<{ path: string; dialect: Dialect } | null>(null);
  const [outputName, setOutputNameRaw] = useState('');
  const [outputTouched, setOutputTouched] = useState(false);
  const uploadHandle = useRef<UploadHandle | null>(null);

  const refresh = useCallback(async () => {
    setFiles((current) => ({ status: 'loading', files: current.files }));
    try {
      // With the files in folders, so that a folder can be picked as one import.
      const list = await listFiles(undefined, { recursive: true });
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

  // Leaving the page would cut the upload off: ask first.
  const uploading = upload.status === 'uploading';
  useEffect(() => {
    if (!uploading) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = ''; // Chromium still wants it set.
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [uploading]);

  /** A new file is sniffed afresh: choices made for the previous one do not carry over. */
  const select = useCallback((name: string) => {
    setPicked(name ? [name] : []);
    setOverrides({});
  }, []);

  /** Several files as one import. The dialect choices stay unless the first file changes. */
  const pickFiles = useCallback((names: string[]) => {
    setPicked((current) => {
      if ((current[0] ?? '') !== (names[0] ?? '')) setOverrides({});
      return names;
    });
  }, []);
  const togglePicked = useCallback((name: string) => pickFiles(toggled(picked, name)), [picked, pickFiles]);
  /** Every data file directly in `folder` (sorted by name, as the server lists them). */
  const pickFolder = useCallback(
    (folder: string) => {
      const entry = foldersOf(files.files).find((f) => f.folder === folder);
      if (entry) pickFiles(entry.files);
    },
    [files.files, pickFiles],
  );

  const runUpload = useCallback(
    async (file: File, replace: boolean) => {
      uploadHandle.current?.abort();
      const name = file.name;
      setUpload({ status: 'uploading', name, loaded: 0, total: file.size });
      const handle = uploadFile(
        file,
        name,
        (loaded, total) =>
          setUpload((current) => (current.status === 'uploading' && current.name === name ? { ...current, loaded, total } : current)),
        replace,
      );
      uploadHandle.current = handle;
      try {
        await handle.done;
        await refresh();
        select(name);
        setUpload({ status: 'done', name, size: file.size });
        return true;
      } catch (error) {
        if (error instanceof ApiError && error.kind === 'cancelled') setUpload({ status: 'cancelled', name });
        else if (error instanceof ApiError && error.status === 409) setUpload({ status: 'confirm', name, file });
        else setUpload({ status: 'error', name, error });
        return false;
      } finally {
        if (uploadHandle.current === handle) uploadHandle.current = null;
      }
    },
    [refresh, select],
  );

  /** Uploads, but first asks when the name is taken (the server refuses it too, with 409). */
  const startUpload = useCallback(
    async (file: File) => {
      if (files.files.some((f) => f.name === file.name)) {
        setUpload({ status: 'confirm', name: file.name, file });
        return false;
      }
      return runUpload(file, false);
    },
    [files.files, runUpload],
  );

  /** Uploads `list` one after the other (replacing names that exist when `replace`), then picks them all. */
  const runUploads = useCallback(
    async (list: File[], replace: boolean, alsoPick: string[] = []) => {
      uploadHandle.current?.abort();
      let size = 0;
      for (const [index, file] of list.entries()) {
        const name = file.name;
        setUpload({ status: 'uploading', name, loaded: 0, total: file.size, index, count: list.length });
        const handle = uploadFile(
          file,
          name,
          (loaded, total) =>
            setUpload((current) => (current.status === 'uploading' && current.name === name ? { ...current, loaded, total } : current)),
          replace,
        );
        uploadHandle.current = handle;
        try {
          await handle.done;
          size += file.size;
        } catch (error) {
          // The files sent before stay (each upload is whole or absent); the list shows them.
          await refresh();
          if (error instanceof ApiError && error.kind === 'cancelled') setUpload({ status: 'cancelled', name });
          else setUpload({ status: 'error', name, error });
          return false;
        } finally {
          if (uploadHandle.current === handle) uploadHandle.current = null;
        }
      }
      await refresh();
      const names = withAdded(
        list.map((f) => f.name),
        alsoPick,
      );
      pickFiles(names);
      setUpload({ status: 'done', name: names[0] ?? '', size, count: list.length });
      return true;
    },
    [refresh, pickFiles],
  );

  /** Several files picked for upload: one import of all of them. Names that exist are asked about first. */
  const startUploads = useCallback(
    async (list: File[]) => {
      if (list.length === 0) return false;
      if (list.length === 1) return startUpload(list[0]!);
      const existing = list.filter((file) => files.files.some((f) => f.name === file.name)).map((f) => f.name);
      if (existing.length > 0) {
        setUpload({ status: 'confirm-many', files: list, existing });
        return false;
      }
      return runUploads(list, false);
    },
    [files.files, startUpload, runUploads],
  );

  const confirmReplace = useCallback(async () => {
    if (upload.status === 'confirm-many') return runUploads(upload.files, true);
    if (upload.status !== 'confirm') return false;
    return runUpload(upload.file, true);
  }, [upload, runUpload, runUploads]);

  const keepExisting = useCallback(async () => {
    if (upload.status === 'confirm-many') {
      // The existing files stay as they are and are imported with the new ones.
      const fresh = upload.files.filter((f) => !upload.existing.includes(f.name));
      const all = upload.files.map((f) => f.name);
      if (fresh.length === 0) {
        setUpload({ status: 'idle' });
        pickFiles(all);
        return true;
      }
      const ok = await runUploads(fresh, false, all);
      if (ok) pickFiles(all);
      return ok;
    }
    if (upload.status !== 'confirm') return false;
    const name = upload.name;
    setUpload({ status: 'idle' });
    select(name);
    return true;
  }, [upload, select, pickFiles, runUploads]);

  const cancelUpload = useCallback(() => uploadHandle.current?.abort(), []);

  const setOutputName = useCallback((name: string) => {
    setOutputTouched(true);
    setOutputNameRaw(name);
  }, []);

  /** Proposes "<table>.csv" (keeping a chosen extension) until the person types a name of their own. */
  const suggestOutputName = useCallback(
    (table: string) => {
      if (outputTouched) return;
      setOutputNameRaw(table ? `${table}.${overrides.delimiter === 'tab' ? 'tsv' : 'csv'}` : '');
    },
    [outputTouched, overrides.delimiter],
  );

  const setDelimiterChoice = useCallback((choice: DelimiterChoice) => setOverrides((o) => ({ ...o, delimiter: choice })), []);
  const setCustomDelimiter = useCallback((custom: string) => setOverrides((o) => ({ ...o, delimiter: 'custom', customDelimiter: custom })), []);
  const setHeader = useCallback((header: boolean) => setOverrides((o) => ({ ...o, header })), []);
  const setEncoding = useCallback((encoding: string) => setOverrides((o) => ({ ...o, encoding })), []);
  const setSkipLines = useCallback((skipLines: number) => setOverrides((o) => ({ ...o, skipLines })), []);
  const setDecimalComma = useCallback((decimalComma: boolean) => setOverrides((o) => ({ ...o, decimalComma })), []);
  const setTrim = useCallback((trim: boolean) => setOverrides((o) => ({ ...o, trim })), []);
  const setPadRagged = useCallback((padRagged: boolean) => setOverrides((o) => ({ ...o, padRagged })), []);
  const setLenientQuotes = useCallback((lenientQuotes: boolean) => setOverrides((o) => ({ ...o, lenientQuotes })), []);
  const setKeepRepeatedHeaders = useCallback(
    (keepRepeatedHeaders: boolean) => setOverrides((o) => ({ ...o, keepRepeatedHeaders })),
    [],
  );
  /** The one-click fix of a sniffer warning: take everything it detected. */
  const applyDetected = useCallback((detected: Dialect) => setOverrides(overridesFrom(detected)), []);

  const setSniffed = useCallback((path: string, dialect: Dialect | null) => {
    setSniffedRaw(dialect ? { path, dialect } : null);
  }, []);

  // --- Import: the input file ---------------------------------------------------------------
  const inputSniffed = sniffed && sniffed.path === selected ? sniffed.dialect : null;
  const input = useMemo(() => resolveDialect(selected, overrides, inputSniffed), [selected, overrides, inputSniffed]);
  // --- Export: the output file (no sniffing; the extension decides unless chosen) ---------------
  const output = useMemo(() => resolveDialect(outputName, overrides, null), [outputName, overrides]);

  const delimiterError = customDelimiterError(overrides.delimiter ?? ',', overrides.customDelimiter ?? '');
  const delimiterMissing = overrides.delimiter === 'custom' && (overrides.customDelimiter ?? '') === '';
  const outputError = validateFileName(outputName);

  // Several files: the schema's types hold every file's sample, and the job loads them all.
  const pickedKey = picked.join('\n');
  const paths = useMemo(() => (picked.length > 1 ? { paths: pickedKey.split('\n') } : {}), [picked.length, pickedKey]);
  /** What the schema request sends (only the person's choices); null while something is missing. */
  const schemaSpec: FileSpec | null = useMemo(() => {
    if (delimiterError || delimiterMissing) return null;
    const spec = schemaRequestOf(selected, overrides);
    return spec ? { ...spec, ...paths } : null;
  }, [selected, overrides, delimiterError, delimiterMissing, paths]);
  /** The chosen input file(s) as a job wants them (every field resolved), or null. */
  const sourceSpec: FileSpec | null = useMemo(
    () => (selected && !delimiterError && !delimiterMissing ? { ...fileSpecOf(selected, input, true), ...paths } : null),
    [selected, input, delimiterError, delimiterMissing, paths],
  );
  const pickedSummary = useMemo(() => summarize(picked, files.files), [picked, files.files]);
  const outputSpec: FileSpec | null = useMemo(
    () => (!outputError && !delimiterError && !delimiterMissing ? fileSpecOf(outputName.trim(), output, false) : null),
    [outputName, outputError, output, delimiterError, delimiterMissing],
  );

  const selectedFile = files.files.find((f) => f.name === selected) ?? null;
  const outputExists = files.files.some((f) => f.name === outputName.trim());

  return {
    files,
    refresh,
    selected,
    select,
    selectedFile,
    picked,
    pickedSummary,
    pickFiles,
    togglePicked,
    pickFolder,
    upload,
    startUpload,
    startUploads,
    confirmReplace,
    keepExisting,
    cancelUpload,
    overrides,
    input,
    output,
    setDelimiterChoice,
    setCustomDelimiter,
    setHeader,
    setEncoding,
    setSkipLines,
    setDecimalComma,
    setTrim,
    setPadRagged,
    setLenientQuotes,
    setKeepRepeatedHeaders,
    applyDetected,
    setSniffed,
    delimiterError,
    delimiterMissing,
    outputName,
    setOutputName,
    suggestOutputName,
    outputError,
    outputExists,
    schemaSpec,
    sourceSpec,
    outputSpec,
    delimiterForName,
  };
}

export type FileSourceState = ReturnType<typeof useFileSource>;
