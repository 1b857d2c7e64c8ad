import { dialogueCandidates, readDialogue, type AnnotationResult, type DialogueControl, type LabelConfig } from '@yungang/core';
import { useT } from '../i18n/i18n.tsx';
import { Markdown } from '../training/Markdown.tsx';
import { DiffView, letterOf } from './DialogueAnnotator.tsx';

/**
 * A dialogue field with its judgements, read-only (review, adjudication, gold feedback): the conversation,
 * the candidates with their scores, per-turn labels and the gold edit's diff, then the pairwise choice
 * with its reason and the ranking.
 */
export function DialogueResult({ config, field, value, result }: { config: LabelConfig; field: string; value: unknown; result: AnnotationResult }) {
  const t = useT();
  const { dialogue } = readDialogue(value, [field]);
  if (!dialogue) return <div className="alert alert-warn">{t('dialogue.invalid', { field })}</div>;
  const { candidates, fromResponses } = dialogueCandidates(dialogue);
  const controls = config.controls.filter((c): c is DialogueControl => c.toName === field && ['pairwise', 'ranker', 'responserating', 'turnchoices', 'responseedit'].includes(c.type));
  const mine = result.filter((r) => r.to_name === field);
  const labelsOf = (turn: number) =>
    mine.flatMap((r) => {
      if (r.type !== 'turnchoices' || r.value.turn !== turn) return [];
      const control = controls.find((c) => c.name === r.from_name);
      return r.value.choices.map((v) => ({ key: `${r.from_name}-${v}`, text: control?.type === 'turnchoices' ? (control.options.find((o) => o.value === v)?.title ?? v) : v }));
    });
  const chips = (turn: number) => {
    const labels = labelsOf(turn);
    return labels.length === 0 ? null : (
      <div className="small" data-testid={`result-turn-labels-${turn}`}>
        {labels.map((l) => (
          <span key={l.key} className="badge turn-label-chip">
            {l.text}
          </span>
        ))}
      </div>
    );
  };
  const shown = fromResponses ? dialogue.messages : dialogue.messages.slice(0, dialogue.messages.length - (candidates.length === 1 ? 1 : 0));
  const turnOf = (n: number) => (fromResponses ? dialogue.messages.length + n : dialogue.messages.length - 1);
  const gold = mine.find((r) => r.type === 'responseedit');
  const pairwise = mine.find((r) => r.type === 'pairwise');
  const ranking = mine.find((r) => r.type === 'ranker');
  return (
    <div className="dialogue result-dialogue" data-testid={`result-dialogue-${field}`}>
      <ol className="dialogue-messages">
        {shown.map((m, turn) => (
          <li key={turn} className={`dialogue-turn role-${m.role}`}>
            <span className={`badge role-badge role-${m.role}`}>{t(`dialogue.role.${m.role}`)}</span>
            <Markdown source={m.content} />
            {chips(turn)}
          </li>
        ))}
      </ol>
      <div className={candidates.length > 1 ? 'candidate-grid' : 'candidate-grid single'}>
        {candidates.map((text, n) => (
          <article key={n} className="candidate" data-testid={`result-candidate-${n}`}>
            <header className="candidate-head">
              <strong>{candidates.length > 1 ? t('dialogue.candidate', { letter: letterOf(n) }) : t('dialogue.role.assistant')}</strong>
              {ranking?.type === 'ranker' ? <span className="muted small">{t('dialogue.rank', { n: ranking.value.ranking.indexOf(n) + 1 })}</span> : null}
            </header>
            <Markdown source={text} />
            {mine.map((r) =>
              r.type === 'responserating' ? (
                <div key={r.id} className="small" data-testid={`result-response-rating-${r.from_name}-${n}`}>
                  <span className="muted">{controls.find((c) => c.name === r.from_name)?.title ?? r.from_name}:</span> <strong>{r.value.ratings[n] ? Math.round(r.value.ratings[n] * 100) / 100 : t('dialogue.unrated')}</strong>
                </div>
              ) : null,
            )}
            {chips(turnOf(n))}
            {gold?.type === 'responseedit' && gold.value.response === n ? (
              <div data-testid="result-gold">
                <span className="label-bar-title small">{t('dialogue.goldOf', { letter: letterOf(n) })}</span>
                <Markdown source={gold.value.text} />
                <DiffView original={gold.value.original} text={gold.value.text} />
              </div>
            ) : null}
          </article>
        ))}
      </div>
      {candidates.length === 0 && gold?.type === 'responseedit' ? (
        <div data-testid="result-gold">
          {gold.value.prompt !== undefined ? (
            <div data-testid="result-prompt">
              <span className="label-bar-title small">{t('dialogue.writePrompt')}</span>
              <Markdown source={gold.value.prompt} />
            </div>
          ) : null}
          <span className="label-bar-title small">{t('dialogue.writtenAnswer')}</span>
          <Markdown source={gold.value.text} />
        </div>
      ) : null}
      {pairwise?.type === 'pairwise' ? (
        <div className="small" data-testid="result-pairwise" data-value={pairwise.value.selected}>
          <span className="muted">{controls.find((c) => c.name === pairwise.from_name)?.title ?? pairwise.from_name}:</span> <strong>{t(`dialogue.pairwise.${pairwise.value.selected}`)}</strong>
          {pairwise.value.reason ? ` — ${pairwise.value.reason}` : null}
        </div>
      ) : null}
      {ranking?.type === 'ranker' ? (
        <div className="small" data-testid="result-ranking" data-value={ranking.value.ranking.join(',')}>
          <span className="muted">{controls.find((c) => c.name === ranking.from_name)?.title ?? ranking.from_name}:</span> <strong>{ranking.value.ranking.map(letterOf).join(' > ')}</strong>
        </div>
      ) : null}
    </div>
  );
}
