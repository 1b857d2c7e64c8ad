import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import {
  type LabelConfig,
  itemLabels,
  consistencyRate,
  evaluateConsistency,
  type ConsistencyVerdict,
  canonicalJson,
  classBalance,
  duplicateRate,
  estimateAccuracy,
  groupAgreement,
  krippendorffAlpha,
  labelDiversity,
  nearDuplicateRate,
  taskLabel,
  validateResult,
  type AnnotationResult,
  type QualityIndicatorDto,
  type QualityReportDto,
} from '@yungang/core';
import type { Database, Tx } from '../db/database.js';
import type { BlobStore } from '../blobs/blob-store.js';
import { annotationsOfTasks } from '../repositories/annotations.repository.js';
import { listDatasetVersions } from '../repositories/datasets.repository.js';
import { taskBatch } from '../repositories/tasks.repository.js';
import { requireProject } from './project.service.js';
import { requirePermission, type TenantContext } from './context.js';
import { lotsOf } from './review.service.js';
import { certifiedAnnotatorsCheck } from './certified-annotators-check.js';

const BATCH = 500;
/** Tasks whose annotators agree at least this much count as consistent (GB/T 36344 consistency). */
const CONSISTENT_AGREEMENT = 0.8;
const NEAR_DUPLICATE_TEXTS = 5000;
const NEAR_DUPLICATE_THRESHOLD = 0.9;
const AGREEMENT_UNITS = 5000;

type Rate = QualityReportDto['labelAccuracy']['review'];

/**
 * The dataset quality report (docs/quality/report.md): GB/T 36344-2018 indicators as conforming /
 * evaluated counts, ISO/IEC 5259-2-style ML indicators of the delivered labels, label accuracy with its
 * Wilson 95 % bound, Krippendorff's α per choices control, process checks and the lot table. It reads the
 * project in keyset batches inside one repeatable-read snapshot, so its counts agree with each other.
 */
export class QualityReportService {
  constructor(
    private readonly database: Database,
    private readonly blobs: BlobStore,
  ) {}

  async report(ctx: TenantContext, projectId: string): Promise<QualityReportDto> {
    requirePermission(ctx, 'task.read');
    const gathered = await this.database.tenant(ctx, (tx) => this.gather(tx, projectId), { repeatableRead: true });
    const files = await Promise.all(gathered.files.map((sha) => this.blobs.has(sha)));
    const present = files.filter(Boolean).length;
    gathered.report.gbt36344.push(indicator('accessibility', present, files.length, 'stored files the data refers to (import originals, dataset snapshots) that are present and readable'));
    return gathered.report;
  }

  private async gather(tx: Tx, projectId: string): Promise<{ report: QualityReportDto; files: string[] }> {
    const project = await requireProject(tx, projectId);
    const config = project.config;
    const org = await tx.selectFrom('organizations').select('name').where('id', '=', project.org_id).executeTakeFirstOrThrow();
    const versions = await listDatasetVersions(tx, projectId);
    const newest = versions[0];

    let tasks = 0;
    let annotations = 0;
    let valid = 0;
    let labelled = 0;
    let overlapping = 0;
    let consistent = 0;
    const methods: Record<string, number> = {};
    const classCounts = new Map<string, Record<string, number>>(config.controls.filter((c) => c.type === 'choices').map((c) => [c.name, {}]));
    const labelsPerItem: string[][] = [];
    const rules = project.policy.consistencyRules;
    const verdicts: ConsistencyVerdict[] = [];
    const inconsistent: { taskId: string; problems: string[] }[] = [];
    const texts: string[] = [];
    const textField = config.fields.find((f) => f.type === 'text')?.name;
    const units = new Map<string, { task: string; byWorker: Map<string, string> }[]>([...classCounts.keys()].map((k) => [k, []]));
    let after: string | undefined;
    for (;;) {
      const batch = await taskBatch(tx, projectId, after, BATCH);
      if (batch.length === 0) break;
      after = batch[batch.length - 1]!.id;
      const rows = await annotationsOfTasks(tx, batch.map((t) => t.id));
      const adjudicated = await tx.selectFrom('adjudications').select(['task_id', 'result']).where('task_id', 'in', batch.map((t) => t.id)).where('status', '=', 'done').execute();
      const decided = new Map(adjudicated.map((a) => [a.task_id, a.result as AnnotationResult]));
      for (const task of batch) {
        tasks++;
        const mine = rows.filter((r) => r.task_id === task.id);
        annotations += mine.length;
        for (const a of mine) {
          try {
            validateResult(config, task.data, a.result);
            valid++;
          } catch {
            // A result that no longer fits the label config (it changed since) is not normative.
          }
        }
        const inputs = mine.filter((a) => a.review_status !== 'rejected').map((a) => ({ annotationId: a.id, version: a.version, worker: a.user_id, result: a.result as AnnotationResult }));
        const label = taskLabel(config, task.data, inputs, { gold: (task.gold as AnnotationResult | null | undefined) ?? null, adjudicated: decided.get(task.id) ?? null });
        methods[label.method] = (methods[label.method] ?? 0) + 1;
        if (label.method !== 'none') labelled++;
        if (inputs.length >= 2) {
          overlapping++;
          if (groupAgreement(config, inputs.map((i) => i.result)) >= CONSISTENT_AGREEMENT) consistent++;
        }
        const labels: string[] = [];
        for (const item of label.result) {
          const counts = item.type === 'choices' ? classCounts.get(item.from_name) : undefined;
          for (const c of itemLabels(item)) {
            if (counts) counts[c] = (counts[c] ?? 0) + 1;
            labels.push(`${item.from_name}:${c}`);
          }
        }
        if (label.method !== 'none') labelsPerItem.push(labels);
        // Gold tasks deliver the expected result, which is not the annotators' work: leave them out.
        if (rules.length > 0 && label.method !== 'none' && label.method !== 'gold') {
          const verdict = evaluateConsistency(rules, label.result);
          verdicts.push(verdict);
          if (!verdict.consistent && inconsistent.length < 100) inconsistent.push({ taskId: task.id, problems: verdict.rules.flatMap((v) => v.problems) });
        }
        const text = textField ? task.data[textField] : undefined;
        if (typeof text === 'string') texts.push(text);
        for (const [control, list] of units) {
          if (inputs.length < 2 || list.length >= AGREEMENT_UNITS) continue;
          const byWorker = new Map<string, string>();
          for (const i of inputs) {
            const chosen = i.result.flatMap((r) => (r.from_name === control && r.type === 'choices' ? r.value.choices : []));
            if (chosen.length > 0) byWorker.set(i.worker, JSON.stringify([...new Set(chosen)].sort()));
          }
          if (byWorker.size >= 2) list.push({ task: task.id, byWorker });
        }
      }
    }

    const review = await sql<{ accepted: number; rejected: number; self: number }>`
      SELECT count(*) FILTER (WHERE decision = 'accept')::int AS accepted, count(*) FILTER (WHERE decision = 'reject')::int AS rejected,
             count(*) FILTER (WHERE decision IN ('accept', 'reject') AND reviewer_id = annotator_id)::int AS self
      FROM review_queue WHERE project_id = ${projectId}`.execute(tx);
    const gold = await sql<{ passed: number; total: number }>`SELECT count(*) FILTER (WHERE passed)::int AS passed, count(*)::int AS total FROM gold_checks WHERE project_id = ${projectId}`.execute(tx);
    const timely = await sql<{ on_time: number; submitted: number }>`
      SELECT count(*) FILTER (WHERE finished_at <= expires_at)::int AS on_time, count(*)::int AS submitted
      FROM assignments WHERE project_id = ${projectId} AND status = 'submitted'`.execute(tx);
    const sources = await tx.selectFrom('imports').select('source_sha256').where('project_id', '=', projectId).where('source_sha256', 'is not', null).execute();
    const lots = await lotsOf(tx, projectId);
    const inspected = newest
      ? await sql<{ correct: number; total: number }>`
          SELECT count(*) FILTER (WHERE i.correct)::int AS correct, count(*) FILTER (WHERE i.status = 'done')::int AS total
          FROM inspection_items i JOIN inspections s ON s.id = i.inspection_id WHERE s.dataset_version_id = ${newest.id}`.execute(tx)
      : undefined;
    const ins = inspected?.rows[0] ?? { correct: 0, total: 0 };
    const r = review.rows[0] ?? { accepted: 0, rejected: 0, self: 0 };
    const g = gold.rows[0] ?? { passed: 0, total: 0 };
    const tm = timely.rows[0] ?? { on_time: 0, submitted: 0 };

    const dup = texts.length > 0 ? duplicateRate(texts) : undefined;
    const nearTexts = texts.slice(0, NEAR_DUPLICATE_TEXTS);
    const near = nearTexts.length > 0 ? nearDuplicateRate(nearTexts, { threshold: NEAR_DUPLICATE_THRESHOLD }) : undefined;
    const diversity = labelsPerItem.length > 0 ? labelDiversity(labelsPerItem) : undefined;

    const report: QualityReportDto = {
      identity: {
        projectId,
        projectName: project.name,
        organisation: org.name,
        generatedAt: new Date().toISOString(),
        tasks,
        annotations,
        labelConfigSha256: createHash('sha256').update(canonicalJson(config)).digest('hex'),
        datasetVersion: newest ? { id: newest.id, version: newest.version, name: newest.name, itemsRoot: newest.items_root, logIndex: newest.leaf_index === null ? null : Number(newest.leaf_index) } : null,
      },
      gbt36344: [
        indicator('normativeness', valid, annotations, 'annotation results that satisfy the project label configuration'),
        indicator('completeness', labelled, tasks, 'tasks with a delivered label (gold, adjudicated, single or majority)'),
        indicator('accuracy', r.accepted, r.accepted + r.rejected, 'reviewed submissions accepted by a reviewer'),
        indicator('consistency', consistent, overlapping, `tasks with two or more annotations whose mean pairwise agreement is at least ${CONSISTENT_AGREEMENT}`),
        indicator('timeliness', tm.on_time, tm.submitted, 'submissions made before their lease expired'),
      ],
      ml: {
        classBalance: [...classCounts].map(([control, counts]) => {
          const b = Object.keys(counts).length > 0 ? classBalance(counts) : undefined;
          return { control, counts, imbalanceRatio: finite(b?.imbalanceRatio), normalizedEntropy: finite(b?.normalizedEntropy), giniImpurity: finite(b?.giniImpurity) };
        }),
        labelDiversity: diversity ? { items: diversity.items, distinctLabels: diversity.distinctLabels, meanLabelsPerItem: diversity.meanLabelsPerItem, normalizedEntropy: finite(diversity.normalizedEntropy) } : null,
        duplicates: { total: dup?.total ?? 0, duplicates: dup?.duplicates ?? 0, rate: finite(dup?.rate) },
        nearDuplicates: { evaluated: near?.total ?? 0, duplicates: near?.duplicates ?? 0, rate: finite(near?.rate), threshold: NEAR_DUPLICATE_THRESHOLD },
      },
      labelAccuracy: { review: rate(r.accepted, r.accepted + r.rejected), gold: rate(g.passed, g.total), inspection: rate(ins.correct, ins.total) },
      agreement: [...units].map(([control, list]) => alphaOf(control, optionsOf(config, control), list)),
      crossModal: { rules: rules.length, ...consistencyRate(verdicts, project.policy.consistencyTarget), target: project.policy.consistencyTarget, inconsistent },
      labelMethods: methods,
      process: [
        r.accepted + r.rejected === 0
          ? { check: 'reviewer-is-not-annotator', status: 'not-evaluated', detail: 'no review decisions yet' }
          : { check: 'reviewer-is-not-annotator', status: r.self === 0 ? 'pass' : 'fail', detail: `${r.self} of ${r.accepted + r.rejected} decisions were made on the reviewer's own work` },
        project.policy.aql === null
          ? { check: 'acceptance-sampling', status: 'not-evaluated', detail: 'the project sets no AQL' }
          : {
              check: 'acceptance-sampling',
              status: lots.items.length > 0 && lots.items.every((l) => l.status !== 'inspecting') ? 'pass' : 'fail',
              detail: `${lots.items.length} lots, ${lots.items.filter((l) => l.status === 'inspecting').length} still inspecting; AQL ${project.policy.aql}, level ${project.policy.inspectionLevel}, now ${lots.severity}`,
            },
        await certifiedAnnotatorsCheck(tx, projectId),
        newest
          ? { check: 'dataset-version-logged', status: newest.leaf_index !== null ? 'pass' : 'fail', detail: `version ${newest.version} ${newest.leaf_index !== null ? `is entry ${newest.leaf_index} of the transparency log` : 'is not in the log yet'}` }
          : { check: 'dataset-version-logged', status: 'not-evaluated', detail: 'no dataset version yet' },
      ],
      lots: lots.items,
    };
    return { report, files: [...sources.map((s) => s.source_sha256!), ...versions.map((v) => v.data_sha256)] };
  }
}

function optionsOf(config: LabelConfig, control: string): string[] {
  const found = config.controls.find((c) => c.name === control);
  return found?.type === 'choices' ? found.options.map((o) => o.value) : [];
}

function indicator(name: QualityIndicatorDto['name'], conforming: number, evaluated: number, basis: string): QualityIndicatorDto {
  return { name, conforming, evaluated, rate: evaluated === 0 ? null : conforming / evaluated, basis };
}

function rate(correct: number, total: number): Rate {
  if (total === 0) return { correct, total, estimate: null, lower: null, upper: null };
  const e = estimateAccuracy({ correct, total, method: 'wilson' });
  return { correct, total, estimate: e.estimate, lower: e.lower, upper: e.upper };
}

function finite(n: number | undefined): number | null {
  return n === undefined || !Number.isFinite(n) ? null : n;
}

/**
 * Krippendorff's α (nominal) over coders × units for one choices control, and per option: the same data
 * reduced to "chose this option or not", which shows which categories annotators confuse. Null when α is
 * undefined (for example when every value is the same).
 */
function alphaOf(control: string, options: readonly string[], list: { task: string; byWorker: Map<string, string> }[]) {
  const workers = [...new Set(list.flatMap((u) => [...u.byWorker.keys()]))];
  if (list.length === 0 || workers.length < 2) return { control, krippendorffAlpha: null, units: list.length, annotators: workers.length, perLabel: Object.fromEntries(options.map((o) => [o, null])) };
  const data = workers.map((w) => list.map((u) => u.byWorker.get(w) ?? null));
  const perLabel = Object.fromEntries(
    options.map((option) => [option, safeAlpha(data.map((row) => row.map((v) => (v === null ? null : (JSON.parse(v) as string[]).includes(option) ? 'yes' : 'no'))))]),
  );
  return { control, krippendorffAlpha: safeAlpha(data), units: list.length, annotators: workers.length, perLabel };
}

function safeAlpha(data: (string | null)[][]): number | null {
  try {
    return finite(krippendorffAlpha(data, 'nominal'));
  } catch {
    return null;
  }
}
