import { useRef, useState, type FormEvent } from 'react';
import type { MediaIntakeResultDto } from '@yungang/core';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { ProgressBar } from '../components/ProgressBar.tsx';
import { useT } from '../i18n/i18n.tsx';
import { useSession } from '../session/session.tsx';
import { totalBytes, uploadMedia } from './media-upload.ts';
import { DocumentJobProgress } from './DocumentJobProgress.tsx';

/**
 * Image upload for projects with an image field (docs/media.md), PDF upload for projects with a document
 * field (docs/documents.md): many files or zips in one go, with progress, then one line per file: stored,
 * duplicate or rejected with the server's reason, or processing with its job's progress (PDFs are read
 * page by page in the background). Renders nothing for projects without such a field.
 */
export function MediaUploadPanel({ projectId, hasImageField, hasDocumentField = false, onImported }: { projectId: string; hasImageField: boolean; hasDocumentField?: boolean; onImported: () => void }) {
  const t = useT();
  const { api, me, org } = useSession();
  const fileRef = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [stripMetadata, setStripMetadata] = useState(false);
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  const [result, setResult] = useState<MediaIntakeResultDto | null>(null);
  const [error, setError] = useState<unknown>(null);

  if (!hasImageField && !hasDocumentField) return null;
  const documents = !hasImageField;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (files.length === 0) return;
    setResult(null);
    setError(null);
    setProgress({ sent: 0, total: totalBytes(files) });
    try {
      const res = await uploadMedia({
        url: api.url(`/projects/${encodeURIComponent(projectId)}/media`, { stripMetadata: stripMetadata ? 'true' : undefined }),
        files,
        csrfToken: me?.csrfToken ?? null,
        orgId: org?.id ?? null,
        onProgress: (sent, total) => setProgress({ sent, total }),
      });
      setResult(res);
      setFiles([]);
      if (fileRef.current) fileRef.current.value = '';
      if (res.stored > 0) onImported();
    } catch (e) {
      setError(e);
    } finally {
      setProgress(null);
    }
  };

  const busy = progress !== null;
  const processing = result?.files.filter((f) => f.status === 'processing').length ?? 0;
  return (
    <form className="panel form" onSubmit={(e) => void submit(e)} data-testid="media-upload">
      <h3>{documents ? t('media.documentsTitle') : t('media.title')}</h3>
      <p className="muted">{documents ? t('media.documentsHelp') : t('media.help')}</p>
      <div className="form-inline">
        <label className="form-row grow">
          <span>{documents ? t('media.documentFiles') : t('media.files')}</span>
          <input
            ref={fileRef}
            type="file"
            multiple
            accept={documents ? '.pdf,.zip,application/pdf,application/zip' : '.jpg,.jpeg,.png,.webp,.tif,.tiff,.bmp,.zip,image/jpeg,image/png,image/webp,image/tiff,image/bmp,application/zip'}
            onChange={(e) => setFiles(Array.from(e.target.files ?? []))}
            data-testid="media-files"
          />
        </label>
        {documents ? null : (
          <label className="form-row">
            <span>
              <input type="checkbox" checked={stripMetadata} onChange={(e) => setStripMetadata(e.target.checked)} data-testid="media-strip" /> {t('media.strip')}
            </span>
          </label>
        )}
        <button type="submit" className="btn btn-primary" disabled={files.length === 0 || busy} data-testid="media-submit">
          {busy ? t('import.uploading') : t('media.upload', { count: files.length })}
        </button>
      </div>
      {progress ? <ProgressBar value={progress.sent} total={progress.total} /> : null}
      {progress && progress.total > 0 && progress.sent >= progress.total ? <p className="muted small">{t('media.processing')}</p> : null}
      {error ? <ErrorMessage error={error} /> : null}
      {result ? (
        <div data-testid="media-result">
          <div className={`alert ${result.rejected > 0 ? 'alert-error' : 'alert-ok'}`} data-status={result.rejected > 0 ? 'partial' : 'ok'}>
            {t('media.summary', { stored: result.stored, duplicates: result.duplicates, rejected: result.rejected })}
            {processing > 0 ? ` · ${t('media.summaryProcessing', { count: processing })}` : null}
          </div>
          <table className="grid-table compact">
            <thead>
              <tr>
                <th>{t('media.colFile')}</th>
                <th>{t('media.colStatus')}</th>
                <th>{t('media.colDetail')}</th>
              </tr>
            </thead>
            <tbody>
              {result.files.map((f, i) => (
                <tr key={i} data-status={f.status}>
                  <td>
                    <code>{f.name}</code>
                  </td>
                  {f.status === 'processing' && f.jobId ? (
                    <DocumentJobProgress jobId={f.jobId} onDone={onImported} />
                  ) : (
                    <>
                      <td>{t(`media.status.${f.status}`)}</td>
                      <td>{f.status === 'stored' ? (f.pages !== undefined ? t('media.job.done', { pages: f.pages }) : `${f.width ?? '?'} × ${f.height ?? '?'}`) : (f.reason ?? '')}</td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </form>
  );
}
