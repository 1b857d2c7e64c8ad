import type { QualityReportDto } from '@yungang/core';
import { parse, required, optional, UsageError } from '../args.js';
import { fetchJson, remoteOf, remoteOptions, withDirect } from './remote.js';

export const qualityHelp = `yungang quality report --project ID [--json] (--url URL --token T | --as EMAIL)
  The dataset quality report of a project: GB/T 36344 indicators (conforming/evaluated), ML indicators,
  label accuracy with its Wilson 95% bound, Krippendorff's alpha, process checks and lots. --json prints
  the whole report (the same as GET /api/v1/projects/{id}/quality/report) for pipelines.`;

export async function quality(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'report') throw new UsageError(`unknown quality command "${sub ?? ''}": try "yungang quality report --project ID"`);
  const values = parse(rest, { ...remoteOptions, json: { type: 'boolean' } });
  const projectId = required(values, 'project');
  const remote = remoteOf(values);
  const report = remote
    ? await fetchJson<QualityReportDto>(remote, `/api/v1/projects/${encodeURIComponent(projectId)}/quality/report`, optional(values, 'org'))
    : await withDirect(values, (runtime, ctx) => runtime.services.qualityReports.report(ctx, projectId));
  if (values.json) {
    console.log(JSON.stringify(report, null, 2));
    return 0;
  }
  console.log(formatReport(report));
  return 0;
}

const pct = (n: number | null): string => (n === null ? '—' : `${(n * 100).toFixed(1)}%`);

/** The report as a few readable lines for a terminal. */
export function formatReport(r: QualityReportDto): string {
  const lines = [`Quality report: ${r.identity.projectName} (${r.identity.organisation}), ${r.identity.tasks} tasks, ${r.identity.annotations} annotations`];
  if (r.identity.datasetVersion) lines.push(`  dataset version ${r.identity.datasetVersion.version} "${r.identity.datasetVersion.name}", items root ${r.identity.datasetVersion.itemsRoot.slice(0, 16)}…`);
  lines.push('GB/T 36344 indicators:');
  for (const i of r.gbt36344) lines.push(`  ${i.name.padEnd(14)} ${String(i.conforming).padStart(7)} / ${String(i.evaluated).padEnd(7)} ${pct(i.rate).padStart(7)}  ${i.basis}`);
  const acc = r.labelAccuracy.review;
  lines.push(`Label accuracy (review): ${pct(acc.estimate)} [95% ${pct(acc.lower)} – ${pct(acc.upper)}] over ${acc.total}; gold ${pct(r.labelAccuracy.gold.estimate)} over ${r.labelAccuracy.gold.total}`);
  for (const a of r.agreement) lines.push(`Agreement ${a.control}: Krippendorff's alpha ${a.krippendorffAlpha === null ? '—' : a.krippendorffAlpha.toFixed(3)} (${a.units} tasks, ${a.annotators} annotators)`);
  lines.push(`Duplicates: ${pct(r.ml.duplicates.rate)} exact, ${pct(r.ml.nearDuplicates.rate)} near (of ${r.ml.nearDuplicates.evaluated})`);
  lines.push('Process:');
  for (const p of r.process) lines.push(`  ${p.status.padEnd(13)} ${p.check}: ${p.detail}`);
  if (r.lots.length > 0) {
    lines.push('Lots:');
    for (const l of r.lots) lines.push(`  #${l.number} size ${l.size}, ${l.codeLetter} n=${l.sampleSize} Ac ${l.accept}/Re ${l.reject} (${l.severity}): ${l.status}, ${l.nonconforming} nonconforming`);
  }
  return lines.join('\n');
}
