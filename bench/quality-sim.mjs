// Synthetic annotators work through the real HTTP workflow on a hidden truth set: 3-class text
// classification, Chinese NER or Mandarin transcription (bench/quality-sim-tasks.mjs). Overlap 3; tasks
// whose annotators agree less than the threshold are adjudicated by an expert; the rest get the platform's
// own vote (plurality, span vote, character ROVER). The frozen dataset version is inspected by a perfect
// inspector (a record is right when it equals the truth exactly). Reports the delivered accuracy against
// the truth, the inspection's Wilson 95 % interval and whether it covers the truth, span F1 or CER, and the
// cost in judgements per item.
// Usage: node bench/quality-sim.mjs [runs=50] [items=150] [accuracy=0.85] [expert=0.99] [inspect=60]
//        [task=classification|ner|transcript] [adjudicate=<agreement threshold, default 1>] [postgres://admin-url]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { seededRandom } from '../packages/core/dist/index.js';
import { startServer } from '../packages/server/dist/index.js';
import { createScratchDatabase } from './scratch-database.mjs';
import { TASKS } from './quality-sim-tasks.mjs';

const args = process.argv.slice(2);
const adminUrl = args.find((a) => a.startsWith('postgres://'));
const named = Object.fromEntries(args.filter((a) => a.includes('=') && !a.startsWith('postgres://')).map((a) => a.split('=')));
const [runs = 50, items = 150, accuracy = 0.85, expert = 0.99, inspect = 60] = args.filter((a) => !a.startsWith('postgres://') && !a.includes('=')).map(Number);
const taskName = named.task ?? 'classification';
const family = TASKS[taskName];
if (!family) throw new Error(`task=${taskName}: use one of ${Object.keys(TASKS).join(', ')}`);
const threshold = Number(named.adjudicate ?? 1);
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

  const outcomes = [];
  for (let run = 0; run < runs; run++) {
    const rnd = seededRandom(1000 + run);
    const made = Array.from({ length: items }, (_, i) => family.make(i, rnd));
    const project = await call(owner, 'POST', '/projects', { name: `sim ${run}`, labelConfig: family.config, overlap: 3, qualityPolicy: { adjudicationThreshold: threshold } });
    await call(owner, 'POST', `/projects/${project.id}/import?format=jsonl`, made.map((m) => JSON.stringify(m.data)).join('\n'));
    // Each item's data is unique, so it finds its truth.
    const byData = new Map(made.map((m) => [JSON.stringify(m.data), m.truth]));
    const truthOf = (data) => byData.get(JSON.stringify(Object.fromEntries(Object.keys(made[0].data).map((k) => [k, data[k]]))));

    let annotations = 0;
    await Promise.all(
      annotators.map(async (tok, k) => {
        const own = seededRandom(run * 10 + k);
        for (;;) {
          const next = await call(tok, 'POST', `/projects/${project.id}/next`);
          if (!next.assignment) return;
          await call(tok, 'POST', `/assignments/${next.assignment.id}/annotations`, { result: family.answer(truthOf(next.task.data), accuracy, own, next.task.data) });
          annotations++;
        }
      }),
    );
    let adjudications = 0;
    const expertRnd = seededRandom(run * 10 + 7);
    for (;;) {
      const next = await call(adjudicator, 'POST', `/projects/${project.id}/adjudication/next`);
      if (!next.item) break;
      await call(adjudicator, 'PUT', `/tasks/${next.item.task.id}/adjudication`, { result: family.answer(truthOf(next.item.task.data), expert, expertRnd, next.item.task.data) });
      adjudications++;
    }

    const version = await call(owner, 'POST', `/projects/${project.id}/dataset-versions`, { name: `sim ${run}` });
    const bundle = unzipSync(await call(owner, 'GET', `/dataset-versions/${version.id}/bundle`, undefined, true));
    const records = new TextDecoder().decode(bundle['data/records.jsonl']).trim().split('\n').map((l) => JSON.parse(l));
    const scored = records.map((r) => ({ truth: truthOf(r.data), result: r.label.result }));
    const delivered = scored.filter((r) => family.exact(r.result, r.truth)).length / records.length;
    const measures = family.score(scored);

    const inspection = await call(owner, 'POST', `/dataset-versions/${version.id}/inspections`, { sampleSize: inspect });
    let estimate = inspection;
    for (;;) {
      const next = await call(inspector, 'POST', `/inspections/${inspection.id}/next`);
      if (!next.item) break;
      const right = family.exact(next.item.label.result, truthOf(next.item.data));
      estimate = await call(inspector, 'POST', `/inspection-items/${next.item.id}`, right ? { correct: true } : { correct: false, comment: 'wrong label' });
    }
    // Wilson bounds at 0 % or 100 % are exact only up to rounding: compare with a hair of slack.
    const covered = estimate.lower - 1e-9 <= delivered && delivered <= estimate.upper + 1e-9;
    outcomes.push({ delivered, estimate: estimate.estimate, lower: estimate.lower, upper: estimate.upper, covered, cost: (annotations + adjudications) / items, ...measures });
    const extra = Object.entries(measures).map(([k, v]) => `${k} ${(v * 100).toFixed(2)}%, `).join('');
    console.error(`run ${run + 1}/${runs}: ${extra}delivered ${(delivered * 100).toFixed(1)}%, estimate ${(estimate.estimate * 100).toFixed(1)}% [${(estimate.lower * 100).toFixed(1)}, ${(estimate.upper * 100).toFixed(1)}] ${covered ? 'covers' : 'MISSES'}, ${((annotations + adjudications) / items).toFixed(2)} judgements/item`);
  }
  const mean = (f) => outcomes.reduce((a, o) => a + f(o), 0) / outcomes.length;
  const report = {
    backend: scratch ? 'postgres' : 'pglite',
    task: taskName,
    adjudicationThreshold: threshold,
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
  };
  // The floors: classification accuracy ≥ 97 %, transcript CER ≤ 3 %, and in every task the
  // inspection's interval covering the truth in ≥ 90 % of runs. NER has no floor of its own: its F1 is reported.
  if (taskName === 'ner') report.spanF1Mean = +mean((o) => o.spanF1).toFixed(4);
  if (taskName === 'transcript') {
    report.cerMean = +mean((o) => o.cer).toFixed(4);
    report.cerMax = +Math.max(...outcomes.map((o) => o.cer)).toFixed(4);
  }
  report.floors = { intervalCoverage: 0.9, ...(taskName === 'classification' ? { deliveredAccuracy: 0.97 } : {}), ...(taskName === 'transcript' ? { cer: 0.03 } : {}) };
  report.floorsMet =
    report.intervalCoverage >= 0.9 && (taskName !== 'classification' || report.deliveredAccuracyMean >= 0.97) && (taskName !== 'transcript' || report.cerMean <= 0.03);
  console.log(JSON.stringify(report));
  if (!report.floorsMet) process.exitCode = 1;
} finally {
  await server.close();
  await scratch?.drop();
  await rm(dir, { recursive: true, force: true });
}
