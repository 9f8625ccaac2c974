import { App } from './App';
import { AppHeader } from './components/AppHeader';
import { Button } from './components/Button';
import { ErrorAlert } from './components/ErrorAlert';
import { AccountMenu } from './features/session/AccountMenu';
import { SignInScreen } from './features/session/SignInScreen';
import { useSession } from './features/session/useSession';

/**
 * Shows the app only to a signed-in browser. The app is keyed by the session's epoch: signing out,
 * or a session that ends, unmounts it with all its state, and the next sign-in starts it afresh.
 */
export function Root() {
  const { state, submit, signOut, retry, retryElapsed } = useSession();

  if (state.status === 'signed-in') {
    const { session } = state;
    return <App key={state.epoch} account={session.mode === 'none' ? null : <AccountMenu session={session} onSignOut={signOut} />} />;
  }

  return (
    <div className="app">
      <AppHeader />
      {state.status === 'signed-out' ? (
        <SignInScreen state={state} onSubmit={submit} onRetryElapsed={retryElapsed} />
      ) : (
        <main className="sign-in">
          <section className="sign-in-card" aria-label="Starting Ferry">
            {state.status === 'checking' ? (
              <p role="status">Connecting to the Ferry server…</p>
            ) : (
              <>
                <ErrorAlert error={state.error} />
                <Button variant="primary" onClick={retry}>
                  Try again
                </Button>
              </>
            )}
          </section>
        </main>
      )}
    </div>
  );
}
