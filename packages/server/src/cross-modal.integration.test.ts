import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageCaptionTemplate, type AnnotationDto, type ErrorBody, type NextReviewDto, type NextTaskDto, type ProjectDto, type QualityReportDto, type TaskDto } from '@yungang/core';
import { BACKENDS } from './test-support/backends.js';
import { startTestServer, type TestServer } from './test-support/test-server.js';
import { addMember } from './test-support/helpers.js';
import type { ApiClient } from './test-support/api-client.js';

// A 1×1 PNG: image fields hold URLs, and a data URL keeps the test free of a file server.
const PIXEL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const RULE = { kind: 'labels-covered', from: 'entities', to: 'objects' };

const box = (label: string) => ({ id: `b-${label}`, from_name: 'objects', to_name: 'image', type: 'rectanglelabels', value: { x: 10, y: 10, width: 30, height: 40, rectanglelabels: [label] } });
/** A span over the first `length` code points of the caption. */
const entity = (caption: string, label: string, start: number, length: number) => ({
  id: `e-${label}-${start}`,
  from_name: 'entities',
  to_name: 'caption',
  type: 'labels',
  value: { start, end: start + length, text: Array.from(caption).slice(start, start + length).join(''), labels: [label] },
});

async function submit(client: ApiClient, projectId: string, result: (task: TaskDto) => unknown[]): Promise<AnnotationDto> {
  const next = await client.expect<NextTaskDto>(200, 'POST', `/api/v1/projects/${projectId}/next`);
  if (!next.assignment || !next.task) throw new Error('no task left');
  return client.expect<AnnotationDto>(201, 'POST', `/api/v1/assignments/${next.assignment.id}/annotations`, { result: result(next.task) });
}

describe.each(BACKENDS)('cross-modal consistency on $name', (backend) => {
  let t: TestServer;
  let annotator: ApiClient;
  let reviewer: ApiClient;
  beforeAll(async () => {
    t = await startTestServer(backend);
    annotator = await addMember(t, 'annotator@example.com', 'annotator');
    reviewer = await addMember(t, 'reviewer@example.com', 'reviewer');
  });
  afterAll(async () => t?.close());

  it('refuses rules that name controls or labels the config lacks, saying where', async () => {
    const res = await t.owner.request<ErrorBody>('POST', '/api/v1/projects', {
      name: 'bad rules',
      labelConfig: imageCaptionTemplate,
      qualityPolicy: { consistencyRules: [{ kind: 'labels-covered', from: 'entities', to: 'boxes' }] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toMatchObject({ issues: [{ path: 'qualityPolicy.consistencyRules[0].to', message: 'no control named "boxes" (controls: objects, entities)' }] });
    // A config change that would orphan a stored rule is refused too.
    const p = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: 'ok', labelConfig: imageCaptionTemplate, qualityPolicy: { consistencyRules: [RULE] } });
    const renamed = structuredClone(imageCaptionTemplate) as unknown as { controls: { name: string }[] };
    renamed.controls[0]!.name = 'boxes';
    const change = await t.owner.request<ErrorBody>('PATCH', `/api/v1/projects/${p.id}`, { labelConfig: renamed });
    expect(change.status).toBe(400);
    expect(JSON.stringify(change.body.error.details)).toContain('qualityPolicy.consistencyRules[0].to');
  });

  it('sends work that breaks a rule to review, and reports the rate per item against the 90 % target', async () => {
    const p = await t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', {
      name: 'image + caption',
      labelConfig: imageCaptionTemplate,
      qualityPolicy: { consistencyRules: [RULE, { kind: 'requires', when: 'objects', then: 'entities' }] },
    });
    const captions = ['佛像在石窟中', '一个人骑车经过', '两尊佛像', '游客在拍照'];
    const jsonl = captions.map((caption) => JSON.stringify({ image: PIXEL, caption })).join('\n');
    await t.owner.expect(201, 'POST', `/api/v1/projects/${p.id}/import?format=jsonl`, jsonl, { 'content-type': 'application/x-ndjson' });

    const results = (task: TaskDto): unknown[] => {
      const caption = task.data['caption'] as string;
      if (caption === '佛像在石窟中') return [entity(caption, 'statue', 0, 2), box('statue')];
      if (caption === '两尊佛像') return [entity(caption, 'statue', 2, 2), box('statue')];
      if (caption === '游客在拍照') return [entity(caption, 'person', 0, 2), box('person')];
      // "a person rides by": the caption names a person and a vehicle, but only the person is boxed.
      return [entity(caption, 'person', 2, 1), entity(caption, 'vehicle', 4, 1), box('person')];
    };
    for (let i = 0; i < 4; i++) await submit(annotator, p.id, results);

    const item = (await reviewer.expect<NextReviewDto>(200, 'POST', `/api/v1/projects/${p.id}/review/next`)).item!;
    expect(item.reason).toBe('inconsistent');
    expect(item.task.data['caption']).toBe('一个人骑车经过');
    expect((await reviewer.expect<NextReviewDto>(200, 'POST', `/api/v1/projects/${p.id}/review/next`)).item!.id).toBe(item.id);

    const report = await t.owner.expect<QualityReportDto>(200, 'GET', `/api/v1/projects/${p.id}/quality/report`);
    expect(report.crossModal).toMatchObject({ rules: 2, evaluated: 4, consistent: 3, rate: 0.75, target: 0.9, meetsTarget: false });
    expect(report.crossModal.inconsistent).toEqual([{ taskId: item.task.id, problems: ['label "vehicle": 1 in "entities", 0 "vehicle" in "objects"'] }]);

    // The reviewer rejects it; the annotator's fix (adding the vehicle box) makes the project consistent.
    await reviewer.expect(200, 'POST', `/api/v1/reviews/${item.id}`, { decision: 'reject', comment: '描述里有车辆，图上没有框' });
    const fixed = [...results(item.task), { ...box('vehicle'), value: { x: 50, y: 50, width: 20, height: 20, rectanglelabels: ['vehicle'] } }];
    await annotator.expect(200, 'PUT', `/api/v1/annotations/${item.annotation.id}`, { result: fixed, baseVersion: item.annotation.version });
    const again = (await reviewer.expect<NextReviewDto>(200, 'POST', `/api/v1/projects/${p.id}/review/next`)).item!;
    expect(again.reason).toBe('rework');
    await reviewer.expect(200, 'POST', `/api/v1/reviews/${again.id}`, { decision: 'accept' });
    const after = await t.owner.expect<QualityReportDto>(200, 'GET', `/api/v1/projects/${p.id}/quality/report`);
    expect(after.crossModal).toMatchObject({ evaluated: 4, consistent: 4, rate: 1, meetsTarget: true, inconsistent: [] });
  });
});
