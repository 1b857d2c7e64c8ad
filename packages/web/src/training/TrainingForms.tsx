import { useCallback, useState, type FormEvent } from 'react';
import { textClassificationTemplate, type ExamBody } from '@yungang/core';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useLoad } from '../components/use-load.ts';
import { useT } from '../i18n/i18n.tsx';
import { navigate } from '../router/router.tsx';
import { useApi } from '../session/session.tsx';

/** A new course: title, markdown text, and optionally the project it is for. */
export function NewCourseForm({ onCreated }: { onCreated: () => void }) {
  const t = useT();
  const api = useApi();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const course = await api.createCourse({ title: title.trim(), body });
      onCreated();
      navigate(`/training/courses/${course.id}`);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="panel form" onSubmit={(e) => void submit(e)} data-testid="new-course">
      <h2 className="panel-title">{t('training.newCourse')}</h2>
      <ErrorMessage error={error} />
      <input value={title} onChange={(e) => setTitle(e.target.value)} placeholder={t('training.courseTitle')} required maxLength={200} />
      <textarea value={body} onChange={(e) => setBody(e.target.value)} placeholder={t('training.markdownHint')} rows={8} />
      <button type="submit" className="btn btn-primary">
        {t('training.create')}
      </button>
    </form>
  );
}

const EXAMPLE_ITEMS = JSON.stringify([{ data: { text: '服务很好' }, expected: [{ id: 'a1', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['positive'] } }] }], null, 2);

/**
 * A new exam, written as JSON: its label config (any the project editor supports) and its items with their
 * expected results, as Label Studio-shaped results. The server checks both and answers with the path of
 * anything wrong.
 */
export function NewExamForm({ onCreated }: { onCreated: () => void }) {
  const t = useT();
  const api = useApi();
  const loadCerts = useCallback(() => api.certifications(), [api]);
  const certs = useLoad(loadCerts);
  const [title, setTitle] = useState('');
  const [config, setConfig] = useState(JSON.stringify(textClassificationTemplate, null, 2));
  const [items, setItems] = useState(EXAMPLE_ITEMS);
  const [passScore, setPassScore] = useState('80');
  const [minutes, setMinutes] = useState('');
  const [maxAttempts, setMaxAttempts] = useState('');
  const [certificationId, setCertificationId] = useState('');
  const [showAnswers, setShowAnswers] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    let body: ExamBody;
    try {
      body = {
        title: title.trim(),
        labelConfig: JSON.parse(config) as ExamBody['labelConfig'],
        items: JSON.parse(items) as ExamBody['items'],
        passScore: Number(passScore) / 100,
        showAnswers,
        ...(minutes ? { timeLimitSeconds: Math.round(Number(minutes) * 60) } : {}),
        ...(maxAttempts ? { maxAttempts: Number(maxAttempts) } : {}),
        ...(certificationId ? { certificationId } : {}),
      };
    } catch (err) {
      setError(new Error(`${t('training.badJson')}: ${err instanceof Error ? err.message : String(err)}`));
      return;
    }
    try {
      const exam = await api.createExam(body);
      onCreated();
      navigate(`/training/exams/${exam.id}`);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="panel form" onSubmit={(e) => void submit(e)} data-testid="new-exam">
      <h2 className="panel-title">{t('training.newExam')}</h2>
      <ErrorMessage error={error} />
      <input value={title} onChange={(e) => setTitle(e.target.value)} placeholder={t('training.examTitle')} required maxLength={200} />
      <label>
        {t('training.labelConfigJson')}
        <textarea className="json-editor" value={config} onChange={(e) => setConfig(e.target.value)} rows={8} />
      </label>
      <label>
        {t('training.itemsJson')}
        <textarea className="json-editor" value={items} onChange={(e) => setItems(e.target.value)} rows={10} />
      </label>
      <div className="form-grid">
        <label>
          {t('training.passMark')} (%)
          <input type="number" min={0} max={100} value={passScore} onChange={(e) => setPassScore(e.target.value)} required />
        </label>
        <label>
          {t('training.timeLimit')} ({t('training.minutesUnit')})
          <input type="number" min={1} max={1440} value={minutes} onChange={(e) => setMinutes(e.target.value)} />
        </label>
        <label>
          {t('training.maxAttempts')}
          <input type="number" min={1} max={100} value={maxAttempts} onChange={(e) => setMaxAttempts(e.target.value)} />
        </label>
        <label>
          {t('training.grants')}
          <select value={certificationId} onChange={(e) => setCertificationId(e.target.value)}>
            <option value="">–</option>
            {(certs.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label className="inline-check">
        <input type="checkbox" checked={showAnswers} onChange={(e) => setShowAnswers(e.target.checked)} />
        {t('training.showAnswers')}
      </label>
      <button type="submit" className="btn btn-primary">
        {t('training.create')}
      </button>
    </form>
  );
}
