/**
 * The delivered label of time segments on audio, split from task-label.ts: segments fused by temporal
 * IoU-matched majority (`fuseSegments`), each written back as a segment item plus, under the same id, its
 * per-region transcript and speaker (Label Studio's per-region shape).
 */
import type { LabelsControl, LabelConfig } from '../label-config/label-config.types.js';
import type { ResultItem } from '../annotation/result.types.js';
import { audioSegmentsOf, perRegionControlsOf } from '../annotation/audio-segments.js';
import { fuseSegments } from './aggregation/segments.js';
import type { LabelInput } from './task-label.js';

export function fusedSegmentItems(config: LabelConfig, control: LabelsControl, inputs: readonly LabelInput[]): ResultItem[] {
  const answers = perRegionControlsOf(config, control.toName);
  const transcript = answers.transcript === undefined ? undefined : config.controls.find((c) => c.name === answers.transcript);
  const unit = transcript?.type === 'textarea' ? (transcript.unit ?? 'char') : 'char';
  const { fused } = fuseSegments(
    inputs.map((i) => ({ worker: i.worker, segments: audioSegmentsOf(i.result, control.name, answers) })),
    { unit },
  );
  const out: ResultItem[] = [];
  fused.forEach((f, n) => {
    const id = `${control.name}-vote-${n}`;
    const bounds = { start: f.start, end: f.end };
    out.push({ id, from_name: control.name, to_name: control.toName, type: 'labels', value: { ...bounds, labels: [f.label] } });
    if (answers.transcript !== undefined && f.transcript !== undefined) {
      out.push({ id, from_name: answers.transcript, to_name: control.toName, type: 'textarea', value: { ...bounds, text: [f.transcript] } });
    }
    if (answers.speaker !== undefined && f.speaker !== undefined) {
      out.push({ id, from_name: answers.speaker, to_name: control.toName, type: 'choices', value: { ...bounds, choices: f.speaker.split('|') } });
    }
  });
  return out;
}
