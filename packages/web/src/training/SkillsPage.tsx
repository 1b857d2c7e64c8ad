import { useCallback } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router/router.tsx';
import { useSession } from '../session/session.tsx';
import { percent } from './countdown.ts';

/** "My skills": exams taken, certifications with their state and expiry, gold accuracy over time and review pass rate. */
export function SkillsPage() {
  const { t, locale } = useI18n();
  const { api, me } = useSession();
  const userId = me?.user.id ?? '';
  const load = useCallback(() => api.skills(userId), [api, userId]);
  const { data, error } = useLoad(load);
  const date = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString(locale) : '–');
  return (
    <div className="page" data-testid="skills-page">
      <div className="crumbs">
        <Link to="/training">{t('training.title')}</Link>
      </div>
      <h1>{t('training.mySkills')}</h1>
      <ErrorMessage error={error} />
      {!data && !error ? <Spinner /> : null}
      {data ? (
        <>
          <section className="panel">
            <h2 className="panel-title">{t('training.certifications')}</h2>
            <table className="data-table" data-testid="skills-certifications">
              <tbody>
                {data.certifications.map((c) => (
                  <tr key={c.certificationId}>
                    <td>{c.certificationName}</td>
                    <td>{t(`training.state.${c.state}`)}</td>
                    <td>
                      {t('training.expires')}: {date(c.expiresAt)}
                    </td>
                    <td>{c.reason ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {data.certifications.length === 0 ? <p className="muted">{t('training.noCertifications')}</p> : null}
          </section>
          <section className="panel">
            <h2 className="panel-title">{t('training.examsTaken')}</h2>
            <table className="data-table" data-testid="skills-exams">
              <tbody>
                {data.exams.map((e) => (
                  <tr key={e.attemptId}>
                    <td>
                      <Link to={`/training/attempts/${e.attemptId}`}>{e.examTitle}</Link>
                    </td>
                    <td>{date(e.startedAt)}</td>
                    <td>{percent(e.score)}</td>
                    <td>{e.passed === null ? t('training.inProgress') : e.passed ? t('training.passed') : t('training.notPassed')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="muted">{t('training.practiceCount', { n: data.practiceAttempts })}</p>
          </section>
          <section className="panel">
            <h2 className="panel-title">{t('training.work')}</h2>
            <p>
              {t('training.goldAccuracy')}: {percent(data.gold.estimate)} ({data.gold.correct}/{data.gold.total}) · {t('training.reviewPassRate')}: {percent(data.review.estimate)} ({data.review.correct}/
              {data.review.total}) · {t('training.trend')}: {t(`training.trend.${data.goldTrend.direction}`)}
            </p>
            <ul className="training-list">
              {data.goldTrend.days.map((d) => (
                <li key={d.day}>
                  {d.day}: {d.correct}/{d.total}
                </li>
              ))}
            </ul>
            <table className="data-table">
              <tbody>
                {data.projects.map((p) => (
                  <tr key={p.projectId}>
                    <td>{p.projectName}</td>
                    <td>{t('training.submitted', { n: p.submitted })}</td>
                    <td>
                      {t('training.goldAccuracy')} {percent(p.gold.estimate)}
                    </td>
                    <td>
                      {t('training.reviewPassRate')} {percent(p.review.estimate)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      ) : null}
    </div>
  );
}
