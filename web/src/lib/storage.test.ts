import { describe, expect, it } from 'vitest';
import { loadConnectionPrefs, saveConnectionPrefs } from './storage';

function memoryStore() {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
  };
}

describe('connection prefs', () => {
  it('round-trips the non-secret fields', () => {
    const store = memoryStore();
    saveConnectionPrefs({ host: 'ch.local', port: 8443, secure: true, database: 'sales', user: 'ana', auth: 'jwt' }, store);
    expect(loadConnectionPrefs(store)).toEqual({
      host: 'ch.local',
      port: 8443,
      secure: true,
      database: 'sales',
      user: 'ana',
      auth: 'jwt',
    });
  });

  it('never writes passwords or tokens', () => {
    const store = memoryStore();
    saveConnectionPrefs(
      { host: 'h', port: 8123, secure: false, database: 'd', user: 'u', auth: 'password', password: 'hunter2', jwt: 'a.b.c' },
      store,
    );
    const written = [...store.map.values()].join('');
    expect(written).not.toContain('hunter2');
    expect(written).not.toContain('a.b.c');
  });

  it('ignores corrupt or mistyped values', () => {
    const store = memoryStore();
    store.setItem('ferry.connection', '{not json');
    expect(loadConnectionPrefs(store)).toEqual({});
    store.setItem('ferry.connection', JSON.stringify({ host: 1, port: '80', auth: 'kerberos', user: 'u' }));
    expect(loadConnectionPrefs(store)).toEqual({ user: 'u' });
    expect(loadConnectionPrefs(null)).toEqual({});
  });
});
