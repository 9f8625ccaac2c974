import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, formatWait, readableMessage } from '../../api';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { describedBy, Field } from '../../components/Field';
import { credentialsFrom, secondsUntil, stripWait, type SessionState } from './sessionState';
import type { SessionHook } from './useSession';

type SignedOut = Extract<SessionState, { status: 'signed-out' }>;

interface SignInScreenProps {
  state: SignedOut;
  onSubmit: SessionHook['submit'];
  onRetryElapsed: () => void;
}

/** Seconds left of a 429's wait, counting down once a second; calls `onElapsed` at zero. */
function useCountdown(until: number | null, onElapsed: () => void): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === null) return;
    setNow(Date.now());
    const timer = window.setInterval(() => {
      const t = Date.now();
      setNow(t);
      if (t >= until) {
        window.clearInterval(timer);
        onElapsed();
      }
    }, 1000);
    return () => window.clearInterval(timer);
  }, [until, onElapsed]);
  return secondsUntil(until, now);
}

function titleOf(error: unknown): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.status === 429) return 'Too many sign-in attempts';
  if (error.status === 401) return 'Sign-in failed';
  return undefined;
}

/** A sign-in error without the wait (counted down live below it instead). */
function withoutWait(error: unknown): unknown {
  if (!(error instanceof ApiError) || error.status !== 429) return error;
  return new ApiError(error.kind, stripWait(readableMessage(error.message)), error.status, error.body);
}

/**
 * The page of a shared Ferry server before sign-in: the printed token, or a user name and password.
 * Nothing of the app is mounted behind it.
 */
export function SignInScreen({ state, onSubmit, onRetryElapsed }: SignInScreenProps) {
  const [token, setToken] = useState('');
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const first = useRef<HTMLInputElement>(null);
  const wait = useCountdown(state.retryUntil, onRetryElapsed);
  const { mode, submitting, error, notice } = state;

  useEffect(() => first.current?.focus(), [mode]);
  // A refused password is typed again; the user name stays.
  useEffect(() => {
    if (error) setPassword('');
  }, [error]);

  const onFormSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (submitting || wait > 0) return;
    const result = credentialsFrom(mode, { token, user, password });
    if ('problem' in result) {
      setProblem(result.problem);
      first.current?.focus();
      return;
    }
    setProblem(null);
    void onSubmit(result.credentials);
  };

  const tokenError = mode === 'token' ? problem : null;
  const userError = mode === 'users' && problem?.includes('user name') ? problem : null;
  const passwordError = mode === 'users' && problem?.includes('password') ? problem : null;

  return (
    <main className="sign-in">
      <section className="sign-in-card" aria-labelledby="sign-in-title">
        <h2 id="sign-in-title">Sign in</h2>
        <p className="sign-in-lead">
          {mode === 'token'
            ? (
              <>
                This Ferry server is shared. Open the link that <code>ferry serve</code> printed when it started, or paste its token here.
              </>
            )
            : 'This Ferry server is shared. Sign in with the user name and password your administrator gave you.'}
        </p>
        <div role="status" aria-live="polite" className="sign-in-notice">
          {notice === 'signed-out' && 'You have signed out. Nothing of your work is left on this page.'}
          {notice === 'ended' && 'Your session ended, so Ferry hid your work. Sign in again to continue.'}
        </div>
        <form onSubmit={onFormSubmit} noValidate>
          {mode === 'token' ? (
            <Field id="sign-in-token" label="Access token" error={tokenError} hint="The part after ?token= in the printed link; the whole link works too.">
              <input
                id="sign-in-token"
                ref={first}
                type="password"
                autoComplete="off"
                spellCheck={false}
                value={token}
                onChange={(e) => setToken(e.target.value)}
                aria-invalid={tokenError ? true : undefined}
                aria-describedby={describedBy('sign-in-token', true, tokenError)}
              />
            </Field>
          ) : (
            <>
              <Field id="sign-in-user" label="User name" error={userError}>
                <input
                  id="sign-in-user"
                  ref={first}
                  type="text"
                  autoComplete="username"
                  autoCapitalize="none"
                  spellCheck={false}
                  value={user}
                  onChange={(e) => setUser(e.target.value)}
                  aria-invalid={userError ? true : undefined}
                  aria-describedby={describedBy('sign-in-user', false, userError)}
                />
              </Field>
              <Field id="sign-in-password" label="Password" error={passwordError}>
                <input
                  id="sign-in-password"
                  type="password"
                  autoComplete="current-password"
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                  aria-invalid={passwordError ? true : undefined}
                  aria-describedby={describedBy('sign-in-password', false, passwordError)}
                />
              </Field>
            </>
          )}
          <ErrorAlert error={withoutWait(error)} title={titleOf(error)} />
          {wait > 0 && (
            <p className="sign-in-wait" role="status" aria-live="off">
              You can try again in {formatWait(wait)}.
            </p>
          )}
          <Button type="submit" variant="primary" busy={submitting} disabled={wait > 0} className="sign-in-submit">
            {submitting ? 'Signing in…' : 'Sign in'}
          </Button>
        </form>
      </section>
    </main>
  );
}
