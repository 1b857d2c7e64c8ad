// Catalog search at 100,000 dataset cards (issue 7, item 1): latency of the real HTTP search, with facets,
// as an organisation that sees some cards shared with it among many it does not.
// Usage: node bench/catalog-search.mjs [cards=100000] [postgres://admin-url]
// The cards are written below the API in batches (making 100,000 through publish-and-approve would measure
// that, not search), with the same search tokens the service writes (core `indexTokens`): titles and
// descriptions drawn from Chinese and English word lists, 25 owner organisations, visibility 60 % everyone,
// 20 % shared with chosen organisations, 20 % private. Then each query below runs REPEAT times.
// Figures: searchMs p50/p95/max per query kind and overall. Needs the built packages (npm install builds them).
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { indexTokens } from '../packages/core/dist/index.js';
import { startServer } from '../packages/server/dist/index.js';
import { createScratchDatabase } from './scratch-database.mjs';

const CARDS = Number(process.argv[2] ?? 100000);
const REPEAT = 30;
const scratch = process.argv[3] ? await createScratchDatabase(process.argv[3]) : undefined;
const dir = await mkdtemp(join(tmpdir(), 'yungang-bench-catalog-'));
const server = await startServer({ port: 0, host: '127.0.0.1', dataDir: join(dir, 'data'), databaseUrl: scratch?.url, demo: false, logLevel: 'warn', env: {} });

const ZH = ['城市', '交通', '路口', '拥堵', '医疗', '影像', '病历', '门诊', '教育', '课堂', '作文', '文旅', '景区', '导览', '制造', '质检', '缺陷', '能源', '电网', '巡检', '治理', '网格', '应急', '救援', '语音', '方言', '客服', '对话', '标注', '数据集'];
const EN = ['traffic', 'camera', 'intersection', 'medical', 'imaging', 'clinic', 'essay', 'tourism', 'defect', 'inspection', 'grid', 'emergency', 'speech', 'dialect', 'dialogue', 'dataset'];
const INDUSTRIES = ['transport', 'healthcare', 'education', 'culture_tourism', 'manufacturing', 'energy', 'city_governance', 'emergency_management', 'other'];
const MODALITIES = ['text', 'image', 'audio', 'video', 'multimodal'];
const LICENCES = ['cc-by-4.0', 'cc-by-nc-4.0', 'cc0-1.0', 'research-only', 'commercial', 'custom'];
let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = (list) => list[Math.floor(rnd() * list.length)];
const words = (n) => Array.from({ length: n }, () => (rnd() < 0.7 ? pick(ZH) : pick(EN))).join(rnd() < 0.5 ? '' : ' ');

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

try {
  const setup = await fetch(`${server.url}/api/v1/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'b@example.com', password: 'bench-password', name: 'B', orgName: '检索方' }) });
  const me = await setup.json();
  const cookie = setup.headers.get('set-cookie').split(';')[0];
  const viewer = me.orgs[0].id;
  const db = server.services.database;

  const t0 = performance.now();
  const owners = Array.from({ length: 25 }, (_, i) => ({ id: randomUUID(), name: `数据方 ${i + 1}` }));
  await db.system(async (tx) => {
    await tx.insertInto('organizations').values(owners).execute();
    const user = me.user.id;
    for (const org of owners) {
      const project = randomUUID();
      await tx.insertInto('projects').values({ id: project, org_id: org.id, name: 'bench', label_config: JSON.stringify({ version: 1, fields: [], controls: [] }), created_by: user }).execute();
      org.project = project;
    }
  });
  for (let done = 0; done < CARDS; ) {
    const n = Math.min(2000, CARDS - done);
    const versions = [];
    const cards = [];
    for (let i = 0; i < n; i++) {
      const org = owners[(done + i) % owners.length];
      const id = randomUUID();
      const title = words(2 + Math.floor(rnd() * 3));
      const description = words(12);
      const industry = pick(INDUSTRIES);
      const modality = pick(MODALITIES);
      const licence = pick(LICENCES);
      const roll = rnd();
      const visibility = roll < 0.6 ? 'everyone' : roll < 0.8 ? 'orgs' : 'private';
      const shared = visibility === 'orgs' ? (rnd() < 0.5 ? [viewer] : [owners[0].id]) : [];
      versions.push({ id, org_id: org.id, project_id: org.project, version: done + i + 1, name: title, item_count: 1000, items_root: 'r', data_sha256: 's', data_bytes: '1000' });
      cards.push({ id, org, title, description, industry, modality, licence, visibility, shared, tokens: indexTokens([title, description, org.name, industry, modality, licence].join('\n')) });
    }
    await db.system(async (tx) => {
      await tx.insertInto('dataset_versions').values(versions).execute();
      await sql`
        INSERT INTO catalog_cards (id, org_id, dataset_version_id, project_id, version, title, description, industry, modality, licence, item_count, data_bytes,
          label_schema, sample, items_root, data_sha256, status, visibility, shared_org_ids, search, published_at)
        SELECT (c->>'id')::uuid, (c->>'org')::uuid, (c->>'id')::uuid, (c->>'project')::uuid, (c->>'version')::int, c->>'title', c->>'description', c->>'industry',
          c->>'modality', c->>'licence', 1000, 1000, '[]', '[]', 'r', 's', 'published', c->>'visibility',
          ARRAY(SELECT jsonb_array_elements_text(c->'shared'))::uuid[], array_to_tsvector(ARRAY(SELECT jsonb_array_elements_text(c->'tokens'))), now() - ((c->>'version')::int * interval '1 second')
        FROM jsonb_array_elements(${JSON.stringify(cards.map((c, i) => ({ ...c, org: c.org.id, project: c.org.project, version: versions[i].version })))}::jsonb) AS c`.execute(tx);
    });
    done += n;
  }
  await db.system((tx) => sql`ANALYZE catalog_cards`.execute(tx));
  const loadSeconds = (performance.now() - t0) / 1000;

  const queries = {
    browse: '',
    chinese2: '?q=交通',
    chinese4: '?q=医疗影像',
    english: '?q=traffic',
    mixed: '?q=城市 camera',
    facet: '?q=巡检&industry=energy',
    deepPage: '?q=数据集&offset=2000&limit=20',
  };
  const perKind = {};
  const all = [];
  const totals = {};
  for (const [kind, query] of Object.entries(queries)) {
    const times = [];
    for (let i = 0; i < REPEAT + 2; i++) {
      const t = performance.now();
      const res = await fetch(`${server.url}/api/v1/catalog/cards${encodeURI(query)}`, { headers: { cookie } });
      const body = await res.json();
      const ms = performance.now() - t;
      if (res.status !== 200) throw new Error(`${kind}: ${res.status} ${JSON.stringify(body)}`);
      totals[kind] = body.total;
      if (i >= 2) times.push(ms); // the first two warm the caches
    }
    times.sort((a, b) => a - b);
    all.push(...times);
    perKind[kind] = { p50: Math.round(percentile(times, 50)), p95: Math.round(percentile(times, 95)), matches: totals[kind] };
  }
  all.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      backend: scratch ? 'postgres' : 'pglite',
      cards: CARDS,
      loadSeconds: Math.round(loadSeconds),
      searchMs: { p50: Math.round(percentile(all, 50)), p95: Math.round(percentile(all, 95)), max: Math.round(all[all.length - 1]) },
      perQuery: perKind,
    }),
  );
} finally {
  await server.close();
  await scratch?.drop();
  await rm(dir, { recursive: true, force: true });
}
