import type { ChoicesControl } from '@yungang/core';
import { useT } from '../i18n/i18n.tsx';

interface ChoicesFieldProps {
  control: ChoicesControl;
  chosen: readonly string[];
  onToggle: (value: string) => void;
}

/** A choices control: radio buttons (single) or checkboxes (multiple), each with its hotkey. */
export function ChoicesField({ control, chosen, onToggle }: ChoicesFieldProps) {
  const t = useT();
  return (
    <fieldset className="choices">
      <legend>
        {control.title ?? control.name}
        {control.required ? ' *' : ''}
        <span className="muted small"> · {control.choice === 'single' ? t('config.single') : t('config.multiple')}</span>
      </legend>
      {control.options.map((o) => (
        <label key={o.value} className={chosen.includes(o.value) ? 'choice checked' : 'choice'} data-testid={`choice-${o.value}`}>
          <input
            type={control.choice === 'single' ? 'radio' : 'checkbox'}
            name={`choice-${control.name}`}
            checked={chosen.includes(o.value)}
            onChange={() => onToggle(o.value)}
            onClick={(e) => {
              // A click on the chosen radio unchecks it, like its hotkey.
              if (control.choice === 'single' && chosen.includes(o.value)) {
                e.preventDefault();
                onToggle(o.value);
              }
            }}
          />
          {o.title ?? o.value}
          {o.hotkey ? <kbd>{o.hotkey}</kbd> : null}
        </label>
      ))}
    </fieldset>
  );
}
