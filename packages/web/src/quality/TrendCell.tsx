import type { AnnotatorScoreDto } from '@yungang/core';
import { useI18n } from '../i18n/i18n.tsx';
import { formatPct } from './quality-format.ts';

type Trend = AnnotatorScoreDto['trend'];
const TONE: Record<Trend['direction'], string> = { improving: 'ok', declining: 'bad', steady: 'neutral', insufficient: 'neutral' };

/**
 * An annotator's last 14 active days: one bar per day (height = submissions, colour = share of checks
 * passed), and the direction of their pass rate when the numbers support one.
 */
export function TrendCell({ trend }: { trend: Trend }) {
  const { t } = useI18n();
  const most = Math.max(1, ...trend.days.map((d) => d.submitted));
  const title = trend.days.map((d) => `${d.day}: ${d.submitted} · ${d.total > 0 ? `${d.correct}/${d.total}` : '—'}`).join('\n');
  return (
    <td data-testid="score-trend" data-direction={trend.direction}>
      <span className="trend-bars" title={title} aria-hidden="true">
        {trend.days.map((d) => (
          <span
            key={d.day}
            className={`trend-bar ${d.total === 0 ? 'trend-unchecked' : d.correct / d.total >= 0.9 ? 'trend-good' : d.correct / d.total >= 0.7 ? 'trend-fair' : 'trend-poor'}`}
            style={{ height: `${Math.max(2, Math.round((d.submitted / most) * 18))}px` }}
          />
        ))}
      </span>{' '}
      <span className={`badge tone-${TONE[trend.direction]}`} title={trend.earlier !== null && trend.later !== null ? `${formatPct(trend.earlier)} → ${formatPct(trend.later)}` : undefined}>
        {t(`quality.trend.${trend.direction}`)}
      </span>
    </td>
  );
}
