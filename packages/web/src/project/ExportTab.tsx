import { useState } from 'react';
import { can, type AnnotationFormat, type ClipsExportFormat, type ProjectDto, type TrainingExportFormat } from '@yungang/core';
import { jobsApi } from '../api/jobs-api.ts';
import { checkLabelConfig } from '../config-editor/config-check.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useT } from '../i18n/i18n.tsx';
import { JobList } from '../pipelines/JobList.tsx';
import { useApi, useSession } from '../session/session.tsx';

interface DownloadFormat {
  format: AnnotationFormat | ClipsExportFormat | TrainingExportFormat;
  title: string;
  ext: string;
  /** The hf zip's files (JSON Lines by default; `both` adds Parquet, which its dataset card then points at). */
  files?: 'parquet' | 'both';
}

/** Other tools' formats for image projects, with the file each download gives. */
const IMAGE_FORMATS: readonly DownloadFormat[] = [
  { format: 'coco', title: 'COCO', ext: 'json' },
  { format: 'yolo', title: 'YOLO', ext: 'zip' },
  { format: 'voc', title: 'Pascal VOC', ext: 'zip' },
  { format: 'cvat', title: 'CVAT 1.1', ext: 'xml' },
  { format: 'labelstudio', title: 'Label Studio', ext: 'json' },
];

/** Speech corpora of audio projects (docs/formats.md, Speech corpora), with the file each download gives. */
const SPEECH_FORMATS: readonly DownloadFormat[] = [
  { format: 'kaldi', title: 'Kaldi', ext: 'zip' },
  { format: 'wenet', title: 'WeNet data.list', ext: 'list' },
  { format: 'nemo', title: 'NeMo manifest', ext: 'json' },
  // One 16 kHz WAV per delivered segment, with manifest.jsonl and transcripts.txt.
  { format: 'clips', title: 'Segmented clips (WAV + manifest)', ext: 'zip' },
];

/** Track formats of video projects (docs/formats.md, Video tracks): MOT sequences and CVAT for video (one XML, or a zip of one per video). */
const VIDEO_FORMATS: readonly DownloadFormat[] = [
  { format: 'mot', title: 'MOTChallenge', ext: 'zip' },
  { format: 'cvatvideo', title: 'CVAT for video 1.1', ext: 'zip' },
];

/** Training data of dialogue projects (docs/llm-data.md), with the file each download gives. */
const DIALOGUE_FORMATS: readonly DownloadFormat[] = [
  { format: 'sft', title: 'SFT (OpenAI chat)', ext: 'jsonl' },
  { format: 'preference', title: 'DPO / RLHF pairs', ext: 'jsonl' },
  { format: 'ranking', title: 'Ranking', ext: 'jsonl' },
  { format: 'reward', title: 'Reward scores', ext: 'jsonl' },
];
/** Grounded question–answer pairs (SQuAD-shaped JSONL). */
const QA_FORMATS: readonly DownloadFormat[] = [{ format: 'qa', title: 'QA (SQuAD)', ext: 'jsonl' }];
/** The Hugging Face datasets folder of either kind of project, with JSON Lines or also Parquet. */
const HF_FORMATS: readonly DownloadFormat[] = [
  { format: 'hf', title: 'Hugging Face datasets', ext: 'zip' },
  { format: 'hf', title: 'Hugging Face datasets (Parquet)', ext: 'zip', files: 'both' },
];

export function ExportTab({ project, hasImages }: { project: ProjectDto; hasImages: boolean }) {
  const check = checkLabelConfig(project.labelConfig);
  const hasDialogue = check.ok && check.config.fields.some((f) => f.type === 'dialogue');
  const hasAudio = check.ok && check.config.fields.some((f) => f.type === 'audio');
  const hasVideo = check.ok && check.config.fields.some((f) => f.type === 'video');
  const hasQa = check.ok && check.config.controls.some((c) => c.type === 'groundedqa');
  const training = [...(hasDialogue ? DIALOGUE_FORMATS : []), ...(hasQa ? QA_FORMATS : []), ...(hasDialogue || hasQa ? HF_FORMATS : [])];
  const t = useT();
  const api = useApi();
  const base = project.name.replace(/[\\/:*?"<>|\s]+/g, '_') || 'export';
  return (
    <div className="panel">
      <p className="muted">{t('export.help', { count: project.stats.annotations })}</p>
      <div className="export-options">
        <div className="export-option">
          <h3>JSONL</h3>
          <p className="muted small">{t('export.jsonlHelp')}</p>
          <a className="btn btn-primary" href={api.exportUrl(project.id, 'jsonl', project.orgId)} download={`${base}.jsonl`} data-testid="export-jsonl">
            {t('export.download', { format: 'JSONL' })}
          </a>
        </div>
        <div className="export-option">
          <h3>CSV</h3>
          <p className="muted small">{t('export.csvHelp')}</p>
          <a className="btn" href={api.exportUrl(project.id, 'csv', project.orgId)} download={`${base}.csv`} data-testid="export-csv">
            {t('export.download', { format: 'CSV' })}
          </a>
        </div>
      </div>
      {hasImages ? <FormatGroup title={t('export.imageFormats')} help={t('export.imageFormatsHelp')} formats={IMAGE_FORMATS} project={project} base={base} /> : null}
      {hasAudio ? <FormatGroup title={t('export.speechFormats')} help={t('export.speechFormatsHelp')} formats={SPEECH_FORMATS} project={project} base={base} /> : null}
      {hasVideo ? <FormatGroup title={t('export.videoFormats')} help={t('export.videoFormatsHelp')} formats={VIDEO_FORMATS} project={project} base={base} /> : null}
      {training.length > 0 ? <FormatGroup title={t('export.trainingFormats')} help={t('export.trainingFormatsHelp')} formats={training} project={project} base={base} /> : null}
      <BackgroundExport
        project={project}
        formats={[
          { format: 'jsonl', title: 'JSONL', ext: 'jsonl' },
          { format: 'csv', title: 'CSV', ext: 'csv' },
          ...(hasImages ? IMAGE_FORMATS : []),
          ...(hasAudio ? SPEECH_FORMATS : []),
          ...(hasVideo ? VIDEO_FORMATS : []),
          ...training,
        ]}
      />
    </div>
  );
}

/** Starts an export as a background job (docs/jobs.md, "Exports") and lists the project's jobs, whose finished exports have a download link. */
function BackgroundExport({ project, formats }: { project: ProjectDto; formats: readonly (Omit<DownloadFormat, 'format'> & { format: DownloadFormat['format'] | 'jsonl' | 'csv' })[] }) {
  const t = useT();
  const { api, org } = useSession();
  const [choice, setChoice] = useState(0);
  const [refreshKey, setRefreshKey] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const start = async () => {
    const f = formats[choice];
    if (!f) return;
    setError(null);
    try {
      await jobsApi.startExport(api, project.id, f.files ? { format: f.format, files: f.files } : { format: f.format });
      setRefreshKey((k) => k + 1);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div className="export-background">
      <h3>{t('export.background')}</h3>
      <p className="muted small">{t('export.backgroundHelp')}</p>
      <div className="row-gap">
        <label>
          {t('export.backgroundFormat')}{' '}
          <select value={choice} onChange={(e) => setChoice(Number(e.target.value))} data-testid="export-background-format">
            {formats.map((f, i) => (
              <option key={`${f.format}-${f.files ?? ''}`} value={i}>
                {f.title}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn btn-primary" onClick={() => void start()} data-testid="export-background-start">
          {t('export.backgroundStart')}
        </button>
      </div>
      <ErrorMessage error={error} />
      <JobList projectId={project.id} refreshKey={refreshKey} canCancel={org ? can(org.role, 'task.import') : false} />
    </div>
  );
}

/** One group of download links (a plain GET that the session cookie authenticates), one file per format. */
function FormatGroup({ title, help, formats, project, base }: { title: string; help: string; formats: readonly DownloadFormat[]; project: ProjectDto; base: string }) {
  const t = useT();
  const api = useApi();
  return (
    <>
      <h3>{title}</h3>
      <p className="muted small">{help}</p>
      <div className="row-gap">
        {formats.map((f) => (
          <a
            key={`${f.format}-${f.files ?? ''}`}
            className="btn"
            href={api.exportUrl(project.id, f.format, project.orgId, f.files)}
            download={`${base}-${f.format}${f.files ? `-${f.files}` : ''}.${f.ext}`}
            data-testid={`export-${f.format}${f.files ? `-${f.files}` : ''}`}
          >
            {t('export.download', { format: f.title })}
          </a>
        ))}
      </div>
    </>
  );
}
