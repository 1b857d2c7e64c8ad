import { useT } from '../i18n/i18n.tsx';

/**
 * An audio field, played in the browser's own player (seek, speed via its menu). Enough for whole-clip
 * choices, ratings and transcripts; the waveform workbench with segments is issue 4's next step.
 */
export function AudioPlayer({ field, src, title }: { field: string; src: unknown; title: string }) {
  const t = useT();
  if (typeof src !== 'string' || src === '') return <div className="alert alert-warn">{t('audio.missing', { field })}</div>;
  return <audio className="audio-player" src={src} controls preload="metadata" aria-label={title} data-testid="audio-player" data-field={field} />;
}
