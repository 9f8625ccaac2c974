import { describeError } from '../api';

interface ErrorAlertProps {
  error: unknown;
  /** Overrides the title derived from the error kind. */
  title?: string;
}

/** A readable error, announced at once (role=alert). Renders nothing for a null error. */
export function ErrorAlert({ error, title }: ErrorAlertProps) {
  if (error === null || error === undefined) return null;
  const described = describeError(error);
  return (
    <div className="alert alert-error" role="alert">
      <strong>{title ?? described.title}</strong>
      <span className="alert-message">{described.message}</span>
    </div>
  );
}
