import { useCallback } from 'react';
import { can } from '@yungang/core';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useLoad } from '../components/use-load.ts';
import { useT } from '../i18n/i18n.tsx';
import { Link } from '../router/router.tsx';
import { useSession } from '../session/session.tsx';
import { CertificationsPanel } from './CertificationsPanel.tsx';
import { percent } from './countdown.ts';
import { NewCourseForm, NewExamForm } from './TrainingForms.tsx';

/** The training area: courses, exams with where the caller stands, and (for managers) certifications and new material. */
export function TrainingPage() {
  const t = useT();
  const { api, org } = useSession();
  const load = useCallback(() => Promise.all([api.courses(), api.exams()]), [api]);
  const { data, error, loading, reload } = useLoad(load);
  const manage = org ? can(org.role, 'training.manage') : false;
  const [courses, exams] = data ?? [[], []];
  return (
    <div className="page" data-testid="training-page">
      <div className="page-head">
        <div>
          <h1>{t('training.title')}</h1>
          <p className="muted">{t('training.subtitle')}</p>
        </div>
        <Link to="/training/skills" className="btn" data-testid="my-skills-link">
          {t('training.mySkills')}
        </Link>
      </div>
      <ErrorMessage error={error} />
      {loading && !data ? <Spinner /> : null}
      <section className="panel">
        <h2 className="panel-title">{t('training.courses')}</h2>
        {courses.length === 0 ? <p className="muted">{t('training.noCourses')}</p> : null}
        <ul className="training-list">
          {courses.map((c) => (
            <li key={c.id}>
              <Link to={`/training/courses/${c.id}`} data-testid="course-link">
                {c.title}
              </Link>
              {c.projectId === null ? <span className="badge">{t('training.orgWide')}</span> : null}
            </li>
          ))}
        </ul>
      </section>
      <section className="panel">
        <h2 className="panel-title">{t('training.exams')}</h2>
        {exams.length === 0 ? <p className="muted">{t('training.noExams')}</p> : null}
        <table className="data-table" data-testid="exams-table">
          <thead>
            <tr>
              <th>{t('training.exam')}</th>
              <th>{t('training.grants')}</th>
              <th>{t('training.passMark')}</th>
              <th>{t('training.best')}</th>
              <th>{t('training.status')}</th>
            </tr>
          </thead>
          <tbody>
            {exams.map((e) => (
              <tr key={e.id}>
                <td>
                  <Link to={`/training/exams/${e.id}`} data-testid="exam-link">
                    {e.title}
                  </Link>
                </td>
                <td>{e.certification?.name ?? '–'}</td>
                <td>{percent(e.passScore)}</td>
                <td>{percent(e.me.best)}</td>
                <td>{e.me.passed ? t('training.passed') : e.me.attempts > 0 ? t('training.notPassed') : t('training.notTaken')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {manage ? <CertificationsPanel /> : null}
      {manage ? <NewCourseForm onCreated={reload} /> : null}
      {manage ? <NewExamForm onCreated={reload} /> : null}
    </div>
  );
}
