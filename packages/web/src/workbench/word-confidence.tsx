import { createContext } from 'react';
import { markLowConfidence, type PredictionMeta, type TranscriptWord } from '@yungang/core';
import { useT } from '../i18n/i18n.tsx';
import './speech-assist.css';

/** Words under this confidence are underlined as worth a second listen. */
export const LOW_CONFIDENCE = 0.6;

/**
 * The word confidences of the prediction the annotator started from (docs/models.md, Speech), given to
 * the editors below the workbench without threading them through every editor's props.
 */
export const PredictionMetaContext = createContext<PredictionMeta | null>(null);

/** The recogniser's words for text area `control` (and segment `region`, for a per-segment transcript). */
export function transcriptWordsOf(meta: PredictionMeta | null, control: string, region?: string): TranscriptWord[] | null {
  return meta?.transcriptWords?.find((w) => w.control === control && (region === undefined || w.region === region))?.words ?? null;
}

/**
 * The transcript with the recogniser's doubtful words underlined, shown under the text box it was typed
 * into. Words the annotator has changed are no longer found and lose their mark. Nothing when no word is
 * doubtful.
 */
export function LowConfidenceWords({ text, words }: { text: string; words: readonly TranscriptWord[] | null }) {
  const t = useT();
  if (!words || words.length === 0) return null;
  const runs = markLowConfidence(text, words, LOW_CONFIDENCE);
  if (!runs.some((r) => r.low)) return null;
  return (
    <div className="low-confidence" data-testid="low-confidence" title={t('speech.lowConfidence', { threshold: Math.round(LOW_CONFIDENCE * 100) })}>
      {runs.map((r, k) =>
        r.low ? (
          <u key={k} className="low-confidence-word" data-testid="low-confidence-word" title={t('speech.wordConfidence', { confidence: Math.round((r.confidence ?? 0) * 100) })}>
            {r.text}
          </u>
        ) : (
          <span key={k}>{r.text}</span>
        ),
      )}
    </div>
  );
}
