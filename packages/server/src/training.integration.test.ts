import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chineseNerTemplate,
  textClassificationTemplate,
  transcriptionTemplate,
  type AnswerDto,
  type AttemptDto,
  type AuditEntryDto,
  type CertificationDto,
  type CertificationHolderDto,
  type CourseDto,
  type ErrorBody,
  type ExamDto,
  type HistoryDto,
  type LabelConfig,
  type NextTaskDto,
  type ProjectDto,
  type QualityReportDto,
  type SkillRecordDto,
} from '@yungang/core';
import { BACKENDS } from './test-support/backends.js';
import { startTestServer, type TestServer } from './test-support/test-server.js';
import { addMember, choiceResult, createChoiceProject, importTexts } from './test-support/helpers.js';
import type { ApiClient } from './test-support/api-client.js';

const PIXEL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const BOX_CONFIG: LabelConfig = {
  version: 1,
  fields: [{ name: 'image', type: 'image' }],
  controls: [{ type: 'rectanglelabels', name: 'objects', toName: 'image', labels: [{ value: 'car', color: '#ff0000' }] }],
};
const box = (x: number) => ({ id: `b${x}`, from_name: 'objects', to_name: 'image', type: 'rectanglelabels', value: { x, y: 10, width: 20, height: 20, rectanglelabels: ['car'] } });
const span = (text: string, start: number, end: number, label: string) => ({ id: `s${start}`, from_name: 'ner', to_name: 'text', type: 'labels', value: { start, end, text: Array.from(text).slice(start, end).join(''), labels: [label] } });
const transcript = (t: string) => [{ id: 't', from_name: 'transcript', to_name: 'image', type: 'textarea', value: { text: [t] } }];
const NER_TEXT = '张三在北京工作';

/** Answers every item of an attempt with `answer(itemIndex)` and finishes it. */
async function takeExam(client: ApiClient, attempt: AttemptDto, answer: (index: number) => unknown[]): Promise<AttemptDto> {
  for (const [i, item] of attempt.items.entries()) await client.expect<AnswerDto>(200, 'PUT', `/api/v1/exam-attempts/${attempt.id}/answers/${item.id}`, { result: answer(i) });
  return client.expect<AttemptDto>(200, 'POST', `/api/v1/exam-attempts/${attempt.id}/finish`);
}

async function moveDeadline(t: TestServer, attemptId: string, interval: string): Promise<void> {
  await t.database.system((tx) => tx.updateTable('exam_attempts').set({ deadline_at: sql<Date>`now() - ${sql.raw(`interval '${interval}'`)}` }).where('id', '=', attemptId).execute());
}

describe.each(BACKENDS)('training and certification on $name', (backend) => {
  let t: TestServer;
  let annotator: ApiClient;
  let annotatorId: string;
  let manager: ApiClient;
  /** A second annotator who fails. */
  let other: ApiClient;
  let cert: CertificationDto;
  let choiceExam: ExamDto;
  let project: ProjectDto;

  beforeAll(async () => {
    t = await startTestServer(backend);
    annotator = await addMember(t, 'annotator@example.com', 'annotator');
    annotatorId = annotator.me!.user.id;
    manager = await addMember(t, 'manager@example.com', 'manager');
    other = await addMember(t, 'other@example.com', 'annotator');
    cert = await manager.expect<CertificationDto>(201, 'POST', '/api/v1/certifications', { name: '保密培训', description: 'confidentiality', validityDays: 365 });
    project = await createChoiceProject(t.owner, { name: 'gated' });
    await importTexts(t.owner, project.id, 3);
    const course = await manager.expect<CourseDto>(201, 'POST', '/api/v1/courses', { title: '情感标注指南', body: '# 指南\n\n![示例](https://example.com/a.png)', projectId: project.id });
    choiceExam = await manager.expect<ExamDto>(201, 'POST', '/api/v1/exams', {
      title: '情感分类考试',
      courseId: course.id,
      certificationId: cert.id,
      projectId: project.id,
      labelConfig: textClassificationTemplate,
      items: [
        { data: { text: '很好' }, expected: choiceResult('positive') },
        { data: { text: '很差' }, expected: choiceResult('negative') },
      ],
      passScore: 0.75,
      maxAttempts: 2,
      cooldownSeconds: 0,
    });
  });
  afterAll(async () => t?.close());

  it('managers write courses and exams; annotators see them without the answers and may not write', async () => {
    const courses = await annotator.expect<CourseDto[]>(200, 'GET', `/api/v1/courses?projectId=${project.id}`);
    expect(courses).toHaveLength(1);
    expect(courses[0]!.exams).toEqual([{ id: choiceExam.id, title: '情感分类考试' }]);
    const seen = await annotator.expect<ExamDto>(200, 'GET', `/api/v1/exams/${choiceExam.id}`);
    expect(seen.items).toBeUndefined();
    expect(seen.itemCount).toBe(2);
    expect(seen.me).toMatchObject({ attempts: 0, canStart: true, remainingAttempts: 2 });
    expect((await manager.expect<ExamDto>(200, 'GET', `/api/v1/exams/${choiceExam.id}`)).items).toHaveLength(2);
    expect((await annotator.request<ErrorBody>('POST', '/api/v1/courses', { title: 'x', body: '' })).status).toBe(403);
    // A wrong expected result is refused with its path in the body.
    const bad = await manager.request<ErrorBody>('POST', '/api/v1/exams', { title: 'bad', labelConfig: textClassificationTemplate, items: [{ data: { text: 'a' }, expected: choiceResult('positive') }, { data: { text: 'b' }, expected: [{ id: 'x', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['nope'] } }] }], passScore: 1 });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.details)).toContain('items[1].expected[0].value.choices');
  });

  it('refuses work on a project that requires a certification the annotator lacks, naming it and the exam (403)', async () => {
    await manager.expect(200, 'PUT', `/api/v1/projects/${project.id}/certifications`, { certificationIds: [cert.id] });
    // The project PATCH still works alongside.
    await t.owner.expect(200, 'PATCH', `/api/v1/projects/${project.id}`, { description: 'needs 保密培训' });
    const refused = await annotator.request<ErrorBody>('POST', `/api/v1/projects/${project.id}/next`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('certification "保密培训", which you do not hold');
    expect(refused.body.error.message).toContain('"情感分类考试"');
    expect(refused.body.error.details).toMatchObject({ missingCertifications: [{ id: cert.id, state: 'missing', exams: [{ id: choiceExam.id }] }] });
    const report = await t.owner.expect<QualityReportDto>(200, 'GET', `/api/v1/projects/${project.id}/quality/report`);
    expect(report.process.find((p) => p.check === 'certified-annotators')).toMatchObject({ status: 'not-evaluated' });
  });

  it('practice gives immediate feedback against gold and does not certify', async () => {
    const practice = await annotator.expect<AttemptDto>(201, 'POST', `/api/v1/exams/${choiceExam.id}/attempts`, { mode: 'practice' });
    expect(practice.deadlineAt).toBeNull();
    const feedback = await annotator.expect<AnswerDto>(200, 'PUT', `/api/v1/exam-attempts/${practice.id}/answers/${practice.items[0]!.id}`, { result: choiceResult('negative') });
    expect(feedback.feedback).toMatchObject({ score: 0, controls: [{ control: 'sentiment', correct: false }], expected: [{ value: { choices: ['positive'] } }] });
    const finished = await takeExam(annotator, practice, () => choiceResult('positive'));
    expect(finished).toMatchObject({ status: 'finished', passed: null, granted: null });
    expect((await annotator.request('POST', `/api/v1/projects/${project.id}/next`)).status).toBe(403);
    expect((await annotator.expect<ExamDto>(200, 'GET', `/api/v1/exams/${choiceExam.id}`)).me.attempts).toBe(0);
  });

  it('a real attempt hides answers until finished, fails below the pass mark, and the retry policy limits attempts', async () => {
    const first = await annotator.expect<AttemptDto>(201, 'POST', `/api/v1/exams/${choiceExam.id}/attempts`, { mode: 'exam' });
    const saved = await annotator.expect<AnswerDto>(200, 'PUT', `/api/v1/exam-attempts/${first.id}/answers/${first.items[0]!.id}`, { result: choiceResult('positive') });
    expect(saved.feedback).toBeNull();
    const during = await annotator.expect<AttemptDto>(200, 'GET', `/api/v1/exam-attempts/${first.id}`);
    expect(during.items.map((i) => [i.score, i.expected])).toEqual([
      [null, null],
      [null, null],
    ]);
    // Starting again while one is under way returns the same attempt.
    expect((await annotator.expect<AttemptDto>(201, 'POST', `/api/v1/exams/${choiceExam.id}/attempts`, { mode: 'exam' })).id).toBe(first.id);
    const failed = await annotator.expect<AttemptDto>(200, 'POST', `/api/v1/exam-attempts/${first.id}/finish`);
    expect(failed).toMatchObject({ score: 0.5, passed: false, granted: null });
    expect(failed.items.map((i) => i.score)).toEqual([1, 0]);
    expect(failed.items.every((i) => i.expected === null)).toBe(true);
    // Someone else's attempt does not exist for another annotator.
    expect((await other.request('GET', `/api/v1/exam-attempts/${first.id}`)).status).toBe(404);

    // Cool-down: set on the exam, the next attempt must wait.
    const settings = { title: choiceExam.title, courseId: choiceExam.courseId!, certificationId: cert.id, projectId: project.id, labelConfig: textClassificationTemplate, items: (await manager.expect<ExamDto>(200, 'GET', `/api/v1/exams/${choiceExam.id}`)).items!.map((i) => ({ data: i.data, expected: i.expected })), passScore: 0.75, maxAttempts: 2 };
    await manager.expect(200, 'PUT', `/api/v1/exams/${choiceExam.id}`, { ...settings, cooldownSeconds: 3600 });
    const waiting = await annotator.request<ErrorBody>('POST', `/api/v1/exams/${choiceExam.id}/attempts`, { mode: 'exam' });
    expect(waiting.status).toBe(409);
    expect(waiting.body.error.message).toContain('cool-down');
    await manager.expect(200, 'PUT', `/api/v1/exams/${choiceExam.id}`, { ...settings, cooldownSeconds: 0 });
    // Items cannot change once attempted.
    const changed = await manager.request<ErrorBody>('PUT', `/api/v1/exams/${choiceExam.id}`, { ...settings, items: settings.items.slice(0, 1) });
    expect(changed.status).toBe(409);

    // Second attempt passes; the certification is granted with its expiry.
    const second = await annotator.expect<AttemptDto>(201, 'POST', `/api/v1/exams/${choiceExam.id}/attempts`, { mode: 'exam' });
    const passed = await takeExam(annotator, second, (i) => choiceResult(i === 0 ? 'positive' : 'negative'));
    expect(passed).toMatchObject({ score: 1, passed: true, granted: { id: cert.id, name: '保密培训' } });
    const expires = new Date(passed.granted!.expiresAt!).getTime() - Date.now();
    expect(expires / 86_400_000).toBeGreaterThan(364);

    // The other annotator fails twice: the third attempt is refused.
    for (let i = 0; i < 2; i++) {
      const attempt = await other.expect<AttemptDto>(201, 'POST', `/api/v1/exams/${choiceExam.id}/attempts`, { mode: 'exam' });
      expect((await takeExam(other, attempt, () => choiceResult('neutral'))).passed).toBe(false);
    }
    const third = await other.request<ErrorBody>('POST', `/api/v1/exams/${choiceExam.id}/attempts`, { mode: 'exam' });
    expect(third.status).toBe(409);
    expect(third.body.error.message).toContain('all 2 attempts');
    expect((await other.expect<ExamDto>(200, 'GET', `/api/v1/exams/${choiceExam.id}`)).me).toMatchObject({ canStart: false, remainingAttempts: 0, attempts: 2 });
  });

  it('the certified annotator gets work (200); review claims are gated the same way', async () => {
    const next = await annotator.expect<NextTaskDto>(200, 'POST', `/api/v1/projects/${project.id}/next`);
    expect(next.assignment).not.toBeNull();
    await annotator.expect(201, 'POST', `/api/v1/assignments/${next.assignment!.id}/annotations`, { result: choiceResult() });
    const reviewer = await addMember(t, 'reviewer@example.com', 'reviewer');
    const review = await reviewer.request<ErrorBody>('POST', `/api/v1/projects/${project.id}/review/next`);
    expect(review.status).toBe(403);
    expect(review.body.error.message).toMatch(/^you cannot review in this project yet/);
    const report = await t.owner.expect<QualityReportDto>(200, 'GET', `/api/v1/projects/${project.id}/quality/report`);
    expect(report.process.find((p) => p.check === 'certified-annotators')).toMatchObject({ status: 'pass' });
  });

  it('an expired certification refuses work and says so; passing again renews it', async () => {
    await t.database.system((tx) => tx.updateTable('user_certifications').set({ expires_at: sql<Date>`now() - interval '1 day'` }).where('user_id', '=', annotatorId).execute());
    // The annotator's lease from before is still held: a resumed lease is gated too.
    const refused = await annotator.request<ErrorBody>('POST', `/api/v1/projects/${project.id}/next`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('which expired on');
    expect(refused.body.error.details).toMatchObject({ missingCertifications: [{ state: 'expired' }] });
    const report = await t.owner.expect<QualityReportDto>(200, 'GET', `/api/v1/projects/${project.id}/quality/report`);
    expect(report.process.find((p) => p.check === 'certified-annotators')).toMatchObject({ status: 'fail' });
    expect(report.process.find((p) => p.check === 'certified-annotators')!.detail).toContain('annotator@example.com');
    const again = await annotator.expect<AttemptDto>(201, 'POST', `/api/v1/exams/${choiceExam.id}/attempts`, { mode: 'exam' });
    expect((await takeExam(annotator, again, (i) => choiceResult(i === 0 ? 'positive' : 'negative'))).granted).not.toBeNull();
    expect((await annotator.request('POST', `/api/v1/projects/${project.id}/next`)).status).toBe(200);
  });

  it('a manager suspends, reinstates and revokes with a reason, in the audit and transparency logs', async () => {
    const path = `/api/v1/certifications/${cert.id}/holders/${annotatorId}/status`;
    expect((await manager.request<ErrorBody>('POST', path, { status: 'suspended' })).status).toBe(400);
    const suspended = await manager.expect<CertificationHolderDto>(200, 'POST', path, { status: 'suspended', reason: '疑似泄露数据，调查中' });
    expect(suspended).toMatchObject({ status: 'suspended', state: 'suspended', reason: '疑似泄露数据，调查中', changedByEmail: 'manager@example.com' });
    const refused = await annotator.request<ErrorBody>('POST', `/api/v1/projects/${project.id}/next`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('which a manager suspended');
    expect((await annotator.request('POST', path, { status: 'active', reason: 'me' })).status).toBe(403);
    await manager.expect(200, 'POST', path, { status: 'active', reason: '调查结束' });
    expect((await annotator.request('POST', `/api/v1/projects/${project.id}/next`)).status).toBe(200);
    await manager.expect(200, 'POST', path, { status: 'revoked', reason: '违反保密协议' });
    const revoked = await annotator.request<ErrorBody>('POST', `/api/v1/projects/${project.id}/next`);
    expect(revoked.body.error.message).toContain('which a manager revoked');
    const reinstate = await manager.request<ErrorBody>('POST', path, { status: 'active', reason: 'oops' });
    expect(reinstate.status).toBe(409);
    expect(reinstate.body.error.message).toContain('earned again only by passing its exam');

    const audit = await t.owner.expect<AuditEntryDto[]>(200, 'GET', '/api/v1/audit?action=certification.revoke');
    expect(audit[0]).toMatchObject({ objectId: cert.id, details: { userId: annotatorId, reason: '违反保密协议', from: 'active' } });
    const suspendAudit = await t.owner.expect<AuditEntryDto[]>(200, 'GET', '/api/v1/audit?action=certification.suspend');
    expect(suspendAudit[0]!.details).toMatchObject({ reason: '疑似泄露数据，调查中' });
    const kinds = await t.database.system((tx) => tx.selectFrom('log_entries').select(['kind', 'event']).where('subject_type', '=', 'certification').orderBy('id').execute());
    expect(kinds.map((k) => k.kind)).toEqual(['certification.grant', 'certification.grant', 'certification.suspend', 'certification.reinstate', 'certification.revoke']);
    expect(kinds[4]!.event).toContain('reasonSha256');
    expect(kinds[4]!.event).not.toContain('违反保密协议');
    const holders = await manager.expect<CertificationHolderDto[]>(200, 'GET', `/api/v1/certifications/${cert.id}/holders`);
    expect(holders.map((h) => [h.email, h.state])).toEqual([['annotator@example.com', 'revoked']]);
    // The history of the annotator's task shows nothing of this: certifications are their own subject.
    expect((await t.owner.expect<HistoryDto>(200, 'GET', `/api/v1/history/project/${project.id}`)).items.every((i) => !i.kind.startsWith('certification'))).toBe(true);
  });

  it('enforces the time limit on the server: late answers are refused and the attempt is scored as it stood', async () => {
    const timed = await manager.expect<ExamDto>(201, 'POST', '/api/v1/exams', {
      title: 'timed',
      labelConfig: textClassificationTemplate,
      items: [
        { data: { text: '好' }, expected: choiceResult('positive') },
        { data: { text: '坏' }, expected: choiceResult('negative') },
      ],
      passScore: 0.5,
      timeLimitSeconds: 60,
      showAnswers: true,
    });
    const attempt = await annotator.expect<AttemptDto>(201, 'POST', `/api/v1/exams/${timed.id}/attempts`, { mode: 'exam' });
    expect(new Date(attempt.deadlineAt!).getTime() - new Date(attempt.serverNow).getTime()).toBeGreaterThan(55_000);
    await annotator.expect(200, 'PUT', `/api/v1/exam-attempts/${attempt.id}/answers/${attempt.items[0]!.id}`, { result: choiceResult('positive') });
    // Within the grace an answer still counts.
    await moveDeadline(t, attempt.id, '2 seconds');
    await annotator.expect(200, 'PUT', `/api/v1/exam-attempts/${attempt.id}/answers/${attempt.items[1]!.id}`, { result: choiceResult('positive') });
    await moveDeadline(t, attempt.id, '1 minute');
    const late = await annotator.request<ErrorBody>('PUT', `/api/v1/exam-attempts/${attempt.id}/answers/${attempt.items[1]!.id}`, { result: choiceResult('negative') });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toContain('time is up');
    const scored = await annotator.expect<AttemptDto>(200, 'GET', `/api/v1/exam-attempts/${attempt.id}`);
    expect(scored).toMatchObject({ status: 'finished', score: 0.5, passed: true, finishedAt: scored.deadlineAt });
    // This exam shows the answers once finished.
    expect(scored.items.map((i) => i.expected?.[0]?.value)).toEqual([{ choices: ['positive'] }, { choices: ['negative'] }]);

    // An attempt left open past its deadline is closed on the next look, with what was saved.
    const abandoned = await other.expect<AttemptDto>(201, 'POST', `/api/v1/exams/${timed.id}/attempts`, { mode: 'exam' });
    await moveDeadline(t, abandoned.id, '1 minute');
    const standing = await other.expect<ExamDto>(200, 'GET', `/api/v1/exams/${timed.id}`);
    expect(standing.me).toMatchObject({ attempts: 1, inProgressAttemptId: null, best: 0 });
  });

  it('scores NER spans, image boxes and transcripts with the metric of each control', async () => {
    const ner = await manager.expect<ExamDto>(201, 'POST', '/api/v1/exams', {
      title: 'NER',
      labelConfig: chineseNerTemplate,
      items: [{ data: { text: NER_TEXT }, expected: [span(NER_TEXT, 0, 2, 'PER'), span(NER_TEXT, 3, 5, 'LOC')] }],
      passScore: 0.8,
    });
    const nerAttempt = await annotator.expect<AttemptDto>(201, 'POST', `/api/v1/exams/${ner.id}/attempts`, { mode: 'exam' });
    const nerDone = await takeExam(annotator, nerAttempt, () => [span(NER_TEXT, 0, 2, 'PER'), span(NER_TEXT, 3, 4, 'LOC')]);
    expect(nerDone).toMatchObject({ score: 0.5, passed: false });
    expect(nerDone.items[0]!.controls![0]).toMatchObject({ type: 'labels', precision: 0.5, recall: 0.5, f1: 0.5 });

    const boxes = await manager.expect<ExamDto>(201, 'POST', '/api/v1/exams', {
      title: 'boxes',
      labelConfig: BOX_CONFIG,
      items: [
        { data: { image: PIXEL }, expected: [box(10), box(50)] },
        { data: { image: PIXEL }, expected: [box(10)] },
      ],
      passScore: 0.8,
    });
    const boxAttempt = await annotator.expect<AttemptDto>(201, 'POST', `/api/v1/exams/${boxes.id}/attempts`, { mode: 'exam' });
    // Item 1: one of two boxes (IoU of a 1-unit shift is above 0.5) → F1 2/3; item 2: exact.
    const boxDone = await takeExam(annotator, boxAttempt, (i) => (i === 0 ? [box(11)] : [box(10)]));
    expect(boxDone.items.map((i) => i.controls![0]!.f1)).toEqual([2 / 3, 1]);
    expect(boxDone.score).toBeCloseTo(5 / 6);
    expect(boxDone.passed).toBe(true);

    const text = await manager.expect<ExamDto>(201, 'POST', '/api/v1/exams', {
      title: '普通话转写',
      labelConfig: transcriptionTemplate,
      items: [{ data: { image: PIXEL }, expected: transcript('中文字幕') }],
      passScore: 0.9,
    });
    const textAttempt = await annotator.expect<AttemptDto>(201, 'POST', `/api/v1/exams/${text.id}/attempts`, { mode: 'exam' });
    const textDone = await takeExam(annotator, textAttempt, () => transcript('中文子幕'));
    expect(textDone.score).toBeCloseTo(0.75);
    expect(textDone.passed).toBe(false);
    expect(textDone.items[0]!.controls![0]).toMatchObject({ type: 'textarea', cer: 0.25 });
  });

  it('the skill record shows exams, certifications, gold accuracy and review pass rate; others need training.manage', async () => {
    const own = await annotator.expect<SkillRecordDto>(200, 'GET', `/api/v1/users/${annotatorId}/skills`);
    expect(own.user.email).toBe('annotator@example.com');
    expect(own.exams.length).toBeGreaterThanOrEqual(7);
    expect(own.exams.filter((e) => e.examTitle === '情感分类考试').map((e) => e.passed)).toEqual([true, true, false]);
    expect(own.practiceAttempts).toBe(1);
    expect(own.certifications).toMatchObject([{ certificationName: '保密培训', state: 'revoked', reason: '违反保密协议' }]);
    expect(own.projects.find((p) => p.projectId === project.id)?.submitted).toBe(1);
    expect(own.gold).toMatchObject({ total: 0 });
    expect(own.goldTrend.direction).toBe('insufficient');
    expect((await manager.expect<SkillRecordDto>(200, 'GET', `/api/v1/users/${annotatorId}/skills`)).user.id).toBe(annotatorId);
    const managerId = manager.me!.user.id;
    expect((await annotator.request('GET', `/api/v1/users/${managerId}/skills`)).status).toBe(403);
  });
});

