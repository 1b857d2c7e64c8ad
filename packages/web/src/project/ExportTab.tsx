import type { AnnotationFormat, ProjectDto, TrainingExportFormat } from '@yungang/core';
import { checkLabelConfig } from '../config-editor/config-check.ts';
import { useT } from '../i18n/i18n.tsx';
import { useApi } from '../session/session.tsx';

interface DownloadFormat {
  format: AnnotationFormat | TrainingExportFormat;
  title: string;
  ext: string;
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
];

/** Training data of dialogue projects (docs/llm-data.md), with the file each download gives. */
const TRAINING_FORMATS: readonly DownloadFormat[] = [
  { format: 'sft', title: 'SFT (OpenAI chat)', ext: 'jsonl' },
  { format: 'preference', title: 'DPO / RLHF pairs', ext: 'jsonl' },
  { format: 'ranking', title: 'Ranking', ext: 'jsonl' },
  { format: 'reward', title: 'Reward scores', ext: 'jsonl' },
  { format: 'hf', title: 'Hugging Face datasets', ext: 'zip' },
];

export function ExportTab({ project, hasImages }: { project: ProjectDto; hasImages: boolean }) {
  const check = checkLabelConfig(project.labelConfig);
  const hasDialogue = check.ok && check.config.fields.some((f) => f.type === 'dialogue');
  const hasAudio = check.ok && check.config.fields.some((f) => f.type === 'audio');
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
      {hasDialogue ? <FormatGroup title={t('export.trainingFormats')} help={t('export.trainingFormatsHelp')} formats={TRAINING_FORMATS} project={project} base={base} /> : null}
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
          <a key={f.format} className="btn" href={api.exportUrl(project.id, f.format, project.orgId)} download={`${base}-${f.format}.${f.ext}`} data-testid={`export-${f.format}`}>
            {t('export.download', { format: f.title })}
          </a>
        ))}
      </div>
    </>
  );
}
