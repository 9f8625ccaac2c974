import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, describeError, formatWait, parseRetryAfter, withRetryTime } from './error';
import { errorFromText, requestJson } from './http';
import { checkSession, signIn, signOut } from './session';
import { onSessionLost } from './sessionEvents';

/** Answers fetch calls in order with [status, body, headers]; records what was asked. */
function serve(...answers: [number, unknown, Record<string, string>?][]) {
  const calls: { method: string; url: string; body: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      calls.push({ method: init.method ?? 'GET', url, body: init.body ? JSON.parse(String(init.body)) : undefined });
      const [status, body, headers] = answers.shift() ?? [500, { error: { kind: 'internal', message: 'no more answers' } }];
      return new Response(status === 204 ? null : JSON.stringify(body), { status, headers });
    }),
  );
  return calls;
}

const kSignInFirst = { error: { kind: 'auth', message: 'Sign in to use Ferry.' }, auth: { mode: 'users' } };

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('a 401 that asks for sign-in', () => {
  it('is told apart from ClickHouse refusing a connection’s password', () => {
    const session = errorFromText(JSON.stringify(kSignInFirst), 401);
    expect(session.signIn).toEqual({ mode: 'users' });
    expect(session.sessionRequired).toBe(true);
    const clickhouse = errorFromText('{"error": {"kind": "auth", "message": "Wrong password for user ferry"}}', 401);
    expect(clickhouse.signIn).toBeNull();
    // Only a 401 asks for sign-in.
    expect(errorFromText(JSON.stringify(kSignInFirst), 403).signIn).toBeNull();
  });

  it('reaches the session listeners from any API call, and only then', async () => {
    const heard: string[] = [];
    const stop = onSessionLost((mode) => heard.push(mode));
    serve([401, kSignInFirst], [401, { error: { kind: 'auth', message: 'Wrong password for user ferry' } }]);
    await expect(requestJson('GET', '/api/jobs')).rejects.toBeInstanceOf(ApiError);
    await expect(requestJson('POST', '/api/clickhouse/tables', {})).rejects.toMatchObject({ message: 'Wrong password for user ferry' });
    stop();
    expect(heard).toEqual(['users']);
  });
});

describe('errors a shared server answers', () => {
  it('reads Retry-After as seconds or a date, and from the body', () => {
    expect(parseRetryAfter('30')).toBe(30);
    expect(parseRetryAfter(new Date(61_000).toUTCString(), 1_000)).toBe(60);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
    const limited = errorFromText('{"error": {"kind": "rate_limited", "message": "Too many sign-in attempts.", "retry_after": 12}}', 429);
    expect(limited.retryAfterSeconds).toBe(12);
    expect(errorFromText('{"error": {"kind": "rate_limited", "message": "m"}}', 429, '', '7').retryAfterSeconds).toBe(7);
  });

  it('titles 403, 413 and 429 for people, with the server’s own message', () => {
    expect(describeError(errorFromText('{"error": {"kind": "forbidden", "message": "ClickHouse host db.internal:8123 is not allowed on this server."}}', 403))).toEqual({
      title: 'Not allowed on this server',
      message: 'ClickHouse host db.internal:8123 is not allowed on this server.',
    });
    expect(describeError(errorFromText('{"error": {"kind": "usage", "message": "The upload is larger than 1 GiB."}}', 413)).title).toBe('Too large');
    expect(describeError(errorFromText('<html>413 Request Entity Too Large</html>', 413)).title).toBe('Too large');
    const limit = errorFromText('{"error": {"kind": "limit", "message": "You have 2 jobs running, the most allowed per user"}}', 429, '', '5');
    expect(describeError(limit)).toEqual({ title: 'Limit reached', message: 'You have 2 jobs running, the most allowed per user. Try again in 5 seconds.' });
  });

  it('says how long to wait in words, once', () => {
    expect(withRetryTime('Too many attempts', 1)).toBe('Too many attempts. Try again in 1 second.');
    expect(withRetryTime('Slow down. Try again in 30 s.', 30)).toBe('Slow down. Try again in 30 s.');
    expect(withRetryTime('No wait known.', null)).toBe('No wait known.');
    expect(formatWait(59.2)).toBe('1 minute');
    expect(formatWait(90)).toBe('1 minute 30 seconds');
    expect(formatWait(120)).toBe('2 minutes');
  });
});

describe('session routes', () => {
  it('checks who is signed in, and which sign-in is wanted when nobody is', async () => {
    const calls = serve([200, { user: 'alice', admin: false, mode: 'token' }], [401, { ...kSignInFirst, auth: { mode: 'token' } }]);
    expect(await checkSession()).toEqual({ signedIn: true, session: { user: 'alice', admin: false, mode: 'token' } });
    expect(await checkSession()).toEqual({ signedIn: false, mode: 'token' });
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(['GET /api/session', 'GET /api/session']);
  });

  it('treats a server without the route (404) as local use, and a local session as admin', async () => {
    serve([404, { error: { kind: 'usage', message: 'No route GET /api/session' } }], [200, { user: 'local', admin: true, mode: 'none' }]);
    expect(await checkSession()).toEqual({ signedIn: true, session: { user: 'local', admin: true, mode: 'none' } });
    expect(await checkSession()).toEqual({ signedIn: true, session: { user: 'local', admin: true, mode: 'none' } });
  });

  it('does not hide a server that is down behind a sign-in screen', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    await expect(checkSession()).rejects.toMatchObject({ kind: 'network' });
  });

  it('signs in with the token or a password, asking who when the answer does not say', async () => {
    const calls = serve([200, { user: 'alice', admin: true, mode: 'users' }], [204, null], [200, { user: 'token', admin: false, mode: 'token' }]);
    expect(await signIn({ user: 'alice', password: 'pw' })).toEqual({ user: 'alice', admin: true, mode: 'users' });
    expect(await signIn({ token: 't0k' })).toEqual({ user: 'token', admin: false, mode: 'token' });
    expect(calls.map((c) => [c.method, c.url, c.body])).toEqual([
      ['POST', '/api/session', { user: 'alice', password: 'pw' }],
      ['POST', '/api/session', { token: 't0k' }],
      ['GET', '/api/session', undefined],
    ]);
  });

  it('passes a refused or throttled sign-in on with its message and wait', async () => {
    serve(
      [401, { error: { kind: 'auth', message: 'Wrong user name or password.' } }],
      [429, { error: { kind: 'rate_limited', message: 'Too many sign-in attempts.' } }, { 'Retry-After': '42' }],
    );
    await expect(signIn({ user: 'alice', password: 'nope' })).rejects.toMatchObject({ status: 401, message: 'Wrong user name or password.' });
    await expect(signIn({ user: 'alice', password: 'nope' })).rejects.toMatchObject({ status: 429, kind: 'rate_limited', retryAfterSeconds: 42 });
  });

  it('signs out with DELETE, and an already-ended session is fine', async () => {
    const calls = serve([204, null], [401, kSignInFirst]);
    await signOut();
    await signOut();
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(['DELETE /api/session', 'DELETE /api/session']);
  });
});
