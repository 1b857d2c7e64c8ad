import { useT } from '../i18n/i18n.tsx';

/** The longest window the server draws (media/audio-spectrogram.ts); wider views ask the annotator to zoom in. */
export const SPECTROGRAM_MAX_SECONDS = 300;
const HEIGHT = 128;

/**
 * The spectrogram of the part of the recording the waveform shows, drawn by the server from the browser
 * copy for just that window (GET /media/{sha}/spectrogram), so a two-hour recording costs no more than a
 * short one. The window is rounded to whole tenths of a second so scrolling reuses cached pictures.
 */
export function Spectrogram({ src, start, seconds, width }: { src: string; start: number; seconds: number; width: number }) {
  const t = useT();
  if (!src.startsWith('/api/v1/media/')) return null;
  if (seconds > SPECTROGRAM_MAX_SECONDS) {
    return (
      <p className="muted small spectrogram-hint" data-testid="spectrogram-zoom-in">
        {t('audio.spectrogramZoomIn', { seconds: SPECTROGRAM_MAX_SECONDS })}
      </p>
    );
  }
  const from = Math.floor(start * 10) / 10;
  const to = Math.ceil((start + seconds) * 10) / 10;
  const base = src.split('?')[0] ?? src;
  const px = Math.max(16, Math.min(4096, Math.round(width)));
  return (
    <div className="spectrogram" style={{ height: HEIGHT }}>
      <img
        src={`${base}/spectrogram?start=${from}&end=${to}&width=${px}&height=${HEIGHT}`}
        alt={t('audio.spectrogram')}
        width={px}
        height={HEIGHT}
        // The picture covers whole tenths of a second; shift it so its time lines up with the waveform's.
        style={{ width: ((to - from) / seconds) * width, height: HEIGHT, marginLeft: -((start - from) / seconds) * width }}
        data-testid="spectrogram"
        data-start={from}
        data-end={to}
      />
    </div>
  );
}
