import { useT } from '../i18n/i18n.tsx';

export function ProgressBar({ value, total }: { value: number; total: number }) {
  const t = useT();
  const pct = total > 0 ? Math.min(100, Math.round((value / total) * 100)) : 0;
  return (
    <div className="progress" title={t('stats.progress', { pct })}>
      <div className="progress-track">
        <div className="progress-fill" style={{ width: `${pct}%` }} />
      </div>
      <span className="progress-label">{pct}%</span>
    </div>
  );
}
