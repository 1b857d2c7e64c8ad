// Synthetic annotators work through the real HTTP workflow on a hidden truth set (3-class text
// classification): overlap 3, every disagreement adjudicated by an expert, the frozen dataset version
// inspected by a perfect inspector. Reports the delivered accuracy against the truth, the platform's own
// estimate (the inspection's Wilson 95 % interval) and whether it covers the truth, and the cost.
// Usage: node bench/quality-sim.mjs [runs=50] [items=150] [accuracy=0.85] [expert=0.99] [inspect=60] [postgres://admin-url]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { seededRandom, textClassificationTemplate } from '../packages/core/dist/index.js';
import { startServer } from '../packages/server/dist/index.js';
import { createScratchDatabase } from './scratch-database.mjs';

const args = process.argv.slice(2);
const adminUrl = args.find((a) => a.startsWith('postgres://'));
const [runs = 50, items = 150, accuracy = 0.85, expert = 0.99, inspect = 60] = args.filter((a) => !a.startsWith('postgres://')).map(Number);
const CLASSES = ['positive', 'negative', 'neutral'];
const dir = await mkdtemp(join(tmpdir(), 'yungang-quality-sim-'));
const scratch = adminUrl ? await createScratchDatabase(adminUrl) : undefined;
const server = await startServer({ port: 0, host: '127.0.0.1', dataDir: join(dir, 'data'), databaseUrl: scratch?.url, demo: false, logLevel: 'warn', env: {} });

try {
  const s = server.services;
  const { userId, orgId } = await s.auth.createUser({ email: 'owner@sim', password: 'sim-password', orgName: 'Sim', role: 'owner' });
  const ownerCtx = { caller: { userId, email: 'owner@sim', name: 'owner' }, orgId, role: 'owner' };
  const token = async (email, role) => {
    const m = await s.orgs.addMember(ownerCtx, { email, role, password: 'sim-password' });
    return (await s.auth.createToken(m.user.id, 'sim')).token;
  };
  const owner = (await s.auth.createToken(userId, 'sim')).token;
  const annotators = [await token('a1@sim', 'annotator'), await token('a2@sim', 'annotator'), await token('a3@sim', 'annotator')];
  const adjudicator = await token('expert@sim', 'reviewer');
  const inspector = await token('inspector@sim', 'reviewer');
  const call = async (tok, method, path, body, raw = false) => {
    const res = await fetch(server.url + '/api/v1' + path, {
      method,
      headers: { authorization: `Bearer ${tok}`, ...(body !== undefined ? { 'content-type': typeof body === 'string' ? 'application/x-ndjson' : 'application/json' } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return raw ? new Uint8Array(await res.arrayBuffer()) : res.json();
  };
  const answer = (truth, p, rnd) => (rnd() < p ? truth : CLASSES.filter((c) => c !== truth)[Math.floor(rnd() * (CLASSES.length - 1))]);
  const result = (c) => [{ id: 'r', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: [c] } }];

  const outcomes = [];
  for (let run = 0; run < runs; run++) {
    const rnd = seededRandom(1000 + run);
    const truth = Array.from({ length: items }, () => CLASSES[Math.floor(rnd() * CLASSES.length)]);
    const project = await call(owner, 'POST', '/projects', { name: `sim ${run}`, labelConfig: textClassificationTemplate, overlap: 3, qualityPolicy: { adjudicationThreshold: 1 } });
    await call(owner, 'POST', `/projects/${project.id}/import?format=jsonl`, truth.map((_, i) => JSON.stringify({ text: `样本 ${i}` })).join('\n'));
    const truthOf = (data) => truth[Number(String(data.text).split(' ')[1])];

    let annotations = 0;
    await Promise.all(
      annotators.map(async (tok, k) => {
        const own = seededRandom(run * 10 + k);
        for (;;) {
          const next = await call(tok, 'POST', `/projects/${project.id}/next`);
          if (!next.assignment) return;
          await call(tok, 'POST', `/assignments/${next.assignment.id}/annotations`, { result: result(answer(truthOf(next.task.data), accuracy, own)) });
          annotations++;
        }
      }),
    );
    let adjudications = 0;
    const expertRnd = seededRandom(run * 10 + 7);
    for (;;) {
      const next = await call(adjudicator, 'POST', `/projects/${project.id}/adjudication/next`);
      if (!next.item) break;
      await call(adjudicator, 'PUT', `/tasks/${next.item.task.id}/adjudication`, { result: result(answer(truthOf(next.item.task.data), expert, expertRnd)) });
      adjudications++;
    }

    const version = await call(owner, 'POST', `/projects/${project.id}/dataset-versions`, { name: `sim ${run}` });
    const bundle = unzipSync(await call(owner, 'GET', `/dataset-versions/${version.id}/bundle`, undefined, true));
    const records = new TextDecoder().decode(bundle['data/records.jsonl']).trim().split('\n').map((l) => JSON.parse(l));
    const delivered = records.filter((r) => r.label.result[0]?.value.choices[0] === truthOf(r.data)).length / records.length;

    const inspection = await call(owner, 'POST', `/dataset-versions/${version.id}/inspections`, { sampleSize: inspect });
    let estimate = inspection;
    for (;;) {
      const next = await call(inspector, 'POST', `/inspections/${inspection.id}/next`);
      if (!next.item) break;
      const right = next.item.label.result[0]?.value.choices[0] === truthOf(next.item.data);
      estimate = await call(inspector, 'POST', `/inspection-items/${next.item.id}`, right ? { correct: true } : { correct: false, comment: 'wrong label' });
    }
    const covered = estimate.lower <= delivered && delivered <= estimate.upper;
    outcomes.push({ delivered, estimate: estimate.estimate, lower: estimate.lower, upper: estimate.upper, covered, cost: (annotations + adjudications) / items });
    console.error(`run ${run + 1}/${runs}: delivered ${(delivered * 100).toFixed(1)}%, estimate ${(estimate.estimate * 100).toFixed(1)}% [${(estimate.lower * 100).toFixed(1)}, ${(estimate.upper * 100).toFixed(1)}] ${covered ? 'covers' : 'MISSES'}, ${((annotations + adjudications) / items).toFixed(2)} judgements/item`);
  }
  const mean = (f) => outcomes.reduce((a, o) => a + f(o), 0) / outcomes.length;
  const report = {
    backend: scratch ? 'postgres' : 'pglite',
    runs,
    items,
    annotators: 3,
    annotatorAccuracy: accuracy,
    adjudicatorAccuracy: expert,
    inspectionSample: inspect,
    deliveredAccuracyMean: +mean((o) => o.delivered).toFixed(4),
    deliveredAccuracyMin: +Math.min(...outcomes.map((o) => o.delivered)).toFixed(4),
    intervalCoverage: +mean((o) => (o.covered ? 1 : 0)).toFixed(3),
    judgementsPerItem: +mean((o) => o.cost).toFixed(3),
    floors: { deliveredAccuracy: 0.97, intervalCoverage: 0.9 },
  };
  report.floorsMet = report.deliveredAccuracyMean >= 0.97 && report.intervalCoverage >= 0.9;
  console.log(JSON.stringify(report));
  if (!report.floorsMet) process.exitCode = 1;
} finally {
  await server.close();
  await scratch?.drop();
  await rm(dir, { recursive: true, force: true });
}
