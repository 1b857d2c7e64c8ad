import { useCallback, useState } from 'react';
import { can, MAX_PIPELINE_SHARDS, type LabelConfig, type PipelineDryRunDto, type ProjectDto } from '@yungang/core';
import { jobsApi } from '../api/jobs-api.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useSession } from '../session/session.tsx';
import { JobList } from './JobList.tsx';
import { operatorRows } from './job-view.ts';
import { SynthesisPanel } from './SynthesisPanel.tsx';
import { audioMeasures, formatLine, spanLine, type AudioPreview } from './audio-preview.ts';
import './pipelines.css';

/** A starting point that shows the shape; docs/pipelines.md lists every operator and option. */
export const EXAMPLE_SPEC = `name: clean-text
operators:
  - op: strip            # control characters and HTML
  - op: normalize        # NFKC, full-width -> half-width
  - op: pii              # mask personal data; drop records with ID numbers
    types: { id-card: drop }
  - op: length-filter
    min: 2
  - op: exact-dedup
  - op: near-dedup
    threshold: 0.8
`;

/** The image operators (docs/pipelines.md, "Image operators"), offered first on image projects. */
export const EXAMPLE_IMAGE_SPEC = `name: clean-images
operators:
  - op: image-validate        # drop files that do not decode
  - op: image-orient          # apply EXIF orientation to the pixels
  - op: image-strip-metadata  # no EXIF/GPS in the output
  - op: image-near-dedup      # pHash within 10 bits of an earlier image
    maxDistance: 10
  - op: blur-filter
    minSharpness: 30
  - op: exposure-filter
    min: 0.1
    max: 0.9
  - op: image-resize
    maxSide: 2048
`;

/** The audio operators (docs/pipelines.md, "Audio operators"), offered first on audio projects. */
export const EXAMPLE_AUDIO_SPEC = `name: clean-recordings
operators:
  - op: audio-validate        # drop files that do not decode
  - op: clipping-filter       # over 1 % of samples at full scale
  - op: silence-filter        # over 80 % of 20 ms frames below -40 dBFS
  - op: snr-filter
    minSnr: 15
  - op: audio-transcode       # 16 kHz mono WAV
  - op: loudness-normalize    # -23 LUFS (EBU R 128)
  - op: vad-split             # one task per utterance
`;

/**
 * Preprocessing of a project's tasks (docs/pipelines.md): write the pipeline in YAML or JSON, try it on
 * a sample (per-operator counts, before/after), then run it over every task as a background job whose
 * output becomes a new project; the jobs list follows its progress.
 */
export function PipelineTab({ project }: { project: ProjectDto }) {
  const { t } = useI18n();
  const { api, org } = useSession();
  const mayRun = org ? can(org.role, 'task.import') && can(org.role, 'project.write') : false;
  const images = (project.labelConfig as unknown as LabelConfig).fields.some((f) => f.type === 'image');
  const audio = !images && (project.labelConfig as unknown as LabelConfig).fields.some((f) => f.type === 'audio');
  const [spec, setSpec] = useState(images ? EXAMPLE_IMAGE_SPEC : audio ? EXAMPLE_AUDIO_SPEC : EXAMPLE_SPEC);
  const [sample, setSample] = useState(images || audio ? 12 : 50);
  const [dry, setDry] = useState<PipelineDryRunDto | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [started, setStarted] = useState(0);
  // Several workers (`yungang worker`) can share one run: the server splits it at its first dedup (docs/pipelines.md).
  const [shards, setShards] = useState(1);

  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const tryIt = () => act(async () => setDry(await jobsApi.dryRun(api, project.id, { spec, sample })));
  const runIt = () =>
    act(async () => {
      await jobsApi.runPipeline(api, project.id, { spec, ...(shards > 1 ? { shards } : {}) });
      setStarted((n) => n + 1);
    });

  return (
    <div className="pipeline-tab" data-testid="pipeline-tab">
      <p className="muted">{t('pipeline.intro')}</p>
      <section className="panel form">
        <h2 className="panel-title">{t('pipeline.specTitle')}</h2>
        <textarea className="code-input" rows={14} spellCheck={false} value={spec} onChange={(e) => setSpec(e.target.value)} aria-label={t('pipeline.specTitle')} data-testid="pipeline-spec" />
        <div className="row-gap">
          <label className="inline-field">
            {t('pipeline.sample')}
            <input type="number" min={1} max={500} value={sample} onChange={(e) => setSample(Math.max(1, Math.min(500, Number(e.target.value) || 1)))} data-testid="pipeline-sample" />
          </label>
          <button type="button" className="btn" disabled={busy} onClick={() => void tryIt()} data-testid="pipeline-dry-run">
            {t('pipeline.dryRun')}
          </button>
          {mayRun ? (
            <>
              <label className="inline-field" title={t('pipeline.shardsHint')}>
                {t('pipeline.shards')}
                <input type="number" min={1} max={MAX_PIPELINE_SHARDS} value={shards} onChange={(e) => setShards(Math.max(1, Math.min(MAX_PIPELINE_SHARDS, Math.trunc(Number(e.target.value)) || 1)))} data-testid="pipeline-shards" />
              </label>
              <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void runIt()} data-testid="pipeline-run">
                {t('pipeline.run')}
              </button>
            </>
          ) : null}
        </div>
        <p className="muted small">{t('pipeline.runHint')}</p>
        <ErrorMessage error={error} />
      </section>
      {dry ? <DryRunResult result={dry} /> : null}
      {!audio && mayRun ? <ImportPipelinePanel projectId={project.id} spec={spec} /> : null}
      {mayRun ? <SynthesisPanel project={project} onStarted={() => setStarted((n) => n + 1)} /> : null}
      <JobList projectId={project.id} refreshKey={started} canCancel={mayRun} />
    </div>
  );
}

function DryRunResult({ result }: { result: PipelineDryRunDto }) {
  const { t } = useI18n();
  const rows = operatorRows(result.stats);
  const touched = result.records.filter((r) => r.status !== 'kept');
  return (
    <section className="panel" data-testid="pipeline-dry-result">
      <h2 className="panel-title">{t('pipeline.dryTitle', { n: result.records.length })}</h2>
      <table className="data-table compact">
        <thead>
          <tr>
            <th>#</th>
            <th>{t('pipeline.operator')}</th>
            <th>{t('pipeline.kept')}</th>
            <th>{t('pipeline.changed')}</th>
            <th>{t('pipeline.dropped')}</th>
            <th>{t('pipeline.skipped')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i} data-testid="pipeline-operator-row">
              <td>{i + 1}</td>
              <td>
                <code>{row.op}</code> <span className="muted small">{row.field}</span>
              </td>
              <td>{row.kept}</td>
              <td>{row.changed}</td>
              <td>{row.dropped}</td>
              <td>{row.skipped}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('pipeline.examples')}</h3>
      {touched.length === 0 ? <p className="muted">{t('pipeline.noChanges')}</p> : null}
      <ul className="pipeline-examples">
        {touched.slice(0, 20).map((r) => (
          <li key={r.taskId} data-testid="pipeline-example" data-status={r.status}>
            <span className={`badge badge-${r.status}`}>{t(`pipeline.status.${r.status}`)}</span> <span className="muted small">#{r.taskId}</span>
            {r.image ? <ImageBeforeAfter image={r.image} /> : r.audio ? <AudioBeforeAfter audio={r.audio} /> : <pre className="pipeline-before">{JSON.stringify(r.before)}</pre>}
            {r.status === 'dropped' ? <div className="small">{t('pipeline.droppedBy', { reason: describeDrop(r.droppedBy) })}</div> : r.image || r.audio ? null : <pre className="pipeline-after">{JSON.stringify(r.after)}</pre>}
          </li>
        ))}
      </ul>
    </section>
  );
}

function describeDrop(droppedBy: unknown): string {
  if (typeof droppedBy !== 'object' || droppedBy === null) return '';
  const d = droppedBy as { op?: unknown; reason?: unknown };
  return `${String(d.op ?? '')}: ${String(d.reason ?? '')}`;
}

type ImagePreview = NonNullable<PipelineDryRunDto['records'][number]['image']>;

/** Before and after thumbnails of an image operator's sample, with what it measured. */
function ImageBeforeAfter({ image }: { image: ImagePreview }) {
  const { t } = useI18n();
  const exposure = image.scores.exposure as { mean?: number } | undefined;
  return (
    <div className="pipeline-images" data-testid="pipeline-image-preview">
      {image.before ? <img src={image.before} alt={t('pipeline.image.before')} title={t('pipeline.image.before')} /> : null}
      {image.after ? <img src={image.after} alt={t('pipeline.image.after')} title={t('pipeline.image.after')} /> : null}
      <span className="muted small">
        {image.width !== undefined ? `${image.width}×${image.height} ` : ''}
        {image.scores.sharpness !== undefined ? `${t('pipeline.image.sharpness')} ${image.scores.sharpness.toFixed(1)} ` : ''}
        {exposure?.mean !== undefined ? `${t('pipeline.image.brightness')} ${exposure.mean.toFixed(2)} ` : ''}
        {image.scores.perceptualHash ? `pHash ${image.scores.perceptualHash} ` : ''}
        {image.scores.faces !== undefined ? t('pipeline.image.faces', { n: image.scores.faces }) : ''}
      </span>
    </div>
  );
}

/** A recording's format before and after (one line per utterance after a vad-split), with what the operators measured. */
function AudioBeforeAfter({ audio }: { audio: AudioPreview }) {
  const { t } = useI18n();
  const m = audioMeasures(audio.scores);
  return (
    <div className="small" data-testid="pipeline-audio-preview">
      <div>
        {t('pipeline.image.before')}: {formatLine(audio.before)}
      </div>
      {audio.after.length > 1 ? <div>{t('pipeline.audio.utterances', { n: audio.after.length })}</div> : null}
      {audio.after.slice(0, 10).map((a, i) => (
        <div key={i}>
          {t('pipeline.image.after')}: {spanLine(a)} {formatLine(a)} {a.changedBy.length > 0 ? <span className="muted">[{a.changedBy.join(', ')}]</span> : null}
        </div>
      ))}
      <span className="muted">
        {m.clipped ? `${t('pipeline.audio.clipped')} ${m.clipped} ` : ''}
        {m.silence ? `${t('pipeline.audio.silence')} ${m.silence} ` : ''}
        {m.snr ? `${m.snr} ` : ''}
        {m.loudness ?? ''}
      </span>
    </div>
  );
}

/** The project's import pipeline (docs/pipelines.md, "On import"): the spec above, applied to every later import. */
function ImportPipelinePanel({ projectId, spec }: { projectId: string; spec: string }) {
  const { t } = useI18n();
  const { api } = useSession();
  const load = useCallback(() => jobsApi.importPipeline(api, projectId), [api, projectId]);
  const { data, error: loadError, reload } = useLoad(load);
  const [error, setError] = useState<unknown>(null);
  const act = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
      reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section className="panel" data-testid="import-pipeline">
      <h2 className="panel-title">{t('pipeline.onImport.title')}</h2>
      <p className="muted small">{t('pipeline.onImport.help')}</p>
      <ErrorMessage error={loadError ?? error} />
      {data?.spec ? (
        <>
          <p data-testid="import-pipeline-active">{t('pipeline.onImport.active', { by: data.updatedBy ?? '', at: data.updatedAt ? new Date(data.updatedAt).toLocaleString() : '' })}</p>
          <ol className="small" data-testid="import-pipeline-operators">
            {((data.spec as { operators?: unknown[] }).operators ?? []).map((op, i) => (
              <li key={i}>
                <code>{JSON.stringify(op)}</code>
              </li>
            ))}
          </ol>
        </>
      ) : (
        <p className="muted" data-testid="import-pipeline-none">{t('pipeline.onImport.none')}</p>
      )}
      <div className="row-gap">
        <button type="button" className="btn" onClick={() => void act(() => jobsApi.setImportPipeline(api, projectId, spec))} data-testid="import-pipeline-set">
          {t('pipeline.onImport.set')}
        </button>
        {data?.spec ? (
          <button type="button" className="btn btn-danger" onClick={() => void act(() => jobsApi.removeImportPipeline(api, projectId))} data-testid="import-pipeline-remove">
            {t('pipeline.onImport.remove')}
          </button>
        ) : null}
      </div>
    </section>
  );
}
