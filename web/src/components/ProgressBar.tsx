interface ProgressBarProps {
  label: string;
  /** 0..100, or null when the total is unknown (shows an indeterminate bar without aria-valuenow). */
  value: number | null;
  /** Spoken instead of the bare percentage, e.g. "45% — 1.2 MB of 2.7 MB". */
  valueText?: string;
  tone?: 'active' | 'success' | 'error' | 'neutral';
  /** False once the work stopped: an unknown value then shows an empty bar rather than motion. */
  running?: boolean;
}

export function ProgressBar({ label, value, valueText, tone = 'active', running = true }: ProgressBarProps) {
  const known = value !== null;
  const moving = !known && running;
  return (
    <div
      className={`progress progress-${tone}${moving ? ' progress-indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={known ? 0 : undefined}
      aria-valuemax={known ? 100 : undefined}
      aria-valuenow={known ? Math.round(value) : undefined}
      aria-valuetext={valueText}
    >
      <div className="progress-fill" style={known ? { width: `${value}%` } : moving ? undefined : { width: 0 }} />
    </div>
  );
}
