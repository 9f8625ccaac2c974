import type { FormEvent } from 'react';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { describedBy, Field } from '../../components/Field';
import { ScrollRegion } from '../../components/ScrollRegion';
import { Step } from '../../components/Step';
import { formatCount } from '../../lib/format';
import { JwtDetails } from './JwtDetails';
import { kCompressionOptions, type ConnectionState } from './useConnection';
import { ApiError, type Compression } from '../../api';

interface ConnectionStepProps {
  state: ConnectionState;
  disabled?: boolean;
}

export function ConnectionStep({ state, disabled }: ConnectionStepProps) {
  const { form, setField, setSecure, jwt, problem, portError, connect, tables } = state;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void connect();
  };

  return (
    <Step number={2} title="ClickHouse connection" description="Where the ClickHouse server is and who you are.">
      <form className="connection-form" onSubmit={onSubmit} noValidate>
        <fieldset disabled={disabled} className="plain">
          <legend className="visually-hidden">Server</legend>
          <div className="form-grid">
            <Field id="ch-host" label="Host" className="span-2">
              <input
                id="ch-host"
                type="text"
                value={form.host}
                onChange={(e) => setField('host', e.target.value)}
                autoComplete="off"
                spellCheck={false}
                placeholder="clickhouse.example.com"
              />
            </Field>
            <Field id="ch-port" label="Port" error={portError}>
              <input
                id="ch-port"
                type="text"
                inputMode="numeric"
                value={form.port}
                onChange={(e) => setField('port', e.target.value)}
                aria-invalid={portError ? true : undefined}
                aria-describedby={describedBy('ch-port', null, portError)}
              />
            </Field>
            <div className="field field-switch">
              <span className="field-label-spacer" aria-hidden="true">{'\u00a0'}</span>
              <label className="switch">
                <input type="checkbox" role="switch" checked={form.secure} onChange={(e) => setSecure(e.target.checked)} />
                <span className="switch-track" aria-hidden="true" />
                <span>Use HTTPS</span>
              </label>
            </div>
            <Field id="ch-database" label="Database" className="span-2">
              <input
                id="ch-database"
                type="text"
                value={form.database}
                onChange={(e) => setField('database', e.target.value)}
                autoComplete="off"
                spellCheck={false}
              />
            </Field>
            <Field id="ch-user" label="User" className="span-2">
              <input
                id="ch-user"
                type="text"
                value={form.user}
                onChange={(e) => setField('user', e.target.value)}
                autoComplete="username"
                spellCheck={false}
              />
            </Field>
          </div>
        </fieldset>

        <fieldset disabled={disabled} className="auth">
          <legend>Authentication</legend>
          <div className="radio-row">
            <label className="radio">
              <input type="radio" name="auth" value="password" checked={form.auth === 'password'} onChange={() => setField('auth', 'password')} />
              Password
            </label>
            <label className="radio">
              <input type="radio" name="auth" value="jwt" checked={form.auth === 'jwt'} onChange={() => setField('auth', 'jwt')} />
              JWT token
            </label>
          </div>
          {form.auth === 'password' ? (
            <Field id="ch-password" label="Password" hint="Sent only to the Ferry server for this session; never stored.">
              <input
                id="ch-password"
                type="password"
                value={form.password}
                onChange={(e) => setField('password', e.target.value)}
                autoComplete="current-password"
                aria-describedby={describedBy('ch-password', true)}
              />
            </Field>
          ) : (
            <Field id="ch-jwt" label="Token" hint="Decoded here to show who it is for; never stored. ClickHouse verifies it.">
              <textarea
                id="ch-jwt"
                rows={3}
                value={form.jwt}
                onChange={(e) => setField('jwt', e.target.value)}
                spellCheck={false}
                autoComplete="off"
                className="mono"
                placeholder="eyJhbGciOi…"
                aria-describedby={describedBy('ch-jwt', true)}
              />
            </Field>
          )}
          {form.auth === 'jwt' && <JwtDetails jwt={jwt} />}
        </fieldset>

        <details className="advanced">
          <summary>Advanced</summary>
          <fieldset disabled={disabled} className="plain">
            <legend className="visually-hidden">Advanced connection settings</legend>
            <div className="form-grid">
              <Field
                id="ch-compression"
                label="Compression"
                className="span-2"
                hint="Compresses data between Ferry and ClickHouse. Automatic picks LZ4 on fast links and Zstandard on slow ones."
              >
                <select
                  id="ch-compression"
                  value={form.compression}
                  onChange={(e) => setField('compression', e.target.value as Compression)}
                  aria-describedby={describedBy('ch-compression', true)}
                >
                  {kCompressionOptions.map((option) => (
                    <option key={option.value} value={option.value}>
                      {option.label}
                    </option>
                  ))}
                </select>
              </Field>
            </div>
          </fieldset>
        </details>

        <div className="actions">
          <Button type="submit" variant="primary" busy={tables.status === 'loading'} disabled={disabled || problem !== null} aria-describedby={problem ? 'connect-problem' : undefined}>
            {tables.status === 'loading' ? 'Connecting…' : 'Connect'}
          </Button>
          {problem && (
            <span className="hint" id="connect-problem">
              {problem}
            </span>
          )}
          <span role="status" aria-live="polite" className="connect-status">
          {tables.status === 'loaded' && (
            <span className="ok-note">
              Connected — {formatCount(tables.tables.length)} {tables.tables.length === 1 ? 'table' : 'tables'} in{' '}
              <code>{tables.database}</code>
            </span>
          )}
          </span>
        </div>
      </form>

      {tables.status === 'error' && <ErrorAlert error={tables.error} title={connectErrorTitle(tables.error)} />}
      {tables.status === 'loaded' && tables.tables.length > 0 && (
        <ScrollRegion label="Tables in the database">
          <table className="list-table">
            <caption className="visually-hidden">Tables in {tables.database}</caption>
            <thead>
              <tr>
                <th scope="col">Table</th>
                <th scope="col">Engine</th>
                <th scope="col" className="num">
                  Rows
                </th>
              </tr>
            </thead>
            <tbody>
              {tables.tables.map((table) => (
                <tr key={table.name}>
                  <td className="mono">{table.name}</td>
                  <td>{table.engine}</td>
                  <td className="num">{table.rows === null || table.rows === undefined ? '—' : formatCount(table.rows)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {tables.status === 'loaded' && tables.tables.length === 0 && (
        <p className="muted">The database has no tables yet.</p>
      )}
    </Step>
  );
}

/** Connecting runs no query of the person's: a refusal reads as a failed connection, not a query. */
function connectErrorTitle(error: unknown): string | undefined {
  if (error instanceof ApiError && (error.kind === 'query' || error.kind === 'http' || error.kind === 'server')) return 'Could not connect';
  return undefined;
}
