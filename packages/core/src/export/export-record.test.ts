import { describe, it, expect } from 'vitest';
import { csvColumns, csvHeader, csvRecord, csvValues, exportJsonLine, exportRecord, latestResult, latestVersion, type ExportAnnotation, type ExportTask } from './export-record.js';
import type { AnnotationResult } from '../annotation/result.types.js';
import type { LabelConfig } from '../label-config/label-config.types.js';
import { imageCaptionTemplate, nerWithClassificationTemplate, transcriptionTemplate } from '../label-config/templates.js';

const FAMILY = '👨‍👩‍👧';
const TEXT = `张三在北京😀${FAMILY}cafe\u0301`;
const task: ExportTask = { id: '42', data: { text: TEXT, meta: { source: 'news' } }, createdAt: '2024-05-01T00:00:00.000Z' };
const config = nerWithClassificationTemplate;

const resultA1: AnnotationResult = [{ id: 'a', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['neutral'] } }];
const resultA2: AnnotationResult = [
  { id: 'b', from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 6, end: 11, text: FAMILY, labels: ['PER', 'ORG'] } },
  { id: 'c', from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 0, end: 2, text: '张三', labels: ['PER'] } },
  { id: 'a', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['positive'] } },
];
const resultB1: AnnotationResult = [{ id: 'x', from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 3, end: 5, text: '北京', labels: ['LOC'] } }];

const annA: ExportAnnotation = {
  id: 'ann-a',
  annotator: 'li@example.com',
  versions: [
    { version: 1, result: resultA1, leadTimeMs: 1000, createdBy: 'li@example.com', createdAt: '2024-05-02T10:00:00.000Z' },
    { version: 2, result: resultA2, leadTimeMs: 2500, createdBy: 'wang@example.com', createdAt: '2024-05-03T10:00:00.000Z' },
  ],
};
// Saved 2024-05-03T09:00Z: earlier than annA's v2, though it is later as text.
const annB: ExportAnnotation = {
  id: 'ann-b',
  annotator: 'zhao@example.com',
  versions: [{ version: 1, result: resultB1, leadTimeMs: 800, createdBy: 'zhao@example.com', createdAt: '2024-05-03T17:00:00.000+08:00' }],
};

describe('latestVersion / latestResult', () => {
  it('picks the highest version regardless of order', () => {
    expect(latestVersion(annA)?.version).toBe(2);
    expect(latestVersion({ ...annA, versions: [...annA.versions].reverse() })?.version).toBe(2);
    expect(latestVersion({ ...annA, versions: [] })).toBeUndefined();
  });

  it('picks the most recently saved result, comparing instants across time zones', () => {
    expect(latestResult([annB, annA])).toBe(resultA2);
    const later: ExportAnnotation = { ...annB, versions: [{ ...annB.versions[0]!, createdAt: '2024-05-03T19:00:00.000+08:00' }] };
    expect(latestResult([annA, later])).toBe(resultB1);
  });

  it('is null without annotations or versions, and the first wins a tie', () => {
    expect(latestResult([])).toBeNull();
    expect(latestResult([{ ...annA, versions: [] }])).toBeNull();
    const twin: ExportAnnotation = { ...annB, versions: [{ ...annB.versions[0]!, createdAt: annA.versions[1]!.createdAt }] };
    expect(latestResult([annA, twin])).toBe(resultA2);
    expect(latestResult([twin, annA])).toBe(resultB1);
  });
});

describe('exportRecord', () => {
  it('builds the JSONL record', () => {
    expect(exportRecord(task, [annA, annB])).toEqual({
      id: '42',
      data: task.data,
      annotations: [
        {
          id: 'ann-a',
          annotator: 'li@example.com',
          versions: [
            { version: 1, result: resultA1, lead_time_ms: 1000, created_by: 'li@example.com', created_at: '2024-05-02T10:00:00.000Z' },
            { version: 2, result: resultA2, lead_time_ms: 2500, created_by: 'wang@example.com', created_at: '2024-05-03T10:00:00.000Z' },
          ],
          result: resultA2,
        },
        {
          id: 'ann-b',
          annotator: 'zhao@example.com',
          versions: [{ version: 1, result: resultB1, lead_time_ms: 800, created_by: 'zhao@example.com', created_at: '2024-05-03T17:00:00.000+08:00' }],
          result: resultB1,
        },
      ],
      result: resultA2,
      created_at: '2024-05-01T00:00:00.000Z',
    });
  });

  it('has null results for a task without annotations', () => {
    expect(exportRecord(task, [])).toMatchObject({ annotations: [], result: null });
    expect(exportRecord(task, [{ ...annA, versions: [] }]).annotations[0]?.result).toBeNull();
  });

  it('renders one JSON line that round-trips Unicode', () => {
    const line = exportJsonLine(task, [annA]);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    const parsed = JSON.parse(line) as { data: { text: string }; result: AnnotationResult };
    expect(parsed.data.text).toBe(TEXT);
    expect(parsed.result).toEqual(resultA2);
  });
});

describe('CSV export', () => {
  it('has id, fields, controls, annotators and annotation_count columns', () => {
    expect(csvColumns(config)).toEqual(['id', 'text', 'ner', 'sentiment', 'annotators', 'annotation_count']);
    expect(csvHeader(config)).toBe('id,text,ner,sentiment,annotators,annotation_count\r\n');
  });

  it('prefixes fields and controls that would repeat a fixed column', () => {
    const cfg: LabelConfig = {
      version: 1,
      fields: [{ name: 'id', type: 'text' }],
      controls: [{ type: 'choices', name: 'annotators', toName: 'id', choice: 'single', options: [{ value: 'x' }] }],
    };
    expect(csvColumns(cfg)).toEqual(['id', 'data.id', 'result.annotators', 'annotators', 'annotation_count']);
  });

  it('fills control columns from the latest result', () => {
    const values = csvValues(config, task, [annA, annB]);
    expect(values).toEqual([
      '42',
      TEXT,
      JSON.stringify([
        { start: 0, end: 2, text: '张三', label: 'PER' },
        { start: 6, end: 11, text: FAMILY, label: 'PER' },
        { start: 6, end: 11, text: FAMILY, label: 'ORG' },
      ]),
      'positive',
      'li@example.com|zhao@example.com',
      2,
    ]);
  });

  it('joins multiple choices with "|" and leaves missing controls empty', () => {
    const cfg: LabelConfig = {
      version: 1,
      fields: [{ name: 'text', type: 'text' }],
      controls: [
        { type: 'choices', name: 'topics', toName: 'text', choice: 'multiple', options: [{ value: '体育' }, { value: '新闻' }] },
        { type: 'labels', name: 'ner', toName: 'text', labels: [{ value: 'PER', color: '#000000' }] },
      ],
    };
    const ann: ExportAnnotation = {
      id: 'a',
      annotator: 'li@example.com',
      versions: [{ version: 1, result: [{ id: '1', from_name: 'topics', to_name: 'text', type: 'choices', value: { choices: ['体育', '新闻'] } }], leadTimeMs: 1, createdBy: 'li@example.com', createdAt: '2024-05-02T00:00:00Z' }],
    };
    expect(csvValues(cfg, task, [ann]).slice(2, 4)).toEqual(['体育|新闻', '[]']);
    expect(csvValues(cfg, task, []).slice(2)).toEqual(['', '', '', 0]);
  });

  it('writes boxes as JSON in percent and free text as itself', () => {
    const ann: ExportAnnotation = {
      id: 'a',
      annotator: 'li@example.com',
      versions: [
        {
          version: 1,
          result: [
            { id: 'b', from_name: 'objects', to_name: 'image', type: 'rectanglelabels', value: { x: 1, y: 2, width: 3, height: 4, rotation: 15, rectanglelabels: ['statue'] } },
            { id: 'e', from_name: 'entities', to_name: 'caption', type: 'labels', value: { start: 0, end: 2, text: '佛像', labels: ['statue'] } },
          ],
          leadTimeMs: 1,
          createdBy: 'li@example.com',
          createdAt: '2024-05-02T00:00:00Z',
        },
      ],
    };
    const media = { id: '7', data: { image: '/x.png', caption: '佛像' }, createdAt: '2024-05-01T00:00:00.000Z' };
    expect(csvValues(imageCaptionTemplate, media, [ann]).slice(3, 5)).toEqual(['[{"x":1,"y":2,"width":3,"height":4,"rotation":15,"label":"statue"}]', '[{"start":0,"end":2,"text":"佛像","label":"statue"}]']);
    const typed: ExportAnnotation = { ...ann, versions: [{ ...ann.versions[0]!, result: [{ id: 't', from_name: 'transcript', to_name: 'image', type: 'textarea', value: { text: ['云冈', '石窟'] } }] }] };
    expect(csvValues(transcriptionTemplate, media, [typed])[2]).toBe('云冈\n石窟');
  });

  it('lists each annotator once', () => {
    expect(csvValues(config, task, [annA, { ...annB, annotator: annA.annotator }])[4]).toBe('li@example.com');
  });

  it('renders a quoted CRLF row', () => {
    const row = csvRecord(config, { ...task, data: { text: '=cmd, "x"\n😀' } }, [annB]);
    expect(row).toBe(`42,"'=cmd, ""x""\n😀","[{""start"":3,""end"":5,""text"":""北京"",""label"":""LOC""}]",,zhao@example.com,1\r\n`);
    expect(csvRecord(config, { ...task, data: { text: '=cmd' } }, [], { safeFormulas: false })).toBe('42,=cmd,,,,0\r\n');
  });
});
