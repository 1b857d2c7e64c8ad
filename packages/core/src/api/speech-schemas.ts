/**
 * The HTTP shape of speech assistance (docs/models.md, Speech): a speech backend's segmentation settings
 * and what a prediction carries beside its result (a recogniser's word confidences, core PredictionMeta).
 */
import Type, { type Static } from 'typebox';

/** How a `vad`, `pocketsphinx` or audio `openai` backend cuts speech into segments (core VadSegmentOptions). */
export const SpeechSettingsJson = Type.Object(
  {
    threshold: Type.Optional(Type.Number({ minimum: 0.05, maximum: 0.95 })),
    minSpeechMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 60_000 })),
    minSilenceMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 60_000 })),
    padMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
    /** The label segments get (default: one named like speech/语音, else the control's first). */
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    /** pocketsphinx and openai: cut the clip with Silero VAD first and transcribe each segment (default true when the project has segments with per-segment transcripts). */
    segment: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type SpeechSettingsJson = Static<typeof SpeechSettingsJson>;

const Word = Type.Object({ word: Type.String(), start: Type.Number(), end: Type.Number(), confidence: Type.Number() });
export const PredictionMetaJson = Type.Object({
  /** Word confidences (0..1) per transcript: the control, and for a per-segment transcript the segment id. */
  transcriptWords: Type.Optional(Type.Array(Type.Object({ control: Type.String(), region: Type.Optional(Type.String()), words: Type.Array(Word) }))),
});
export type PredictionMetaJson = Static<typeof PredictionMetaJson>;
