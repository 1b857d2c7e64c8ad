import type { AnnotationFormat, ClipsExportFormat, ProjectDto, TrainingExportFormat } from '@yungang/core';
import { checkLabelConfig } from '../config-editor/config-check.ts';
import { useT } from '../i18n/i18n.tsx';
import { useApi } from '../session/session.tsx';

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
