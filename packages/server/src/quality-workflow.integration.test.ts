import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  samplingPlan,
  textClassificationTemplate,
  type AnnotationDto,
  type DatasetVersionDto,
  type HistoryDto,
  type InspectionDto,
  type LotDto,
  type LotsDto,
  type NextAdjudicationDto,
  type NextInspectionItemDto,
  type NextReviewDto,
  type NextTaskDto,
  type ProjectDto,
  type QualityReportDto,
  type QualitySummaryDto,
  type ReturnedWorkDto,
  type ReviewDto,
  type TaskDto,
  type TaskPageDto,
} from '@yungang/core';
import { BACKENDS } from './test-support/backends.js';
import { startTestServer, type TestServer } from './test-support/test-server.js';
import { addMember, choiceResult, importTexts } from './test-support/helpers.js';
import type { ApiClient } from './test-support/api-client.js';

type Choice = 'positive' | 'negative' | 'neutral';

async function project(t: TestServer, qualityPolicy: Record<string, unknown>, overlap = 1): Promise<ProjectDto> {
  return t.owner.expect<ProjectDto>(201, 'POST', '/api/v1/projects', { name: 'quality', labelConfig: textClassificationTemplate, overlap, qualityPolicy });
}

/** Claims and submits; returns the submit answer (with gold feedback when there is some). */
async function work(client: ApiClient, projectId: string, choice: Choice): Promise<AnnotationDto & { taskIdClaimed: string }> {
  const next = await client.expect<NextTaskDto>(200, 'POST', `/api/v1/projects/${projectId}/next`);
  if (!next.assignment) throw new Error('no task left');
  const saved = await client.expect<AnnotationDto>(201, 'POST', `/api/v1/assignments/${next.assignment.id}/annotations`, { result: choiceResult(choice) });
  return { ...saved, taskIdClaimed: next.task!.id };
}

describe.each(BACKENDS)('quality workflow on $name', (backend) => {
  let t: TestServer;
  let annotator: ApiClient;
  let second: ApiClient;
  let reviewer: ApiClient;
  beforeAll(async () => {
    t = await startTestServer(backend);
    annotator = await addMember(t, 'annotator@example.com', 'annotator');
    second = await addMember(t, 'second@example.com', 'annotator');
    reviewer = await addMember(t, 'reviewer@example.com', 'reviewer');
  });
  afterAll(async () => t?.close());

  it('mixes gold tasks into the queue and gives immediate or deferred feedback', async () => {
    const p = await project(t, { goldRate: 1, goldFeedback: 'immediate' });
    await importTexts(t.owner, p.id, 4);
    const tasks = await t.owner.expect<TaskPageDto>(200, 'GET', `/api/v1/projects/${p.id}/tasks`);
    const goldTask = tasks.items[2]!.id;
    const bad = await t.owner.request('PUT', `/api/v1/tasks/${goldTask}/gold`, { result: [{ id: 'x', from_name: 'nope', to_name: 'text', type: 'choices', value: { choices: ['positive'] } }] });
    expect(bad.status).toBe(400);
    await t.owner.expect(200, 'PUT', `/api/v1/tasks/${goldTask}/gold`, { result: choiceResult('positive') });
    expect((await annotator.request('PUT', `/api/v1/tasks/${goldTask}/gold`, { result: choiceResult('positive') })).status).toBe(403);

    // The gold task comes first (rate 1), shows nothing of others' work, and the answer says it failed.
    const first = await work(annotator, p.id, 'negative');
    expect(first.taskIdClaimed).toBe(goldTask);
    expect(first.goldFeedback).toEqual({ passed: false, score: 0, expected: choiceResult('positive') });
    const then = await work(annotator, p.id, 'positive');
    expect(then.taskIdClaimed).not.toBe(goldTask);
    expect(then.goldFeedback).toBeUndefined();

    await t.owner.expect(200, 'PATCH', `/api/v1/projects/${p.id}`, { qualityPolicy: { goldFeedback: 'deferred' } });
    const deferred = await work(second, p.id, 'positive');
    expect(deferred.taskIdClaimed).toBe(goldTask);
    expect(deferred.goldFeedback).toBeUndefined();
    // Gold tasks never complete: ordinary tasks do.
    const summary = await t.owner.expect<QualitySummaryDto>(200, 'GET', `/api/v1/projects/${p.id}/quality`);
    const byEmail = Object.fromEntries(summary.annotators.map((a) => [a.email, a]));
    expect(byEmail['annotator@example.com']!.gold).toMatchObject({ correct: 0, total: 1 });
    // Today's activity: two submissions (the gold task and an ordinary one), one check, failed (split half and
    // half between the trend's halves); too few to call a trend.
    expect(byEmail['annotator@example.com']!.trend).toEqual({ days: [{ day: new Date().toISOString().slice(0, 10), submitted: 2, correct: 0, total: 1 }], direction: 'insufficient', earlier: 0, later: 0 });
    expect(byEmail['second@example.com']!.gold).toMatchObject({ correct: 1, total: 1, estimate: 1 });
    expect(byEmail['second@example.com']!.gold.lower).toBeCloseTo(0.2065, 3); // Wilson 95% lower bound of 1/1
    expect(summary.policy.goldFeedback).toBe('deferred');
    const bad2 = await t.owner.request('PATCH', `/api/v1/projects/${p.id}`, { qualityPolicy: { aql: 0.3 } });
    expect(bad2.status).toBe(400);
    expect(JSON.stringify(bad2.body)).toContain('qualityPolicy.aql');
  });

  it('runs the review loop: reject with a comment, the annotator fixes it, the reviewer accepts', async () => {
    const p = await project(t, { review: 'all' });
    await importTexts(t.owner, p.id, 3);
    const submitted = await work(annotator, p.id, 'negative');
    expect(submitted.reviewStatus).toBe('pending');
    // The submit answers without reading the annotation back; the owner's read agrees with it.
    const { taskIdClaimed, ...answered } = submitted;
    expect((await t.owner.expect<TaskDto>(200, 'GET', `/api/v1/tasks/${taskIdClaimed}`)).annotations).toContainEqual(answered);
    // The reviewer's own work is never theirs to review.
    await work(reviewer, p.id, 'neutral');

    const item = (await reviewer.expect<NextReviewDto>(200, 'POST', `/api/v1/projects/${p.id}/review/next`)).item!;
    expect(item.annotation.userEmail).toBe('annotator@example.com');
    expect(item.reason).toBe('all');
    // Asking again while holding it gives the same one.
    expect((await reviewer.expect<NextReviewDto>(200, 'POST', `/api/v1/projects/${p.id}/review/next`)).item!.id).toBe(item.id);
    const noComment = await reviewer.request('POST', `/api/v1/reviews/${item.id}`, { decision: 'reject' });
    expect(noComment.status).toBe(400);
    await reviewer.expect<ReviewDto>(200, 'POST', `/api/v1/reviews/${item.id}`, { decision: 'reject', comment: '情感判断错了：这是中性' });
    expect((await reviewer.request('POST', `/api/v1/reviews/${item.id}`, { decision: 'accept' })).status).toBe(409);

    const returned = await annotator.expect<{ items: ReturnedWorkDto[] }>(200, 'GET', `/api/v1/projects/${p.id}/returned`);
    expect(returned.items.map((r) => [r.comment, r.reviewerEmail, r.annotation.id])).toEqual([['情感判断错了：这是中性', 'reviewer@example.com', submitted.id]]);
    await annotator.expect(200, 'PUT', `/api/v1/annotations/${submitted.id}`, { result: choiceResult('neutral'), baseVersion: 1 });
    expect((await annotator.expect<{ items: ReturnedWorkDto[] }>(200, 'GET', `/api/v1/projects/${p.id}/returned`)).items).toEqual([]);

    const rework = (await reviewer.expect<NextReviewDto>(200, 'POST', `/api/v1/projects/${p.id}/review/next`)).item!;
    expect(rework.reason).toBe('rework');
    expect(rework.annotation.version).toBe(2);
    expect(rework.earlier.map((e) => [e.decision, e.comment])).toEqual([['reject', '情感判断错了：这是中性']]);
    await reviewer.expect(200, 'POST', `/api/v1/reviews/${rework.id}`, { decision: 'accept' });
    // The reviewer's own submission is left for someone else; the owner takes it.
    expect((await reviewer.expect<NextReviewDto>(200, 'POST', `/api/v1/projects/${p.id}/review/next`)).item).toBeNull();
    const own = (await t.owner.expect<NextReviewDto>(200, 'POST', `/api/v1/projects/${p.id}/review/next`)).item!;
    expect(own.annotation.userEmail).toBe('reviewer@example.com');
    expect((await reviewer.request('POST', `/api/v1/reviews/${own.id}`, { decision: 'accept' })).status).toBe(403);

    const summary = await t.owner.expect<QualitySummaryDto>(200, 'GET', `/api/v1/projects/${p.id}/quality`);
    expect(summary.review).toEqual({ pending: 1, accepted: 1, rejected: 1 });
    expect(summary.annotators.find((a) => a.email === 'annotator@example.com')!.review).toMatchObject({ correct: 1, total: 2 });
    const history = await t.owner.expect<HistoryDto>(200, 'GET', `/api/v1/history/annotation/${submitted.id}`);
    await t.server.services.log.sequencer.flush();
    expect(history.items.map((h) => h.kind)).toEqual(['annotation.submit', 'review.decision', 'annotation.edit', 'review.decision']);
  });

  it('samples lots by GB/T 2828.1, decides them from the sample, screens rejected lots and switches to tightened', async () => {
    const p = await project(t, { aql: 1, inspectionLevel: 'II' });
    await importTexts(t.owner, p.id, 40);
    for (let i = 0; i < 40; i++) await work(annotator, p.id, 'positive');
    expect((await annotator.request('POST', `/api/v1/projects/${p.id}/lots`, {})).status).toBe(403);

    const decideLot = async (lot: LotDto, rejectCount: number) => {
      for (let i = 0; i < lot.sampleSize; i++) {
        const item = (await reviewer.expect<NextReviewDto>(200, 'POST', `/api/v1/projects/${p.id}/review/next`)).item!;
        expect(item.lotId).toBe(lot.id);
        const reject = i < rejectCount;
        const decided = await reviewer.expect<ReviewDto>(200, 'POST', `/api/v1/reviews/${item.id}`, reject ? { decision: 'reject', comment: '不合格' } : { decision: 'accept' });
        expect(decided.lot?.status).toBe(i === lot.sampleSize - 1 ? (rejectCount > lot.accept ? 'rejected' : 'accepted') : 'inspecting');
      }
    };

    const lot1 = await t.owner.expect<LotDto>(201, 'POST', `/api/v1/projects/${p.id}/lots`, { size: 20 });
    const plan = samplingPlan({ lotSize: 20, aql: 1, inspectionLevel: 'II', severity: 'normal' });
    expect(lot1).toMatchObject({ number: 1, size: 20, codeLetter: plan.codeLetter, sampleSize: plan.sampleSize, accept: plan.accept, reject: plan.reject, severity: 'normal', status: 'inspecting' });
    await decideLot(lot1, plan.reject);
    // A rejected lot is screened: its unsampled items now wait for review.
    const screening = (await reviewer.expect<NextReviewDto>(200, 'POST', `/api/v1/projects/${p.id}/review/next`)).item;
    expect(screening?.reason ?? null).toBe(lot1.size > lot1.sampleSize ? 'screening' : null);
    if (screening) await reviewer.expect(200, 'POST', `/api/v1/reviews/${screening.id}`, { decision: 'accept' });

    const lot2 = await t.owner.expect<LotDto>(201, 'POST', `/api/v1/projects/${p.id}/lots`, { size: 20 });
    expect(lot2.severity).toBe('normal');
    // Screening rows of lot 1 come before lot 2's sample: clear them first.
    for (;;) {
      const next = (await reviewer.expect<NextReviewDto>(200, 'POST', `/api/v1/projects/${p.id}/review/next`)).item;
      if (!next || next.lotId === lot2.id) {
        if (next) await reviewer.expect(200, 'POST', `/api/v1/reviews/${next.id}`, { decision: 'reject', comment: '不合格' });
        break;
      }
      await reviewer.expect(200, 'POST', `/api/v1/reviews/${next.id}`, { decision: 'accept' });
    }
    const lots = await t.owner.expect<LotsDto>(200, 'GET', `/api/v1/projects/${p.id}/lots`);
    const l2 = lots.items.find((l) => l.id === lot2.id)!;
    if (l2.status === 'inspecting') {
      for (let i = l2.inspected; i < l2.sampleSize; i++) {
        const item = (await reviewer.expect<NextReviewDto>(200, 'POST', `/api/v1/projects/${p.id}/review/next`)).item!;
        await reviewer.expect(200, 'POST', `/api/v1/reviews/${item.id}`, { decision: 'reject', comment: '不合格' });
      }
    }
    const after = await t.owner.expect<LotsDto>(200, 'GET', `/api/v1/projects/${p.id}/lots`);
    expect(after.items.map((l) => [l.number, l.status])).toEqual([
      [2, 'rejected'],
      [1, 'rejected'],
    ]);
    // Two of the last (up to) five lots rejected under normal inspection: tightened (§9.3.1).
    expect(after.severity).toBe('tightened');
    expect(after.items[0]!.nonconforming).toBeGreaterThanOrEqual(after.items[0]!.reject);
    const noAql = await project(t, {});
    expect((await t.owner.request('POST', `/api/v1/projects/${noAql.id}/lots`, {})).status).toBe(400);
  });

  it('sends a disputed task to adjudication and records the decision with its inputs', async () => {
    const p = await project(t, { adjudicationThreshold: 0.9 }, 2);
    await importTexts(t.owner, p.id, 2);
    const a = await work(annotator, p.id, 'positive');
    await work(second, p.id, 'negative');
    // A task both agree on does not need it.
    await work(annotator, p.id, 'neutral');
    await work(second, p.id, 'neutral');

    expect((await annotator.request('POST', `/api/v1/projects/${p.id}/adjudication/next`)).status).toBe(403);
    const item = (await reviewer.expect<NextAdjudicationDto>(200, 'POST', `/api/v1/projects/${p.id}/adjudication/next`)).item!;
    expect(item.task.id).toBe(a.taskIdClaimed);
    expect(item.agreement).toBe(0);
    expect(item.task.annotations).toHaveLength(2);
    const decided = await reviewer.expect<{ status: string; result: unknown }>(200, 'PUT', `/api/v1/tasks/${item.task.id}/adjudication`, { result: choiceResult('positive') });
    expect(decided).toMatchObject({ status: 'done', result: choiceResult('positive') });
    expect((await reviewer.request('PUT', `/api/v1/tasks/${item.task.id}/adjudication`, { result: choiceResult('negative') })).status).toBe(409);
    expect((await reviewer.expect<NextAdjudicationDto>(200, 'POST', `/api/v1/projects/${p.id}/adjudication/next`)).item).toBeNull();

    const summary = await t.owner.expect<QualitySummaryDto>(200, 'GET', `/api/v1/projects/${p.id}/quality`);
    expect(summary.adjudication).toEqual({ pending: 0, done: 1 });
    // Consensus: on the disputed task neither agrees; on the other both do.
    expect(summary.annotators.find((x) => x.email === 'annotator@example.com')!.consensus).toMatchObject({ correct: 1, total: 2 });
    await t.server.services.log.sequencer.flush();
    const history = await t.owner.expect<HistoryDto>(200, 'GET', `/api/v1/history/task/${item.task.id}`);
    const adjudication = history.items.find((h) => h.kind === 'adjudication')!;
    expect((adjudication.data as { inputs: unknown[] }).inputs).toHaveLength(2);

    // The dataset delivers one label per task: the adjudicated one, or the annotators' vote, with its inputs.
    const version = await t.owner.expect<DatasetVersionDto>(201, 'POST', `/api/v1/projects/${p.id}/dataset-versions`, { name: 'labels' });
    const snapshot = await t.server.services.blobs.get(version.dataSha256);
    let text = '';
    for await (const chunk of snapshot!) text += String(chunk);
    const records = text.trim().split('\n').map((l) => JSON.parse(l) as { id: string; label: { method: string; result: unknown; inputs: unknown[] } });
    const disputed = records.find((r) => r.id === item.task.id)!;
    expect(disputed.label).toMatchObject({ method: 'adjudication', result: choiceResult('positive') });
    expect(disputed.label.inputs).toHaveLength(2);
    const agreed = records.find((r) => r.id !== item.task.id)!;
    expect(agreed.label.method).toBe('majority');
    expect(agreed.label.result).toEqual([{ id: 'sentiment-vote', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['neutral'] } }]);
  });

  it('reports dataset quality: GB/T 36344 indicators, ML indicators, accuracy with its bound, agreement and process checks', async () => {
    const p = await project(t, { review: 'all', aql: 10 }, 2);
    const jsonl = ['同一句话', '同一句话', '另一句', '第四句'].map((text) => JSON.stringify({ text })).join('\n');
    await t.owner.expect(201, 'POST', `/api/v1/projects/${p.id}/import?format=jsonl`, jsonl, { 'content-type': 'application/x-ndjson' });
    for (const choice of ['positive', 'negative', 'positive', 'positive'] as Choice[]) await work(annotator, p.id, choice);
    for (const choice of ['positive', 'positive', 'positive', 'neutral'] as Choice[]) await work(second, p.id, choice);
    for (let i = 0; i < 8; i++) {
      const item = (await reviewer.expect<NextReviewDto>(200, 'POST', `/api/v1/projects/${p.id}/review/next`)).item!;
      await reviewer.expect(200, 'POST', `/api/v1/reviews/${item.id}`, i < 7 ? { decision: 'accept' } : { decision: 'reject', comment: '错' });
    }
    await t.owner.expect(201, 'POST', `/api/v1/projects/${p.id}/lots`, {});
    await t.owner.expect(201, 'POST', `/api/v1/projects/${p.id}/dataset-versions`, { name: 'v1' });
    await t.server.services.log.sequencer.flush();
    const report = await t.owner.expect<QualityReportDto>(200, 'GET', `/api/v1/projects/${p.id}/quality/report`);
    expect(report.identity).toMatchObject({ projectName: 'quality', tasks: 4, annotations: 8 });
    expect(report.identity.datasetVersion?.logIndex).not.toBeNull();
    const byName = Object.fromEntries(report.gbt36344.map((i) => [i.name, [i.conforming, i.evaluated]]));
    expect(byName).toEqual({
      normativeness: [8, 8],
      completeness: [4, 4],
      accuracy: [7, 8],
      // Two tasks where both agree; the rejected annotation leaves its task with one usable input.
      consistency: [2, 3],
      timeliness: [8, 8],
      accessibility: [2, 2],
    });
    expect(report.labelAccuracy.review).toMatchObject({ correct: 7, total: 8, estimate: 7 / 8 });
    expect(report.labelAccuracy.review.lower).toBeCloseTo(0.5291, 3); // Wilson 95% lower bound of 7/8
    expect(report.ml.duplicates).toMatchObject({ total: 4, duplicates: 1, rate: 0.25 });
    expect(report.ml.classBalance[0]!.control).toBe('sentiment');
    // Agreement is measured where two usable annotations exist (the rejected one does not count).
    expect(report.agreement[0]).toMatchObject({ control: 'sentiment', units: 3, annotators: 2 });
    // Per option, "chose it or not": neutral was never agreed on, so its α is undefined or below the overall.
    expect(Object.keys(report.agreement[0]!.perLabel)).toEqual(['positive', 'negative', 'neutral']);
    expect(report.crossModal).toEqual({ rules: 0, evaluated: 0, consistent: 0, rate: null, target: 0.9, meetsTarget: null, inconsistent: [] });
    expect(report.process.find((c) => c.check === 'reviewer-is-not-annotator')!.status).toBe('pass');
    expect(report.process.find((c) => c.check === 'dataset-version-logged')!.status).toBe('pass');
    expect(report.lots).toHaveLength(1);
  });

  it('inspects a dataset version: a reproducible sample of its delivered labels gives its accuracy with a bound', async () => {
    const p = await project(t, {});
    await importTexts(t.owner, p.id, 8);
    for (let i = 0; i < 8; i++) await work(annotator, p.id, 'positive');
    const version = await t.owner.expect<DatasetVersionDto>(201, 'POST', `/api/v1/projects/${p.id}/dataset-versions`, { name: 'v1' });
    expect((await reviewer.request('POST', `/api/v1/dataset-versions/${version.id}/inspections`, { sampleSize: 5 })).status).toBe(403);
    const inspection = await t.owner.expect<InspectionDto>(201, 'POST', `/api/v1/dataset-versions/${version.id}/inspections`, { sampleSize: 5 });
    expect(inspection).toMatchObject({ sampleSize: 5, inspected: 0, estimate: null });
    const seen = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const item = (await reviewer.expect<NextInspectionItemDto>(200, 'POST', `/api/v1/inspections/${inspection.id}/next`)).item!;
      expect(item.label).toMatchObject({ method: 'single', result: choiceResult('positive') });
      expect(typeof item.data.text).toBe('string');
      seen.add(item.taskId);
      if (i === 0) expect((await reviewer.request('POST', `/api/v1/inspection-items/${item.id}`, { correct: false })).status).toBe(400);
      const after = await reviewer.expect<InspectionDto>(200, 'POST', `/api/v1/inspection-items/${item.id}`, i === 0 ? { correct: false, comment: '应为中性' } : { correct: true });
      expect(after.inspected).toBe(i + 1);
      expect((await reviewer.request('POST', `/api/v1/inspection-items/${item.id}`, { correct: true })).status).toBe(409);
    }
    expect(seen.size).toBe(5);
    expect((await reviewer.expect<NextInspectionItemDto>(200, 'POST', `/api/v1/inspections/${inspection.id}/next`)).item).toBeNull();
    const [done] = (await t.owner.expect<{ items: InspectionDto[] }>(200, 'GET', `/api/v1/dataset-versions/${version.id}/inspections`)).items;
    expect(done).toMatchObject({ inspected: 5, correct: 4, estimate: 0.8 });
    expect(done!.lower).toBeCloseTo(0.3755, 3); // Wilson 95% lower bound of 4/5
    // A sample larger than the version is the whole version.
    expect((await t.owner.expect<InspectionDto>(201, 'POST', `/api/v1/dataset-versions/${version.id}/inspections`, { sampleSize: 50 })).sampleSize).toBe(8);
    const report = await t.owner.expect<QualityReportDto>(200, 'GET', `/api/v1/projects/${p.id}/quality/report`);
    expect(report.labelAccuracy.inspection).toMatchObject({ correct: 4, total: 5 });
  });
});
