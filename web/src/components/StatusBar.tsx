import type { ReactNode } from 'react';

export type StatusTone = 'idle' | 'active' | 'success' | 'error' | 'warning';

interface StatusBarProps {
  label: string;
  tone: StatusTone;
  detail?: ReactNode;
}

/** The current phase, announced politely to screen readers whenever it changes. */
export function StatusBar({ label, tone, detail }: StatusBarProps) {
  return (
    <div className={`status status-${tone}`} role="status" aria-live="polite" aria-atomic="true">
      <span className="status-dot" aria-hidden="true" />
      <span className="status-label">{label}</span>
      {detail && <span className="status-detail">{detail}</span>}
    </div>
  );
}
