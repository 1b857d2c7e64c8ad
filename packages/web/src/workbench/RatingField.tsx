import type { RatingControl } from '@yungang/core';

interface RatingFieldProps {
  control: RatingControl;
  value: number | null;
  /** Digits that score this control from the keyboard (shown on the buttons). */
  keys: ReadonlySet<string>;
  onRate: (rating: number) => void;
}

/** A rating scale: one button per level, its description under it (a Likert item); the chosen one pressed. */
export function RatingField({ control, value, keys, onRate }: RatingFieldProps) {
  const levels = Array.from({ length: control.maxRating }, (_, i) => i + 1);
  return (
    <div className="rating-control" data-control={control.name} data-testid={`rating-${control.name}`} data-value={value ?? ''}>
      <span className="label-bar-title">
        {control.title ?? control.name}
        {control.required ? ' *' : ''}
      </span>
      <div className="rating-levels" role="radiogroup" aria-label={control.title ?? control.name}>
        {levels.map((level) => (
          <button
            type="button"
            key={level}
            role="radio"
            aria-checked={value === level}
            className={value === level ? 'rating-level active' : 'rating-level'}
            onClick={() => onRate(level)}
            data-testid={`rating-${control.name}-${level}`}
          >
            <strong>{level}</strong>
            {keys.has(String(level)) ? <kbd>{level}</kbd> : null}
            {control.descriptions?.[level - 1] ? <span className="rating-description">{control.descriptions[level - 1]}</span> : null}
          </button>
        ))}
      </div>
    </div>
  );
}
