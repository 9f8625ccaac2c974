import { useState } from 'react';
import type { Session } from '../../api';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';

interface AccountMenuProps {
  session: Session;
  onSignOut: () => Promise<void>;
}

/** "Signed in as alice" and the Sign out button, in the header of a shared server. */
export function AccountMenu({ session, onSignOut }: AccountMenuProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const signOut = async () => {
    setBusy(true);
    setError(null);
    try {
      await onSignOut(); // On success this component is gone with the rest of the app.
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <div className="account">
      <p className="account-user">
        {session.mode === 'token' ? (
          // Everyone with the printed link is the same one "user": a name would say nothing.
          <span className="muted">Signed in with the access link</span>
        ) : (
          <>
            <span className="muted">Signed in as </span>
            <strong>{session.user}</strong>
            {session.admin && <span className="account-badge">admin</span>}
          </>
        )}
      </p>
      <Button variant="secondary" busy={busy} onClick={() => void signOut()}>
        Sign out
      </Button>
      <ErrorAlert error={error} title="Could not sign out" />
    </div>
  );
}
