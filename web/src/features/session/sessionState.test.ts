import { describe, expect, it } from 'vitest';
import { ApiError, type Session } from '../../api';
import {
  credentialsFrom,
  ferryStorageKeys,
  kInitialSession,
  secondsUntil,
  stripWait,
  sessionReducer,
  tokenFromInput,
  tokenInLocation,
  type SessionState,
} from './sessionState';

const alice: Session = { user: 'alice', admin: false, mode: 'users' };
const local: Session = { user: 'local', admin: true, mode: 'none' };

function signedIn(session = alice): SessionState {
  return sessionReducer(kInitialSession, { type: 'checked', result: { signedIn: true, session } });
}

function tooMany(seconds: number | null): ApiError {
  const error = new ApiError('rate_limited', 'Too many sign-in attempts from this address.', 429);
  error.retryAfterSeconds = seconds;
  return error;
}

describe('sessionReducer', () => {
  it('shows the app at once for local use (mode none)', () => {
    const state = signedIn(local);
    expect(state).toMatchObject({ status: 'signed-in', session: { user: 'local', mode: 'none' } });
  });

  it('asks to sign in, in the mode the server names, with no notice on first load', () => {
    const state = sessionReducer(kInitialSession, { type: 'checked', result: { signedIn: false, mode: 'users' } });
    expect(state).toEqual({ status: 'signed-out', mode: 'users', notice: null, error: null, retryUntil: null, submitting: false });
  });

  it('gives every sign-in a new epoch, so the app starts from scratch', () => {
    const first = signedIn();
    const out = sessionReducer(first, { type: 'signed-out' });
    const again = sessionReducer(out, { type: 'signed-in', session: alice });
    expect(first.status === 'signed-in' && again.status === 'signed-in' && again.epoch !== first.epoch).toBe(true);
  });

  it('keeps the app when a re-check (back/forward cache) finds the same person', () => {
    const state = signedIn();
    expect(sessionReducer(state, { type: 'checked', result: { signedIn: true, session: { ...alice } } })).toBe(state);
    const bob = sessionReducer(state, { type: 'checked', result: { signedIn: true, session: { ...alice, user: 'bob' } } });
    expect(bob.status === 'signed-in' && state.status === 'signed-in' && bob.epoch !== state.epoch).toBe(true);
  });

  it('hides the app when a later API answer says the session is gone', () => {
    const state = sessionReducer(signedIn(), { type: 'lost', mode: 'users' });
    expect(state).toMatchObject({ status: 'signed-out', mode: 'users', notice: 'ended' });
    // And when a re-check finds no session.
    expect(sessionReducer(signedIn(), { type: 'checked', result: { signedIn: false, mode: 'token' } })).toMatchObject({
      status: 'signed-out',
      notice: 'ended',
    });
  });

  it('does not treat a refused sign-in as a lost session', () => {
    const out = sessionReducer(kInitialSession, { type: 'checked', result: { signedIn: false, mode: 'token' } });
    const submitting = sessionReducer(out, { type: 'submit' });
    expect(sessionReducer(submitting, { type: 'lost', mode: 'token' })).toBe(submitting);
  });

  it('says "signed out" after Sign out, in the mode of the session that ended', () => {
    expect(sessionReducer(signedIn(), { type: 'signed-out' })).toMatchObject({ status: 'signed-out', mode: 'users', notice: 'signed-out' });
  });

  it('keeps the 401 message and the wait of a 429 until it elapses', () => {
    let state = sessionReducer(kInitialSession, { type: 'checked', result: { signedIn: false, mode: 'token' } });
    state = sessionReducer(state, { type: 'submit' });
    expect(state).toMatchObject({ submitting: true, error: null });
    const wrong = new ApiError('auth', 'That token is not valid for this server.', 401);
    state = sessionReducer(state, { type: 'sign-in-failed', error: wrong, now: 1_000 });
    expect(state).toMatchObject({ submitting: false, error: wrong, retryUntil: null });

    state = sessionReducer(state, { type: 'sign-in-failed', error: tooMany(30), now: 1_000 });
    expect(state).toMatchObject({ retryUntil: 31_000 });
    expect(secondsUntil(state.status === 'signed-out' ? state.retryUntil : null, 1_500)).toBe(30);
    state = sessionReducer(state, { type: 'retry-elapsed' });
    expect(state).toMatchObject({ retryUntil: null });
    // A 429 without Retry-After blocks nothing.
    expect(sessionReducer(state, { type: 'sign-in-failed', error: tooMany(null), now: 0 })).toMatchObject({ retryUntil: null });
  });

  it('leaves a signed-in page alone when a re-check cannot reach the server', () => {
    const state = signedIn();
    expect(sessionReducer(state, { type: 'check-failed', error: new Error('offline') })).toBe(state);
    const down = sessionReducer(kInitialSession, { type: 'check-failed', error: new Error('offline') });
    expect(down.status).toBe('unreachable');
    expect(sessionReducer(down, { type: 'recheck' })).toEqual({ status: 'checking' });
  });
});

describe('stripWait', () => {
  it('drops the static wait from the server’s 429 message, since the screen counts down', () => {
    expect(stripWait('Too many failed sign-ins from here or for this user; try again in 27 seconds.')).toBe(
      'Too many failed sign-ins from here or for this user.',
    );
    expect(stripWait('Too many attempts. Try again in 1 second')).toBe('Too many attempts.');
    expect(stripWait('Too many sign-in attempts.')).toBe('Too many sign-in attempts.');
  });
});

describe('credentialsFrom', () => {
  it('takes the token, also out of a pasted link', () => {
    expect(credentialsFrom('token', { token: '  abc123 ', user: '', password: '' })).toEqual({ credentials: { token: 'abc123' } });
    expect(credentialsFrom('token', { token: 'https://ferry.example.com/?token=a%2Bb&x=1', user: '', password: '' })).toEqual({
      credentials: { token: 'a+b' },
    });
    expect(credentialsFrom('token', { token: ' ', user: '', password: '' })).toHaveProperty('problem');
  });

  it('needs a user name and a password in users mode, and keeps spaces inside the password', () => {
    expect(credentialsFrom('users', { token: '', user: ' alice ', password: ' s3cret ' })).toEqual({
      credentials: { user: 'alice', password: ' s3cret ' },
    });
    expect(credentialsFrom('users', { token: '', user: '', password: 'x' })).toEqual({ problem: 'Enter your user name.' });
    expect(credentialsFrom('users', { token: '', user: 'alice', password: '' })).toEqual({ problem: 'Enter your password.' });
  });
});

describe('tokens in the address', () => {
  it('finds the token and gives the address without it', () => {
    expect(tokenInLocation('http://127.0.0.1:8090/?token=t0k&x=1#step-2')).toEqual({ token: 't0k', cleanUrl: '/?x=1#step-2' });
    expect(tokenInLocation('https://ferry.example.com/?token=abc')).toEqual({ token: 'abc', cleanUrl: '/' });
    expect(tokenInLocation('http://127.0.0.1:8090/')).toBeNull();
    expect(tokenFromInput('plain')).toBe('plain');
  });
});

describe('ferryStorageKeys', () => {
  it('lists only this app’s keys', () => {
    const keys = ['ferry.connection', 'other', 'ferry.jobs'];
    const store = { length: keys.length, key: (i: number) => keys[i] ?? null };
    expect(ferryStorageKeys(store)).toEqual(['ferry.connection', 'ferry.jobs']);
  });
});
