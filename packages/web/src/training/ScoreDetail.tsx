import type { ControlScoreDto } from '@yungang/core';
import { useT } from '../i18n/i18n.tsx';
import { percent } from './countdown.ts';

/** Per control: its score and the metric people know for it (exact match, span P/R/F1, box F1, CER or WER). */
export function ScoreDetail({ controls }: { controls: readonly ControlScoreDto[] }) {
  const t = useT();
  return (
    <ul className="score-detail" data-testid="score-detail">
      {controls.map((c) => (
        <li key={c.control}>
          <strong>{c.control}</strong> {percent(c.score)}
          {c.correct !== undefined ? ` · ${c.correct ? t('training.correct') : t('training.wrong')}` : ''}
          {c.precision !== undefined ? ` · P ${percent(c.precision)} R ${percent(c.recall)}` : ''}
          {c.f1 !== undefined ? ` · F1 ${percent(c.f1)}` : ''}
          {c.cer !== undefined ? ` · CER ${percent(c.cer)}` : ''}
          {c.wer !== undefined ? ` · WER ${percent(c.wer)}` : ''}
        </li>
      ))}
    </ul>
  );
}
