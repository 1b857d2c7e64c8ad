import { useCallback, useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router/router.tsx';
import { useSession } from '../session/session.tsx';
import { editAnnotationPath } from './annotation-edit.ts';
import { loadRecent, rememberSubmission, type RecentSubmission } from './recent-submissions.ts';

const SHOWN = 8;

function browserStore(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/** This user's recent submissions in this tab (sessionStorage), and a function to record another. */
export function useRecentSubmissions(): { recent: RecentSubmission[]; remember: (entry: RecentSubmission) => void } {
  const { me } = useSession();
  const userId = me?.user.id ?? null;
  const [state, setState] = useState<{ userId: string | null; list: RecentSubmission[] }>(() => {
    const store = browserStore();
    return { userId, list: store && userId ? loadRecent(store, userId) : [] };
  });
  // Another user signed in within this tab: show their list, not the previous one.
  let list = state.list;
  if (state.userId !== userId) {
    const store = browserStore();
    list = store && userId ? loadRecent(store, userId) : [];
    setState({ userId, list });
  }
  const remember = useCallback(
    (entry: RecentSubmission) => {
      const store = browserStore();
      if (!userId) return;
      setState((s) => ({ userId, list: store ? rememberSubmission(store, userId, entry) : [entry, ...s.list.filter((r) => r.annotationId !== entry.annotationId)] }));
    },
    [userId],
  );
  return { recent: list, remember };
}

/** "Submitted in this session": each of this project's recent annotations with a link to fix it. */
export function RecentSubmissions({ projectId, recent }: { projectId: string; recent: readonly RecentSubmission[] }) {
  const { t, locale } = useI18n();
  const mine = recent.filter((r) => r.projectId === projectId);
  if (mine.length === 0) return null;
  return (
    <section className="recent-submissions" data-testid="recent-submissions">
      <h3>
        {t('workbench.recent')} <span className="count">{mine.length}</span>
      </h3>
      <p className="muted small">{t('workbench.recentHint')}</p>
      <ul>
        {mine.slice(0, SHOWN).map((r) => (
          <li key={r.annotationId} data-testid="recent-item" data-task-id={r.taskId} data-annotation-id={r.annotationId}>
            <span>{t('workbench.recentItem', { id: r.taskId, version: r.version })}</span>
            <span className="muted small">{new Date(r.savedAt).toLocaleTimeString(locale)}</span>
            <Link to={editAnnotationPath(r.projectId, r.taskId, r.annotationId)} className="btn btn-small" data-testid="recent-edit">
              {t('workbench.edit')}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
