import { useT } from '../i18n/i18n.tsx';
import { HistoryTimeline } from '../provenance/HistoryTimeline.tsx';

/** Everything the transparency log holds about the project, oldest first. */
export function HistoryTab({ projectId }: { projectId: string }) {
  const t = useT();
  return (
    <section className="panel" data-testid="project-history">
      <p className="muted small history-intro">{t('history.projectIntro')}</p>
      <HistoryTimeline subject="project" id={projectId} />
    </section>
  );
}
