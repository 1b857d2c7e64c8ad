import { describe, expect, it } from 'vitest';
import { validateResult } from './validate-result.js';
import { speechSegmentsTemplate } from '../label-config/templates.js';
import { parseLabelConfig } from '../label-config/parse-label-config.js';
import { ValidationError } from '../validation/validation-error.js';
import type { LabelConfig } from '../label-config/label-config.types.js';

const data = { audio: '/api/v1/media/ab12', duration: 12.5, sampleRate: 16000, channels: 1 };
const segment = (id: string, start: unknown, end: unknown, labels: unknown = ['speech']): Record<string, unknown> => ({ id, from_name: 'segments', to_name: 'audio', type: 'labels', value: { start, end, labels } });
const transcript = (id: string, text: string[], bounds: Record<string, unknown> = {}): Record<string, unknown> => ({ id, from_name: 'transcript', to_name: 'audio', type: 'textarea', value: { ...bounds, text } });
const speaker = (id: string, choices: string[]): Record<string, unknown> => ({ id, from_name: 'speaker', to_name: 'audio', type: 'choices', value: { choices } });

function issuesOf(config: LabelConfig, result: unknown, d: Record<string, unknown> = data): { path: string; message: string }[] {
  try {
    validateResult(config, d, result);
  } catch (err) {
    if (err instanceof ValidationError) return err.issues;
    throw err;
  }
  throw new Error('expected a ValidationError');
}

function configIssues(json: unknown): { path: string; message: string }[] {
  try {
    parseLabelConfig(json);
  } catch (err) {
    if (err instanceof ValidationError) return err.issues;
    throw err;
  }
  throw new Error('expected a ValidationError');
}

describe('label config: time segments on audio', () => {
  it('accepts labels on an audio field with per-region transcript and speaker', () => {
    expect(parseLabelConfig(structuredClone(speechSegmentsTemplate))).toEqual(speechSegmentsTemplate);
  });

  it('refuses perRegion without segments to attach to, or on a field that is not audio', () => {
    const noSegments = { version: 1, fields: [{ name: 'audio', type: 'audio' }], controls: [{ type: 'textarea', name: 'transcript', toName: 'audio', perRegion: true }] };
    expect(configIssues(noSegments)).toEqual([
      { path: 'controls[0].perRegion', message: 'audio field "audio" has no labels control drawing segments; add one (type "labels", toName "audio") or remove perRegion' },
    ]);
    const onText = { version: 1, fields: [{ name: 'text', type: 'text' }], controls: [{ type: 'choices', name: 'who', toName: 'text', choice: 'single', perRegion: true, options: [{ value: 'A' }] }] };
    expect(configIssues(onText)).toEqual([{ path: 'controls[0].perRegion', message: 'per-region answers exist only for time segments on an audio field; "text" is of type text (remove perRegion)' }]);
  });

  it('checks the conventions: tag names without brackets, no duplicates, a non-empty mark', () => {
    const config = structuredClone(speechSegmentsTemplate) as unknown as { controls: Record<string, unknown>[] };
    config.controls[2]!['conventions'] = { tags: ['noise', '[laughter]', 'noise'], unintelligible: ' ' };
    expect(configIssues(config)).toEqual([
      { path: 'controls[2].conventions.tags[1]', message: '"[laughter]" is not a tag name: write it without brackets or spaces, e.g. "noise" for [noise]' },
      { path: 'controls[2].conventions.tags[2]', message: 'duplicate tag "noise"' },
      { path: 'controls[2].conventions.unintelligible', message: 'must not be empty; leave it out when no unintelligible mark is allowed' },
    ]);
    config.controls[2]!['conventions'] = { tags: [], numbers: 'roman' };
    expect(configIssues(config)[0]!.path).toBe('controls[2].conventions.numbers');
  });
});

describe('validateResult: time segments on audio', () => {
  it('keeps segments in seconds with their transcript and speaker under the same id, bounds copied from the segment', () => {
    const out = validateResult(speechSegmentsTemplate, data, [
      segment('s1', 0.25, 3.5),
      transcript('s1', ['你好[noise]']),
      speaker('s1', ['A']),
      segment('s2', 3.5, 12.5, ['music']),
      transcript('s2', ['[music]'], { start: 3.5, end: 12.5 }),
    ]);
    expect(out).toEqual([
      { id: 's1', from_name: 'segments', to_name: 'audio', type: 'labels', value: { start: 0.25, end: 3.5, labels: ['speech'] } },
      { id: 's1', from_name: 'transcript', to_name: 'audio', type: 'textarea', value: { text: ['你好[noise]'], start: 0.25, end: 3.5 } },
      { id: 's1', from_name: 'speaker', to_name: 'audio', type: 'choices', value: { choices: ['A'], start: 0.25, end: 3.5 } },
      { id: 's2', from_name: 'segments', to_name: 'audio', type: 'labels', value: { start: 3.5, end: 12.5, labels: ['music'] } },
      { id: 's2', from_name: 'transcript', to_name: 'audio', type: 'textarea', value: { text: ['[music]'], start: 3.5, end: 12.5 } },
    ]);
  });

  it('says where a segment is empty, before the start, past the clip or wrongly labelled', () => {
    expect(issuesOf(speechSegmentsTemplate, [segment('s1', -1, 2, ['laugh']), segment('s2', 5, 5), segment('s3', 10, 13)])).toEqual([
      { path: 'result[0].value.start', message: "must be a time ≥ 0 in seconds from the clip's start, got -1" },
      { path: 'result[0].value.labels[0]', message: '"laugh" is not a label of "segments" (labels: speech, music, noise)' },
      { path: 'result[1].value.end', message: 'must be greater than start (5 s): a segment needs some length, got 5' },
      { path: 'result[2].value.end', message: "must be ≤ 12.5, the clip's duration in seconds, got 13" },
    ]);
    // Without a known duration only the order of the bounds is checked; a few ms past the end are tolerated.
    expect(validateResult(speechSegmentsTemplate, { audio: '/a.wav' }, [segment('s1', 10, 13)])).toHaveLength(1);
    expect(validateResult(speechSegmentsTemplate, data, [segment('s1', 10, 12.52)])).toHaveLength(1);
    expect(issuesOf(speechSegmentsTemplate, [segment('s1', '0', 1)])[0]!.path).toBe('result[0].value.start');
  });

  it('ties per-region answers to an existing segment, one per control and segment, with its bounds', () => {
    expect(issuesOf(speechSegmentsTemplate, [segment('s1', 0, 2), transcript('s9', ['好']), transcript('s1', ['一']), transcript('s1', ['二'], { start: 0.5 }), segment('s1', 3, 4)])).toEqual([
      { path: 'result[1].id', message: 'a per-region answer carries the id of its segment; no segment on "audio" has id "s9" (segments: "s1")' },
      { path: 'result[3].value.start', message: 'must be 0, the start of segment "s1", got 0.5' },
      { path: 'result[3]', message: 'second textarea item for control "transcript" on segment "s1" (first is result[2]); put the whole text in one item' },
      { path: 'result[4].id', message: 'duplicate id "s1" (also result[0])' },
    ]);
  });

  it('checks transcripts against the conventions on submit, naming the line and the offset', () => {
    expect(issuesOf(speechSegmentsTemplate, [segment('s1', 0, 2.5), transcript('s1', ['好的[nosie]', '2024年[unk'], { start: 0, end: 2.5 })])).toEqual([
      { path: 'result[1].value.text[0]', message: 'breaks the transcription conventions (segment 0–2.5 s) at 2: unknown tag "[nosie]"; did you mean "[noise]"? (allowed: [noise], [laughter], [music], [unk] (unintelligible))' },
      { path: 'result[1].value.text[1]', message: 'breaks the transcription conventions (segment 0–2.5 s) at 0: number "2024" in digits; this project writes numbers out in words (二零二四 rather than 2024)' },
      { path: 'result[1].value.text[1]', message: 'breaks the transcription conventions (segment 0–2.5 s) at 5: "[" is never closed; write tags as [name] (allowed: [noise], [laughter], [music], [unk] (unintelligible))' },
    ]);
  });

  it('checks a whole-clip textarea against its conventions too', () => {
    const config = parseLabelConfig({ version: 1, fields: [{ name: 'audio', type: 'audio' }], controls: [{ type: 'textarea', name: 'text', toName: 'audio', conventions: { tags: [], punctuation: 'none' } }] });
    expect(issuesOf(config, [{ id: 't', from_name: 'text', to_name: 'audio', type: 'textarea', value: { text: ['你好。'] } }])).toEqual([
      { path: 'result[0].value.text[0]', message: 'breaks the transcription conventions at 2: punctuation "。"; this project transcribes without punctuation (tags such as [noise] are fine)' },
    ]);
  });
});
