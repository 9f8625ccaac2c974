/// Remembers the non-secret connection settings between visits. Passwords and tokens are never
/// stored: only the fields listed in kPersistedKeys are written.

export interface ConnectionPrefs {
  host: string;
  port: number;
  secure: boolean;
  database: string;
  user: string;
  auth: 'password' | 'jwt';
  compression?: 'auto' | 'none' | 'lz4' | 'zstd' | 'gzip';
}

const kKey = 'ferry.connection';
const kPersistedKeys = ['host', 'port', 'secure', 'database', 'user', 'auth', 'compression'] as const;

type KeyValueStore = Pick<Storage, 'getItem' | 'setItem'>;

function defaultStore(): KeyValueStore | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // Storage disabled (privacy mode): just don't remember.
  }
}

export function loadConnectionPrefs(store: KeyValueStore | null = defaultStore()): Partial<ConnectionPrefs> {
  if (!store) return {};
  try {
    const raw = store.getItem(kKey);
    if (!raw) return {};
    const value = JSON.parse(raw) as Record<string, unknown>;
    const prefs: Partial<ConnectionPrefs> = {};
    if (typeof value.host === 'string') prefs.host = value.host;
    if (typeof value.port === 'number' && Number.isInteger(value.port)) prefs.port = value.port;
    if (typeof value.secure === 'boolean') prefs.secure = value.secure;
    if (typeof value.database === 'string') prefs.database = value.database;
    if (typeof value.user === 'string') prefs.user = value.user;
    if (value.auth === 'password' || value.auth === 'jwt') prefs.auth = value.auth;
    if (typeof value.compression === 'string' && ['auto', 'none', 'lz4', 'zstd', 'gzip'].includes(value.compression)) {
      prefs.compression = value.compression as ConnectionPrefs['compression'];
    }
    return prefs;
  } catch {
    return {};
  }
}

/** Accepts any object (even one holding a password) and writes only the non-secret fields. */
export function saveConnectionPrefs(prefs: ConnectionPrefs & Record<string, unknown>, store: KeyValueStore | null = defaultStore()): void {
  if (!store) return;
  const safe: Record<string, unknown> = {};
  for (const key of kPersistedKeys) safe[key] = prefs[key];
  try {
    store.setItem(kKey, JSON.stringify(safe));
  } catch {
    // Quota or privacy mode: remembering settings is a convenience, not a requirement.
  }
}
