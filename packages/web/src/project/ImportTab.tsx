import { useRef, useState, type FormEvent } from 'react';
import type { ImportFormat, ImportResultDto } from '@yungang/core';
import { ApiError, importErrorDetails } from '../api/api-error.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useT } from '../i18n/i18n.tsx';
import { useApi } from '../session/session.tsx';

type FormatChoice = 'auto' | ImportFormat;

/** Upload a JSON, JSONL or CSV file of tasks; on a bad file show the line and path of each problem. */
export function ImportTab({ projectId, onImported }: { projectId: string; onImported: () => void }) {
  const t = useT();
  const api = useApi();
  const fileRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<FormatChoice>('auto');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportResultDto | null>(null);
  const [error, setError] = useState<unknown>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setResult(null);
    setError(null);
    try {
      const res = await api.importTasks(projectId, file, file.name, format === 'auto' ? undefined : format);
      setResult(res);
      setFile(null);
      if (fileRef.current) fileRef.current.value = '';
      onImported();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const details = error instanceof ApiError && error.status === 400 ? importErrorDetails(error.details) : null;

  return (
    <div className="import-tab">
      <form className="panel form" onSubmit={(e) => void submit(e)}>
        <p className="muted">{t('import.help')}</p>
        <pre className="code-sample">{'{"text": "李明在北京大学读书。"}\n{"text": "华为公司总部位于深圳。"}'}</pre>
        <div className="form-inline">
          <label className="form-row grow">
            <span>{t('import.file')}</span>
            <input ref={fileRef} type="file" accept=".json,.jsonl,.ndjson,.csv,application/json,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} data-testid="import-file" />
          </label>
          <label className="form-row">
            <span>{t('import.format')}</span>
            <select value={format} onChange={(e) => setFormat(e.target.value as FormatChoice)} data-testid="import-format">
              <option value="auto">{t('import.formatAuto')}</option>
              <option value="jsonl">JSONL</option>
              <option value="json">JSON</option>
              <option value="csv">CSV</option>
            </select>
          </label>
          <button type="submit" className="btn btn-primary" disabled={!file || busy} data-testid="import-submit">
            {busy ? t('import.uploading') : t('import.upload')}
          </button>
        </div>
      </form>
      <div data-testid="import-result" className="import-result">
        {result ? (
          <div className="alert alert-ok" data-status="ok" data-count={result.taskCount}>
            {t('import.done', { count: result.taskCount, format: result.format.toUpperCase() })}
          </div>
        ) : null}
        {details ? (
          <div className="alert alert-error" data-status="error" role="alert">
            <strong>{t('import.failed')}</strong>
            <span className="alert-detail">{error instanceof Error ? error.message : ''}</span>
            {details.line !== undefined || details.path ? (
              <div className="import-location">
                {details.line !== undefined ? t('import.line', { line: details.line }) : null} {details.path ? <code>{details.path}</code> : null}
              </div>
            ) : null}
            {details.issues.length > 0 ? (
              <table className="grid-table compact">
                <thead>
                  <tr>
                    <th>{t('import.colLine')}</th>
                    <th>{t('import.colPath')}</th>
                    <th>{t('import.colMessage')}</th>
                  </tr>
                </thead>
                <tbody>
                  {details.issues.slice(0, 50).map((i, n) => (
                    <tr key={n}>
                      <td>{i.line ?? ''}</td>
                      <td>
                        <code>{i.path ?? ''}</code>
                      </td>
                      <td>{i.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            <div className="muted small">{t('import.nothingImported')}</div>
          </div>
        ) : error ? (
          <div data-status="error">
            <ErrorMessage error={error} />
          </div>
        ) : null}
      </div>
    </div>
  );
}
