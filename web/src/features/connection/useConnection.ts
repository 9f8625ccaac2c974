import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { listTables, type Compression, type Connection, type TableInfo } from '../../api';
import { decodeJwt, JwtError, type DecodedJwt } from '../../lib/jwt';
import { loadConnectionPrefs, saveConnectionPrefs } from '../../lib/storage';

export type AuthMethod = 'password' | 'jwt';

export interface ConnectionForm {
  host: string;
  /** Kept as typed so that a half-edited port does not jump around; validated on use. */
  port: string;
  secure: boolean;
  database: string;
  user: string;
  auth: AuthMethod;
  password: string;
  jwt: string;
  /** Advanced: wire compression; "auto" lets the server choose. */
  compression: Compression;
}

export const kCompressionOptions: Array<{ value: Compression; label: string }> = [
  { value: 'auto', label: 'Automatic (recommended)' },
  { value: 'none', label: 'None' },
  { value: 'lz4', label: 'LZ4 (fast, light)' },
  { value: 'zstd', label: 'Zstandard (smaller, for slow links)' },
  { value: 'gzip', label: 'gzip (for proxies that only know gzip)' },
];

export const kHttpPort = 8123;
export const kHttpsPort = 8443;

export type TablesState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'loaded'; tables: TableInfo[]; database: string }
  | { status: 'error'; error: unknown };

export type JwtInspection = { status: 'empty' } | { status: 'ok'; decoded: DecodedJwt } | { status: 'error'; message: string };

function initialForm(): ConnectionForm {
  const prefs = loadConnectionPrefs();
  const secure = prefs.secure ?? false;
  return {
    host: prefs.host ?? 'localhost',
    port: String(prefs.port ?? (secure ? kHttpsPort : kHttpPort)),
    secure,
    database: prefs.database ?? 'default',
    user: prefs.user ?? 'default',
    auth: prefs.auth ?? 'password',
    password: '',
    jwt: '',
    compression: prefs.compression ?? 'auto',
  };
}

export function validatePort(port: string): string | null {
  if (!/^\d+$/.test(port.trim())) return 'Enter a port number.';
  const value = Number(port);
  return value >= 1 && value <= 65535 ? null : 'A port is between 1 and 65535.';
}

/** The connection form, the table list it fetches, and the decoded JWT if one is used. */
export function useConnection() {
  const [form, setForm] = useState<ConnectionForm>(initialForm);
  const [tables, setTables] = useState<TablesState>({ status: 'idle' });
  const requestId = useRef(0);

  // Remember everything but the secrets (storage.ts writes only the non-secret fields).
  useEffect(() => {
    const port = Number(form.port);
    if (validatePort(form.port) !== null) return;
    saveConnectionPrefs({
      host: form.host,
      port,
      secure: form.secure,
      database: form.database,
      user: form.user,
      auth: form.auth,
      compression: form.compression,
    });
  }, [form.host, form.port, form.secure, form.database, form.user, form.auth, form.compression]);

  /** An error is about the fields as they were: editing any of them clears it. */
  const clearError = useCallback(() => {
    setTables((current) => (current.status === 'error' ? { status: 'idle' } : current));
  }, []);

  const setField = useCallback(
    <K extends keyof ConnectionForm>(key: K, value: ConnectionForm[K]) => {
      setForm((current) => ({ ...current, [key]: value }));
      clearError();
    },
    [clearError],
  );

  /** HTTPS on/off also moves the port between the two defaults, but leaves a custom port alone. */
  const setSecure = useCallback((secure: boolean) => {
    setForm((current) => {
      let port = current.port;
      if (secure && current.port === String(kHttpPort)) port = String(kHttpsPort);
      if (!secure && current.port === String(kHttpsPort)) port = String(kHttpPort);
      return { ...current, secure, port };
    });
    clearError();
  }, [clearError]);

  const jwt: JwtInspection = useMemo(() => {
    if (form.auth !== 'jwt' || form.jwt.trim() === '') return { status: 'empty' };
    try {
      return { status: 'ok', decoded: decodeJwt(form.jwt) };
    } catch (error) {
      return { status: 'error', message: error instanceof JwtError ? error.message : String(error) };
    }
  }, [form.auth, form.jwt]);

  const portError = validatePort(form.port);
  const problem: string | null = !form.host.trim()
    ? 'Enter the ClickHouse host.'
    : portError
      ? portError
      : !form.user.trim()
        ? 'Enter a user name.'
        : form.auth === 'jwt' && jwt.status !== 'ok'
          ? jwt.status === 'empty'
            ? 'Paste a JWT token.'
            : 'The JWT token is malformed.'
          : null;

  /** The API's connection object, with exactly one of password/jwt; null while the form is incomplete. */
  const connection: Connection | null = useMemo(() => {
    if (problem) return null;
    const base = {
      host: form.host.trim(),
      port: Number(form.port),
      secure: form.secure,
      database: form.database.trim() || 'default',
      user: form.user.trim(),
      ...(form.compression !== 'auto' ? { compression: form.compression } : {}),
    };
    return form.auth === 'jwt' ? { ...base, jwt: form.jwt.trim().replace(/^Bearer\s+/i, '') } : { ...base, password: form.password };
  }, [problem, form]);

  const connect = useCallback(async () => {
    if (!connection) return;
    const id = ++requestId.current;
    setTables({ status: 'loading' });
    try {
      const list = await listTables(connection);
      if (id === requestId.current) setTables({ status: 'loaded', tables: list, database: connection.database });
    } catch (error) {
      if (id === requestId.current) setTables({ status: 'error', error });
    }
  }, [connection]);

  const tableNames = useMemo(() => (tables.status === 'loaded' ? tables.tables.map((t) => t.name) : []), [tables]);

  return { form, setField, setSecure, jwt, problem, portError, connection, connect, tables, tableNames };
}

export type ConnectionState = ReturnType<typeof useConnection>;
