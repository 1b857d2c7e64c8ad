// What writing the next-task answer costs (issue 10): building the route's serializer, its first answer and
// each answer after, with Fastify's default serializer on the schema as written and with ours
// (`packages/server/src/http/response-serializer.ts`, unions rewritten so no answer waits on Ajv).
// Usage: node bench/serializer-first-answer.mjs [answers=20000]. Needs the built packages.
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import { NextTaskDto } from '@yungang/core';
import { responseSerializerFactory } from '@yungang/server';

const answers = Number(process.argv[2] ?? 20_000);
const route = { method: 'POST', url: '/api/v1/projects/:id/next', httpStatus: '200', schema: NextTaskDto };
const projectId = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const body = {
  assignment: { id: '0b8a5a2e-3c1f-4f5e-9d41-6f1a2b3c4d5e', taskId: '42', projectId, status: 'active', expiresAt: new Date() },
  task: { id: '42', projectId, data: { text: '云冈石窟是中国规模最大的古代石窟群之一。'.repeat(5) }, status: 'open', createdAt: new Date(), annotations: [] },
  annotation: null,
};
const report = {};
for (const [name, factory] of [['default', SerializerSelector()], ['rewritten', responseSerializerFactory]]) {
  let t = performance.now();
  const serialize = factory({}, {})(route);
  const buildMs = performance.now() - t;
  t = performance.now();
  serialize(body);
  const firstMs = performance.now() - t;
  t = performance.now();
  for (let i = 0; i < answers; i++) serialize(body);
  const perAnswerUs = ((performance.now() - t) / answers) * 1000;
  report[name] = { buildMs: +buildMs.toFixed(1), firstMs: +firstMs.toFixed(1), perAnswerUs: +perAnswerUs.toFixed(2) };
}
console.log(JSON.stringify(report));
