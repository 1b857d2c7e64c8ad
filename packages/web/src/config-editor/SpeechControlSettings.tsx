import type { Control, LabelConfig, TranscriptConventionsConfig } from '@yungang/core';
import { useT } from '../i18n/i18n.tsx';

/** Replaces control `index` by `next` (the card's other edits go through config-ops). */
function withControl(config: LabelConfig, index: number, next: Control): LabelConfig {
  return { ...config, controls: config.controls.map((c, i) => (i === index ? next : c)) };
}

/**
 * The speech part of a choices or text area card on an audio field: answer per segment (`perRegion`, the
 * segment's speaker or transcript) and, for a text area, the transcription conventions checked on submit.
 */
export function SpeechControlSettings({ config, index, control, onChange }: { config: LabelConfig; index: number; control: Control & { type: 'textarea' | 'choices' }; onChange: (c: LabelConfig) => void }) {
  const t = useT();
  if (!config.fields.some((f) => f.name === control.toName && f.type === 'audio')) return null;
  const setPerRegion = (on: boolean) => {
    const { perRegion: _drop, ...rest } = control;
    onChange(withControl(config, index, on ? { ...rest, perRegion: true } : rest));
  };
  const conventions = control.type === 'textarea' ? control.conventions : undefined;
  const setConventions = (next: TranscriptConventionsConfig | undefined) => {
    if (control.type !== 'textarea') return;
    const { conventions: _drop, ...rest } = control;
    onChange(withControl(config, index, next ? { ...rest, conventions: next } : rest));
  };
  const current: TranscriptConventionsConfig = conventions ?? { tags: [] };
  const patch = (p: Partial<TranscriptConventionsConfig>) => {
    const next: TranscriptConventionsConfig = { ...current, ...p };
    if (next.unintelligible === '') delete next.unintelligible;
    setConventions(next);
  };
  return (
    <div className="control-settings">
      <label className="inline-field">
        <input type="checkbox" checked={control.perRegion === true} onChange={(e) => setPerRegion(e.target.checked)} data-testid="config-per-region" />
        <span>{control.type === 'textarea' ? t('config.perRegionText') : t('config.perRegionChoice')}</span>
      </label>
      {control.type === 'textarea' ? (
        <>
          <label className="inline-field">
            <input type="checkbox" checked={conventions !== undefined} onChange={(e) => setConventions(e.target.checked ? { tags: ['noise'] } : undefined)} data-testid="config-conventions" />
            <span>{t('config.conventions')}</span>
          </label>
          {conventions ? (
            <>
              <label className="inline-field">
                <span>{t('config.conventionTags')}</span>
                <input
                  value={current.tags.join(' ')}
                  placeholder="noise laughter"
                  onChange={(e) => patch({ tags: e.target.value.split(/[\s,，]+/u).filter((tag) => tag !== '') })}
                  data-testid="config-convention-tags"
                />
              </label>
              <label className="inline-field">
                <span>{t('config.conventionUnintelligible')}</span>
                <input value={current.unintelligible ?? ''} placeholder="[unk]" onChange={(e) => patch({ unintelligible: e.target.value })} />
              </label>
              <label className="inline-field">
                <input type="checkbox" checked={current.numbers === 'words'} onChange={(e) => patch({ numbers: e.target.checked ? 'words' : 'any' })} />
                <span>{t('audio.numbersInWords')}</span>
              </label>
              <label className="inline-field">
                <input type="checkbox" checked={current.punctuation === 'none'} onChange={(e) => patch({ punctuation: e.target.checked ? 'none' : 'any' })} />
                <span>{t('audio.noPunctuation')}</span>
              </label>
            </>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
