import { useCallback } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useLoad } from '../components/use-load.ts';
import { useT } from '../i18n/i18n.tsx';
import { Link } from '../router/router.tsx';
import { useApi } from '../session/session.tsx';
import { Markdown } from './Markdown.tsx';

/** One course: its guidelines (sanitised markdown) and the exams that belong to it. */
export function CoursePage({ courseId }: { courseId: string }) {
  const t = useT();
  const api = useApi();
  const load = useCallback(() => api.course(courseId), [api, courseId]);
  const { data: course, error } = useLoad(load);
  return (
    <div className="page">
      <div className="crumbs">
        <Link to="/training">{t('training.title')}</Link>
      </div>
      <ErrorMessage error={error} />
      {!course && !error ? <Spinner /> : null}
      {course ? (
        <article className="panel">
          <h1>{course.title}</h1>
          <Markdown source={course.body} testId="course-body" />
          {course.exams.length > 0 ? (
            <>
              <h2 className="panel-title">{t('training.exams')}</h2>
              <ul className="training-list">
                {course.exams.map((e) => (
                  <li key={e.id}>
                    <Link to={`/training/exams/${e.id}`}>{e.title}</Link>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </article>
      ) : null}
    </div>
  );
}
