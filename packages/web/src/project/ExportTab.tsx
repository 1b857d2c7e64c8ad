import type { ProjectDto } from '@yungang/core';
import { useT } from '../i18n/i18n.tsx';
import { useApi } from '../session/session.tsx';

/** Download links: a plain GET that the session cookie authenticates. */
export function ExportTab({ project }: { project: ProjectDto }) {
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
    </div>
  );
}
