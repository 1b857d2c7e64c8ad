import { describe, expect, it } from 'vitest';
import { speechSegmentsTemplate } from '../label-config/templates.js';
import { parseLabelConfig } from '../label-config/parse-label-config.js';
import { validateResult } from '../annotation/validate-result.js';
import { parseWenet } from './speech.js';
import { tasksToUtterances, utterancesToTasks } from './speech-tasks.js';

const wholeClip = parseLabelConfig({ version: 1, fields: [{ name: 'audio', type: 'audio' }], controls: [{ type: 'textarea', name: 'text', toName: 'audio' }] });

describe('speech corpora ↔ tasks', () => {
  const utterances = parseWenet(
    [
      '{"key":"a-1","wav":"rec/a.wav","txt":"你好","start":0.5,"end":2,"spk":"A"}',
      '{"key":"a-2","wav":"rec/a.wav","txt":"再见","start":2.5,"end":4,"spk":"S9"}',
      '{"key":"b","wav":"rec/b.wav","txt":"一二三"}',
    ].join('\n'),
  );

  it('makes one task per recording with segments, transcripts and known speakers, under baseUrl', () => {
    const { tasks, skipped } = utterancesToTasks(utterances, speechSegmentsTemplate, { baseUrl: 'https://cdn.example.org/corpus/' });
    expect(tasks.map((t) => t.data)).toEqual([{ audio: 'https://cdn.example.org/corpus/rec/a.wav' }, { audio: 'https://cdn.example.org/corpus/rec/b.wav' }]);
    expect(tasks[0]!.result).toEqual([
      { id: 'seg-1', from_name: 'segments', to_name: 'audio', type: 'labels', value: { start: 0.5, end: 2, labels: ['speech'] } },
      { id: 'seg-1', from_name: 'transcript', to_name: 'audio', type: 'textarea', value: { start: 0.5, end: 2, text: ['你好'] } },
      { id: 'seg-1', from_name: 'speaker', to_name: 'audio', type: 'choices', value: { start: 0.5, end: 2, choices: ['A'] } },
      { id: 'seg-2', from_name: 'segments', to_name: 'audio', type: 'labels', value: { start: 2.5, end: 4, labels: ['speech'] } },
      { id: 'seg-2', from_name: 'transcript', to_name: 'audio', type: 'textarea', value: { start: 2.5, end: 4, text: ['再见'] } },
    ]);
    // The planned results are results the server accepts (validateResult), unchanged.
    expect(validateResult(speechSegmentsTemplate, tasks[0]!.data, tasks[0]!.result)).toEqual(tasks[0]!.result);
    expect(skipped).toEqual([
      'recording "rec/a.wav": utterance "a-2": speaker "S9" is not an option of "speaker"',
      'recording "rec/b.wav": utterance "b" has no end or duration, so no segment was made',
    ]);
  });

  it('joins a recording’s utterances into the whole-clip transcript when there are no segments', () => {
    const { tasks, skipped } = utterancesToTasks(utterances, wholeClip);
    expect(tasks[0]!.result).toEqual([{ id: 'transcript', from_name: 'text', to_name: 'audio', type: 'textarea', value: { text: ['你好再见'] } }]);
    expect(skipped).toEqual(['recording "rec/a.wav": 2 utterances joined into one transcript (the project has no segments control)']);
  });

  it('refuses a Kaldi pipe command as audio and a project without audio', () => {
    expect(() => utterancesToTasks([{ id: 'u', recording: 'u', audio: 'sox a.flac -t wav - |', text: '' }], speechSegmentsTemplate)).toThrow(/its audio is a command/);
    const textOnly = parseLabelConfig({ version: 1, fields: [{ name: 't', type: 'text' }], controls: [{ type: 'textarea', name: 'x', toName: 't' }] });
    expect(() => utterancesToTasks(utterances, textOnly)).toThrow(/has no audio field/);
  });

  it('exports segments as utterances of their task, in time order, and back to the same results', () => {
    const { tasks } = utterancesToTasks(utterances.slice(0, 2), speechSegmentsTemplate);
    const { utterances: out, dropped } = tasksToUtterances([{ taskId: 't1', audio: 'a.wav', data: tasks[0]!.data, result: [...tasks[0]!.result].reverse() }], speechSegmentsTemplate);
    expect(out).toEqual([
      { id: 't1-1', recording: 't1', audio: 'a.wav', start: 0.5, end: 2, text: '你好', speaker: 'A' },
      { id: 't1-2', recording: 't1', audio: 'a.wav', start: 2.5, end: 4, text: '再见' },
    ]);
    expect(dropped).toEqual({});
    expect(utterancesToTasks(out, speechSegmentsTemplate).tasks[0]!.result).toEqual(tasks[0]!.result);
    expect(tasksToUtterances([{ taskId: 't2', audio: 'b.wav', data: {}, result: [] }], speechSegmentsTemplate).dropped).toEqual({ 'tasks without segments': 1 });
  });
});
