import { useEffect, useState } from 'react';
import { expiryState } from '../../lib/jwt';
import { formatDateTime, formatDuration } from '../../lib/format';
import type { JwtInspection } from './useConnection';

/** Subject, issuer and expiry of the pasted token, with a warning when it is (nearly) expired. */
export function JwtDetails({ jwt }: { jwt: JwtInspection }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (jwt.status !== 'ok') return;
    const timer = window.setInterval(() => setNow(Date.now()), 10_000);
    return () => window.clearInterval(timer);
  }, [jwt.status]);

  if (jwt.status === 'empty') return null;
  if (jwt.status === 'error') {
    return (
      <div className="alert alert-error" role="alert">
        <strong>Malformed token</strong>
        <span className="alert-message">{jwt.message}</span>
      </div>
    );
  }
  const { claims } = jwt.decoded;
  const expiry = expiryState(claims, now);
  const show = (value: unknown) => (value === undefined || value === null || value === '' ? <span className="muted">not set</span> : String(value));
  return (
    <div className="jwt-details">
      <dl className="facts">
        <div>
          <dt>Subject</dt>
          <dd>{show(claims.sub)}</dd>
        </div>
        <div>
          <dt>Issuer</dt>
          <dd>{show(claims.iss)}</dd>
        </div>
        <div>
          <dt>Expires</dt>
          <dd>{expiry.kind === 'none' ? <span className="muted">never (no exp claim)</span> : formatDateTime(expiry.expiresAt)}</dd>
        </div>
      </dl>
      {expiry.kind === 'expired' && (
        <div className="alert alert-error" role="alert">
          <strong>Token expired</strong>
          <span className="alert-message">
            It expired {formatDuration(expiry.secondsAgo)} ago; ClickHouse will reject it. Get a fresh token.
          </span>
        </div>
      )}
      {expiry.kind === 'expiring' && (
        <div className="alert alert-warning" role="alert">
          <strong>Token expires soon</strong>
          <span className="alert-message">
            Only {formatDuration(expiry.secondsLeft)} left; a long transfer may fail part-way.
          </span>
        </div>
      )}
    </div>
  );
}
