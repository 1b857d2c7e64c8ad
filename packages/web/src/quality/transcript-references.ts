import { alignTranscripts, isAudioSegmentItem, type AnnotationResult, type AudioSegmentResultItem, type LabelConfig, type TranscriptAlignment } from '@yungang/core';

/** Something a transcript can be compared with: another annotator's work, a model's prediction, a gold answer. */
export interface TranscriptReference {
  key: string;
  kind: 'annotation' | 'prediction' | 'gold';
  /** Who or what made it (an e-mail, a model version). */
  name: string;
  result: AnnotationResult;
}

/**
 * The transcript of text-area `control` in a result as one text: a whole-clip text area's lines, or a
 * per-segment one's texts in time order (so segments cut differently still compare word for word).
 */
export function transcriptOf(config: LabelConfig, result: AnnotationResult, control: string): string {
  const spec = config.controls.find((c) => c.name === control);
  const items = result.filter((r) => r.from_name === control && r.type === 'textarea');
  if (spec?.type === 'textarea' && spec.perRegion === true) {
    const startOf = (id: string) => result.find((r): r is AudioSegmentResultItem => r.id === id && isAudioSegmentItem(r))?.value.start ?? Number.POSITIVE_INFINITY;
    items.sort((a, b) => startOf(a.id) - startOf(b.id));
  }
  return items
    .flatMap((r) => (r.type === 'textarea' ? r.value.text : []))
    .join('\n')
    .trim();
}

/** The text areas of a config that hold transcripts of audio (the ones an alignment is shown for). */
export function transcriptControls(config: LabelConfig): { name: string; title: string; unit: 'word' | 'char' | undefined }[] {
  const audio = new Set(config.fields.filter((f) => f.type === 'audio' || f.type === 'video').map((f) => f.name));
  return config.controls.flatMap((c) => (c.type === 'textarea' && audio.has(c.toName) ? [{ name: c.name, title: c.title ?? c.name, unit: c.unit }] : []));
}

/** The edit alignment of `result`'s transcript against `reference`'s; null when neither has one. */
export function transcriptAlignment(config: LabelConfig, control: { name: string; unit: 'word' | 'char' | undefined }, reference: AnnotationResult, result: AnnotationResult): TranscriptAlignment | null {
  const ref = transcriptOf(config, reference, control.name);
  const hyp = transcriptOf(config, result, control.name);
  if (ref === '' && hyp === '') return null;
  return alignTranscripts(ref, hyp, control.unit ? { unit: control.unit } : {});
}
