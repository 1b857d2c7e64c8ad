import { useRef, useState, type FormEvent } from 'react';
import type { MediaIntakeResultDto } from '@yungang/core';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { ProgressBar } from '../components/ProgressBar.tsx';
import { useT } from '../i18n/i18n.tsx';
import { useSession } from '../session/session.tsx';
import { totalBytes, uploadMedia } from './media-upload.ts';

/**
 * Image upload for projects with an image field (docs/media.md): many files or zips in one go, with
 * progress, then one line per file: stored, duplicate or rejected with the server's reason. Renders
 * nothing for projects without an image field.
 */
export function MediaUploadPanel({ projectId, hasImageField, onImported }: { projectId: string; hasImageField: boolean; onImported: () => void }) {
  const t = useT();
  const { api, me, org } = useSession();
  const fileRef = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [stripMetadata, setStripMetadata] = useState(false);
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  const [result, setResult] = useState<MediaIntakeResultDto | null>(null);
  const [error, setError] = useState<unknown>(null);

  if (!hasImageField) return null;

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
  return (
    <form className="panel form" onSubmit={(e) => void submit(e)} data-testid="media-upload">
      <h3>{t('media.title')}</h3>
      <p className="muted">{t('media.help')}</p>
      <div className="form-inline">
        <label className="form-row grow">
          <span>{t('media.files')}</span>
          <input
            ref={fileRef}
            type="file"
            multiple
            accept=".jpg,.jpeg,.png,.webp,.tif,.tiff,.bmp,.zip,image/jpeg,image/png,image/webp,image/tiff,image/bmp,application/zip"
            onChange={(e) => setFiles(Array.from(e.target.files ?? []))}
            data-testid="media-files"
          />
        </label>
        <label className="form-row">
          <span>
            <input type="checkbox" checked={stripMetadata} onChange={(e) => setStripMetadata(e.target.checked)} data-testid="media-strip" /> {t('media.strip')}
          </span>
        </label>
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
                  <td>{t(`media.status.${f.status}`)}</td>
                  <td>{f.status === 'stored' ? `${f.width ?? '?'} × ${f.height ?? '?'}` : (f.reason ?? '')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </form>
  );
}
