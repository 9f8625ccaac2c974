import { Step } from '../../components/Step';
import type { Direction } from './useDirection';

interface DirectionStepProps {
  direction: Direction;
  onChange: (direction: Direction) => void;
  disabled?: boolean;
}

const kOptions: Array<{ value: Direction; label: string; detail: string }> = [
  { value: 'export', label: 'ClickHouse → file', detail: 'Export a table (or a join of tables) to a delimited file.' },
  { value: 'import', label: 'File → ClickHouse', detail: 'Load a delimited file into a new or existing table.' },
];

export function DirectionStep({ direction, onChange, disabled }: DirectionStepProps) {
  return (
    <Step number={1} title="Direction" description="Which way should the data go?">
      <fieldset className="choice-cards" disabled={disabled}>
        <legend className="visually-hidden">Direction</legend>
        {kOptions.map((option) => (
          <label key={option.value} className={`choice-card${direction === option.value ? ' is-selected' : ''}`}>
            <input
              type="radio"
              name="direction"
              value={option.value}
              checked={direction === option.value}
              onChange={() => onChange(option.value)}
              aria-labelledby={`direction-${option.value}-title`}
              aria-describedby={`direction-${option.value}-detail`}
            />
            <span className="choice-card-text">
              <span className="choice-card-title" id={`direction-${option.value}-title`}>{option.label}</span>
              <span className="choice-card-detail" id={`direction-${option.value}-detail`}>{option.detail}</span>
            </span>
          </label>
        ))}
      </fieldset>
    </Step>
  );
}
