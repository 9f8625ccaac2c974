export interface StepSummary {
  number: number;
  title: string;
  done: boolean;
  skipped?: boolean;
}

/** An outline of the eight steps with what is done, beside the form on wide screens. */
export function StepNav({ steps }: { steps: StepSummary[] }) {
  return (
    <nav className="step-nav" aria-label="Steps">
      <ol>
        {steps.map((step) => (
          <li key={step.number} className={step.skipped ? 'is-skipped' : step.done ? 'is-done' : undefined}>
            <a href={`#step-${step.number}`}>
              <span className="step-nav-mark" aria-hidden="true">
                {step.done && !step.skipped ? '✓' : step.number}
              </span>
              <span>{step.title}</span>
              {step.done && !step.skipped && <span className="visually-hidden"> (done)</span>}
              {step.skipped && <span className="visually-hidden"> (not needed)</span>}
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}
