import type { AnnotationFormat, ProjectDto } from '@yungang/core';
import { useT } from '../i18n/i18n.tsx';
import { useApi } from '../session/session.tsx';

/** Download links: a plain GET that the session cookie authenticates. */
/** Other tools' formats for image projects, with the file each download gives. */
const IMAGE_FORMATS: readonly { format: AnnotationFormat; title: string; ext: string }[] = [
  { format: 'coco', title: 'COCO', ext: 'json' },
  { format: 'yolo', title: 'YOLO', ext: 'zip' },
  { format: 'voc', title: 'Pascal VOC', ext: 'zip' },
  { format: 'cvat', title: 'CVAT 1.1', ext: 'xml' },
  { format: 'labelstudio', title: 'Label Studio', ext: 'json' },
];

export function ExportTab({ project, hasImages }: { project: ProjectDto; hasImages: boolean }) {
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
      {hasImages ? (
        <>
          <h3>{t('export.imageFormats')}</h3>
          <p className="muted small">{t('export.imageFormatsHelp')}</p>
          <div className="row-gap">
            {IMAGE_FORMATS.map((f) => (
              <a key={f.format} className="btn" href={api.exportUrl(project.id, f.format, project.orgId)} download={`${base}-${f.format}.${f.ext}`} data-testid={`export-${f.format}`}>
                {t('export.download', { format: f.title })}
              </a>
            ))}
          </div>
        </>
      ) : null}
    </div>
  );
}
