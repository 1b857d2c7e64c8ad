import { describe, expect, it } from 'vitest';
import { canonicalJson } from '@yungang/core';
import { eventBody } from '../repositories/log.repository.js';
import { annotationVersionEvent, projectEvent } from './log-events.js';
import { logEntryText } from './log-entry.js';

const actor = { orgId: '6f1c2a9e-3b7d-4c41-9a55-0d2e8f7b1c33', actorId: '0b5e9d42-7a1f-4e63-8c2d-5f9a1b3e7d20' };

describe('logEntryText', () => {
  // Events as the API queues them: canonical JSON of eventBody (logEntryRow).
  const events = [
    eventBody(annotationVersionEvent(actor, { annotationId: 'a1', projectId: 'p1', taskId: '42', version: 1, result: [{ value: { labels: ['人名'] } }], edit: false }), '2026-12-03T10:00:00.000Z'),
    eventBody(projectEvent(actor, { kind: 'project.update', projectId: 'p1', config: '<View/>', overlap: 3, policy: { gold: 0.1 }, fields: ['名称', 'overlap'] }), '2026-12-03T10:00:01.5Z'),
    { kind: 'x', data: { text: 'line\nbreak "quoted" \\ tab\t é 😀 \u2028', n: [0, -0, 1e21, 1.5e-7, -12.25], nested: { z: null, a: true, 'ä': false, B: [] } } },
  ];

  it('is byte for byte the canonical JSON of the whole entry', () => {
    for (const [k, event] of events.entries()) {
      for (const index of [0, 1, 7, 123_456_789_012]) {
        const sequencedAt = `2026-12-0${k + 1}T08:09:10.${String(index % 1000).padStart(3, '0')}Z`;
        expect(logEntryText(canonicalJson(event), index, sequencedAt)).toBe(canonicalJson({ v: 1, index, sequencedAt, event }));
      }
    }
  });

  it('refuses an index that is not a whole number', () => {
    expect(() => logEntryText('{}', -1, '2026-12-03T10:00:00.000Z')).toThrow(/index/);
    expect(() => logEntryText('{}', 1.5, '2026-12-03T10:00:00.000Z')).toThrow(/index/);
  });
});
