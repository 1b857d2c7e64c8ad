import { useRef, useState, type FormEvent } from 'react';
import type { AnnotationFormat, ImportFormat, ImportResultDto, ImportTarget } from '@yungang/core';
import { ApiError, importErrorDetails } from '../api/api-error.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useT } from '../i18n/i18n.tsx';
import { useApi } from '../session/session.tsx';
import { MediaUploadPanel } from './MediaUploadPanel.tsx';

type FormatChoice = 'auto' | ImportFormat | AnnotationFormat;
/** Other tools' annotation formats, offered for projects with an image field (docs/formats.md). */
const ANNOTATION_FORMATS: readonly { value: AnnotationFormat; label: string }[] = [
  { value: 'coco', label: 'COCO JSON' },
  { value: 'yolo', label: 'YOLO (zip)' },
  { value: 'voc', label: 'Pascal VOC (zip)' },
  { value: 'cvat', label: 'CVAT for images 1.1 XML' },
  { value: 'labelstudio', label: 'Label Studio JSON' },
];
/** Speech corpora, offered for projects with an audio field (docs/formats.md, Speech corpora). */
const SPEECH_FORMATS: readonly { value: AnnotationFormat; label: string }[] = [
  { value: 'kaldi', label: 'Kaldi data dir (zip)' },
  { value: 'wenet', label: 'WeNet data.list' },
  { value: 'nemo', label: 'NeMo manifest' },
];
/** Track formats, offered for projects with a video field (docs/formats.md, Video tracks). */
const VIDEO_FORMATS: readonly { value: AnnotationFormat; label: string }[] = [
  { value: 'mot', label: 'MOTChallenge (zip)' },
  { value: 'cvatvideo', label: 'CVAT for video 1.1 XML' },
];
const isAnnotationFormat = (f: FormatChoice): f is AnnotationFormat => [...ANNOTATION_FORMATS, ...SPEECH_FORMATS, ...VIDEO_FORMATS].some((a) => a.value === f);

/** Upload a JSON, JSONL or CSV file of tasks; on a bad file show the line and path of each problem. */
export function ImportTab({ projectId, hasImages, hasAudio = false, hasVideo = false, hasDocuments = false, onImported }: { projectId: string; hasImages: boolean; hasAudio?: boolean; hasVideo?: boolean; hasDocuments?: boolean; onImported: () => void }) {
  const t = useT();
  const api = useApi();
  const fileRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<FormatChoice>('auto');
  const [baseUrl, setBaseUrl] = useState('');
  const [target, setTarget] = useState<ImportTarget>('annotations');
  const [modelVersion, setModelVersion] = useState('');
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
      const res = await api.importTasks(projectId, file, file.name, format === 'auto' ? undefined : format, isAnnotationFormat(format) ? { baseUrl, as: target, modelVersion } : {});
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
      <MediaUploadPanel projectId={projectId} hasImageField={hasImages} hasDocumentField={hasDocuments} hasVideoField={hasVideo} hasAudioField={hasAudio} onImported={onImported} />
      <form className="panel form" onSubmit={(e) => void submit(e)}>
        <p className="muted">{t('import.help')}</p>
        <pre className="code-sample">{'{"text": "李明在北京大学读书。"}\n{"text": "华为公司总部位于深圳。"}'}</pre>
        <div className="form-inline">
          <label className="form-row grow">
            <span>{t('import.file')}</span>
            <input
              ref={fileRef}
              type="file"
              accept={hasImages || hasVideo ? '.json,.jsonl,.ndjson,.csv,.zip,.xml,application/json,text/csv,application/zip,text/xml' : hasAudio ? '.json,.jsonl,.ndjson,.csv,.zip,.list,application/json,text/csv,application/zip' : '.json,.jsonl,.ndjson,.csv,application/json,text/csv'}
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              data-testid="import-file"
            />
          </label>
          <label className="form-row">
            <span>{t('import.format')}</span>
            <select value={format} onChange={(e) => setFormat(e.target.value as FormatChoice)} data-testid="import-format">
              <option value="auto">{t('import.formatAuto')}</option>
              <option value="jsonl">JSONL</option>
              <option value="json">JSON</option>
              <option value="csv">CSV</option>
              {hasImages
                ? ANNOTATION_FORMATS.map((f) => (
                    <option key={f.value} value={f.value}>
                      {f.label}
                    </option>
                  ))
                : null}
              {hasAudio
                ? SPEECH_FORMATS.map((f) => (
                    <option key={f.value} value={f.value}>
                      {f.label}
                    </option>
                  ))
                : null}
              {hasVideo
                ? VIDEO_FORMATS.map((f) => (
                    <option key={f.value} value={f.value}>
                      {f.label}
                    </option>
                  ))
                : null}
            </select>
          </label>
          {isAnnotationFormat(format) ? (
            <>
              <label className="form-row grow">
                <span>{t('import.baseUrl')}</span>
                <input value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} placeholder="https://files.example.org/cave20/" data-testid="import-base-url" />
              </label>
              <label className="form-row">
                <span>{t('import.as')}</span>
                <select value={target} onChange={(e) => setTarget(e.target.value === 'predictions' ? 'predictions' : 'annotations')} data-testid="import-as">
                  <option value="annotations">{t('import.asAnnotations')}</option>
                  <option value="predictions">{t('import.asPredictions')}</option>
                </select>
              </label>
              {target === 'predictions' ? (
                <label className="form-row">
                  <span>{t('import.modelVersion')}</span>
                  <input value={modelVersion} onChange={(e) => setModelVersion(e.target.value)} data-testid="import-model-version" />
                </label>
              ) : null}
            </>
          ) : null}
          <button type="submit" className="btn btn-primary" disabled={!file || busy} data-testid="import-submit">
            {busy ? t('import.uploading') : t('import.upload')}
          </button>
        </div>
      </form>
      <div data-testid="import-result" className="import-result">
        {result ? (
          <div className="alert alert-ok" data-status="ok" data-count={result.taskCount}>
            {t('import.done', { count: result.taskCount, format: result.format.toUpperCase() })}
            {result.pipeline ? <span data-testid="import-pipeline-result"> {t('import.pipelineDone', { dropped: result.pipeline.dropped, changed: result.pipeline.changed })}</span> : null}
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
