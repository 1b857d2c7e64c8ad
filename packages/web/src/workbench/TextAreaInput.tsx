import { useContext } from 'react';
import type { TextAreaControl } from '@yungang/core';
import { useT } from '../i18n/i18n.tsx';
import { LowConfidenceWords, PredictionMetaContext, transcriptWordsOf } from './word-confidence.tsx';

interface TextAreaInputProps {
  control: TextAreaControl;
  value: string;
  onChange: (text: string) => void;
}

/**
 * A text area control (transcription, caption). Workbench hotkeys stay silent while it has focus
 * (`isTypingTarget`); Escape leaves it so they work again. The length is counted in code points, as
 * core counts `maxLength`, so an emoji counts once.
 */
export function TextAreaInput({ control, value, onChange }: TextAreaInputProps) {
  const t = useT();
  const length = Array.from(value).length;
  const over = control.maxLength !== undefined && length > control.maxLength;
  // A recogniser's doubtful words, when the annotator started from a speech model's transcript (docs/models.md, Speech).
  const words = transcriptWordsOf(useContext(PredictionMetaContext), control.name);
  return (
    <label className="textarea-control" data-control={control.name}>
      <span className="textarea-head">
        <span className="label-bar-title">
          {control.title ?? control.name}
          {control.required ? ' *' : ''}
        </span>
        <span className={over ? 'small field-error' : 'muted small'} data-testid={`textarea-count-${control.name}`}>
          {control.maxLength !== undefined ? t('textarea.countMax', { count: length, max: control.maxLength }) : t('textarea.count', { count: length })}
        </span>
      </span>
      <textarea
        value={value}
        rows={4}
        placeholder={control.placeholder ?? t('textarea.placeholder')}
        spellCheck={false}
        data-testid={`textarea-${control.name}`}
        aria-invalid={over}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') e.currentTarget.blur();
        }}
      />
      <LowConfidenceWords text={value} words={words} />
    </label>
  );
}
