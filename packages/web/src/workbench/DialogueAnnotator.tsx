import { useEffect, useEffectEvent, useState, type DragEvent } from 'react';
import {
  dialogueCandidates,
  dialogueTurns,
  readDialogue,
  responseDiff,
  textRuleProblems,
  type AnnotationResult,
  type DialogueControl,
  type PairwiseControl,
  type RankerControl,
  type ResponseEditControl,
  type ResponseRatingControl,
  type TurnChoicesControl,
} from '@yungang/core';
import { useT } from '../i18n/i18n.tsx';
import { Markdown } from '../training/Markdown.tsx';
import type { AnnotationAction } from './annotation-state.ts';
import { newResultId } from './annotation-state.ts';
import { moveInRanking, placeInRanking, rankingIn, setPairwise, setRanking, setResponseEdit, setResponseRating, toggleTurnChoice } from './dialogue-edit.ts';
import { isTypingTarget } from './hotkey-target.ts';

export interface DialogueAnnotatorProps {
  field: string;
  title: string;
  value: unknown;
  controls: readonly DialogueControl[];
  result: AnnotationResult;
  dispatch: (action: AnnotationAction) => void;
  /** Keys the config already binds (label hotkeys, rating digits): the dialogue keys leave them alone. */
  takenKeys: ReadonlySet<string>;
  windowKeys: boolean;
}

export const letterOf = (index: number): string => String.fromCharCode(65 + index);

/**
 * A conversation to judge (docs/llm-data.md): the messages rendered as sanitised markdown (code blocks
 * included), the candidate responses side by side, and the dialogue controls of the field: per-turn
 * labels, pairwise preference, ranking (drag, or digits to pick and Alt+↑/↓ to move), per-response
 * scores and the gold rewrite of a response with its diff.
 */
export function DialogueAnnotator({ field, title, value, controls, result, dispatch, takenKeys, windowKeys }: DialogueAnnotatorProps) {
  const t = useT();
  const [picked, setPicked] = useState(0);
  const [editing, setEditing] = useState<number | null>(null);
  const [dragged, setDragged] = useState<number | null>(null);
  const { dialogue } = readDialogue(value, [field]);
  const pairwise = controls.find((c): c is PairwiseControl => c.type === 'pairwise');
  const ranker = controls.find((c): c is RankerControl => c.type === 'ranker');
  const ratingControls = controls.filter((c): c is ResponseRatingControl => c.type === 'responserating');
  const turnControls = controls.filter((c): c is TurnChoicesControl => c.type === 'turnchoices');
  const editControl = controls.find((c): c is ResponseEditControl => c.type === 'responseedit');
  const { candidates, fromResponses } = dialogue ? dialogueCandidates(dialogue) : { candidates: [] as string[], fromResponses: false };
  const count = candidates.length;
  const ranking = ranker ? rankingIn(result, ranker.name, count) : [];
  const edit = editControl ? result.find((r) => r.from_name === editControl.name && r.type === 'responseedit') : undefined;
  const editValue = edit?.type === 'responseedit' ? edit.value : null;
  const pairwiseValue = pairwise ? result.find((r) => r.from_name === pairwise.name && r.type === 'pairwise') : undefined;
  const chosen = pairwiseValue?.type === 'pairwise' ? pairwiseValue.value : null;

  const apply = (next: AnnotationResult, streak?: string) => dispatch(streak === undefined ? { type: 'edit', result: next } : { type: 'edit', result: next, streak });
  const base = (control: DialogueControl) => ({ id: newResultId(), fromName: control.name, toName: control.toName });
  const rank = (next: number[]) => ranker && apply(setRanking(result, { ...base(ranker), ranking: next }));
  const choose = (selected: 'left' | 'right' | 'tie') => pairwise && apply(setPairwise(result, { ...base(pairwise), selected }));
  const writtenPrompt = editValue?.prompt;
  const lastMessage = dialogue?.messages.at(-1);
  const lastUser = lastMessage?.role === 'user' ? lastMessage.content : undefined;
  const writeGold = (response: number, text: string) =>
    editControl && apply(setResponseEdit(result, { ...base(editControl), response, text, original: candidates[response] ?? '', ...(writtenPrompt === undefined ? {} : { prompt: writtenPrompt }) }), `gold-${response}`);
  const writePrompt = (prompt: string) => editControl && apply(setResponseEdit(result, { ...base(editControl), response: editValue?.response ?? 0, text: editValue?.text ?? '', original: candidates[editValue?.response ?? 0] ?? '', prompt }), 'prompt');
  // Rule messages beside the boxes, as core words them on submit (lengths and format rules).
  const answerProblems = editControl && editValue && editValue.text.trim() !== '' ? textRuleProblems(editValue.text, { ...editControl.rules, minLength: editControl.minLength, maxLength: editControl.maxLength }) : [];
  const promptProblems = editControl?.promptRules && writtenPrompt ? textRuleProblems(writtenPrompt, editControl.promptRules) : [];

  const onKey = useEffectEvent((event: KeyboardEvent) => {
    if (isTypingTarget(event.target) || event.ctrlKey || event.metaKey || count === 0) return;
    if (event.altKey) {
      // event.code: Alt turns letters into other characters on some layouts.
      if ((event.key === 'ArrowUp' || event.key === 'ArrowDown') && ranker) {
        event.preventDefault();
        rank(moveInRanking(ranking, picked, event.key === 'ArrowUp' ? -1 : 1));
      } else if (pairwise && count >= 2 && (event.code === 'KeyA' || event.code === 'KeyB' || (event.code === 'KeyT' && pairwise.allowTie !== false))) {
        event.preventDefault();
        choose(event.code === 'KeyA' ? 'left' : event.code === 'KeyB' ? 'right' : 'tie');
      } else if (event.code === 'KeyE' && editControl) {
        event.preventDefault();
        setEditing(picked);
      }
      return;
    }
    const digit = Number(event.key);
    if (event.key.length === 1 && Number.isInteger(digit) && digit >= 1 && digit <= count && !takenKeys.has(event.key)) {
      event.preventDefault();
      setPicked(digit - 1);
    }
  });
  useEffect(() => {
    if (!windowKeys) return;
    const listener = (event: KeyboardEvent) => onKey(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [windowKeys]);

  if (!dialogue) return <div className="alert alert-warn">{t('dialogue.invalid', { field })}</div>;
  const turns = dialogueTurns(dialogue);
  const shownMessages = fromResponses ? dialogue.messages : dialogue.messages.slice(0, dialogue.messages.length - (count === 1 ? 1 : 0));
  const turnOfCandidate = (n: number) => (fromResponses ? dialogue.messages.length + n : dialogue.messages.length - 1);

  const turnLabels = (turn: number) =>
    turnControls
      .filter((c) => c.roles === undefined || c.roles.includes(turns[turn]?.role ?? 'user'))
      .map((control) => {
        const item = result.find((r) => r.from_name === control.name && r.type === 'turnchoices' && r.value.turn === turn);
        const on = item?.type === 'turnchoices' ? item.value.choices : [];
        return (
          <details key={control.name} className="turn-labels" data-testid={`turn-labels-${control.name}-${turn}`}>
            <summary className="small">
              {control.title ?? control.name}: {on.length === 0 ? <span className="muted">{t('dialogue.noTurnLabels')}</span> : on.map((v) => <span key={v} className="badge turn-label-chip">{control.options.find((o) => o.value === v)?.title ?? v}</span>)}
            </summary>
            <div className="turn-label-options">
              {control.options.map((o) => (
                <label key={o.value} className="small">
                  <input type="checkbox" checked={on.includes(o.value)} onChange={() => apply(toggleTurnChoice(result, { ...base(control), turn, value: o.value, mode: control.choice }))} data-testid={`turn-${control.name}-${turn}-${o.value}`} />
                  {o.title ?? o.value}
                </label>
              ))}
            </div>
          </details>
        );
      });

  return (
    <div className="dialogue" data-testid={`dialogue-${field}`} aria-label={title}>
      <ol className="dialogue-messages">
        {shownMessages.map((m, turn) => (
          <li key={turn} className={`dialogue-turn role-${m.role}`} data-testid={`turn-${turn}`}>
            <span className={`badge role-badge role-${m.role}`}>{t(`dialogue.role.${m.role}`)}</span>
            <Markdown source={m.content} />
            {turnLabels(turn)}
          </li>
        ))}
      </ol>
      {editControl?.editablePrompt === true && count === 0 ? (
        // Prompt–response writing: the annotator writes (or rewrites) the user prompt the answer responds to.
        <label className="gold-editor" data-testid="prompt-writer">
          <span className="label-bar-title">{t('dialogue.writePrompt')}</span>
          <textarea rows={3} value={writtenPrompt ?? ''} spellCheck={false} placeholder={lastUser ?? t('dialogue.writePromptHint')} data-testid="prompt-text" onChange={(e) => writePrompt(e.target.value)} onKeyDown={(e) => e.key === 'Escape' && e.currentTarget.blur()} />
          <span className="muted small">{t('textarea.count', { count: Array.from(writtenPrompt ?? '').length })}</span>
          {promptProblems.map((m) => (
            <span key={m} className="small field-error" data-testid="prompt-issue">
              {m}
            </span>
          ))}
        </label>
      ) : null}
      {count === 0 && editControl ? (
        // No response yet: the answer is written from scratch (instruction data), stored as response 0.
        <label className="gold-editor" data-testid="answer-writer">
          <span className="label-bar-title">
            {editControl.title ?? editControl.name}
            {editControl.required ? ' *' : ''}
          </span>
          <textarea rows={6} value={editValue?.text ?? ''} spellCheck={false} placeholder={t('dialogue.writeAnswer')} data-testid="answer-text" onChange={(e) => writeGold(0, e.target.value)} onKeyDown={(e) => e.key === 'Escape' && e.currentTarget.blur()} />
          <span className="muted small">{t('textarea.count', { count: Array.from(editValue?.text ?? '').length })}</span>
          {answerProblems.map((m) => (
            <span key={m} className="small field-error" data-testid="answer-issue">
              {m}
            </span>
          ))}
        </label>
      ) : null}
      {count > 0 ? (
        <section className="dialogue-candidates" aria-label={t('dialogue.candidates')}>
          <div className={count > 1 ? 'candidate-grid' : 'candidate-grid single'}>
            {candidates.map((text, n) => {
              const isEditing = editing === n;
              const goldHere = editValue?.response === n ? editValue.text : null;
              return (
                <article
                  key={n}
                  className={picked === n ? 'candidate picked' : 'candidate'}
                  data-testid={`candidate-${n}`}
                  data-picked={picked === n}
                  onClick={() => setPicked(n)}
                >
                  <header className="candidate-head">
                    <strong>{count > 1 ? t('dialogue.candidate', { letter: letterOf(n) }) : t('dialogue.role.assistant')}</strong>
                    {count > 1 ? <kbd>{n + 1}</kbd> : null}
                    {ranker ? <span className="muted small">{t('dialogue.rank', { n: ranking.indexOf(n) + 1 })}</span> : null}
                  </header>
                  <Markdown source={text} />
                  {ratingControls.map((control) => {
                    const item = result.find((r) => r.from_name === control.name && r.type === 'responserating');
                    const score = item?.type === 'responserating' ? (item.value.ratings[n] ?? 0) : 0;
                    return (
                      <div key={control.name} className="rating-levels small" role="radiogroup" aria-label={`${control.title ?? control.name} ${letterOf(n)}`} data-testid={`response-rating-${control.name}-${n}`} data-value={score || ''}>
                        <span className="label-bar-title">{control.title ?? control.name}</span>
                        {Array.from({ length: control.maxRating }, (_, i) => i + 1).map((level) => (
                          <button
                            type="button"
                            key={level}
                            role="radio"
                            aria-checked={score === level}
                            className={score === level ? 'rating-level active' : 'rating-level'}
                            title={control.descriptions?.[level - 1]}
                            onClick={() => apply(setResponseRating(result, { ...base(control), count, response: n, rating: level }))}
                          >
                            <strong>{level}</strong>
                            {control.descriptions?.[level - 1] ? <span className="rating-description">{control.descriptions[level - 1]}</span> : null}
                          </button>
                        ))}
                      </div>
                    );
                  })}
                  {turnLabels(turnOfCandidate(n))}
                  {editControl ? (
                    isEditing ? (
                      <div className="gold-editor" data-testid={`gold-editor-${n}`}>
                        <span className="label-bar-title">{t('dialogue.goldEditing', { letter: letterOf(n) })}</span>
                        <textarea
                          rows={6}
                          value={goldHere ?? text}
                          spellCheck={false}
                          autoFocus
                          data-testid={`gold-text-${n}`}
                          onChange={(e) => writeGold(n, e.target.value)}
                          onKeyDown={(e) => {
                            if (e.key === 'Escape') {
                              e.currentTarget.blur();
                              setEditing(null);
                            }
                          }}
                        />
                        <div className="gold-actions">
                          <button type="button" className="btn btn-small" onClick={() => setEditing(null)} data-testid={`gold-done-${n}`}>
                            {t('dialogue.goldDone')}
                          </button>
                          <button type="button" className="btn btn-small" onClick={() => writeGold(n, text)}>
                            {t('dialogue.goldReset')}
                          </button>
                        </div>
                      </div>
                    ) : (
                      <button type="button" className="btn btn-small" onClick={() => setEditing(n)} data-testid={`gold-edit-${n}`}>
                        {t('dialogue.editGold')} <kbd>Alt+E</kbd>
                      </button>
                    )
                  ) : null}
                  {goldHere !== null ? <DiffView original={text} text={goldHere} /> : null}
                </article>
              );
            })}
          </div>
          {pairwise && count >= 2 ? (
            <div className="pairwise-control" data-testid={`pairwise-${pairwise.name}`} data-value={chosen?.selected ?? ''}>
              <span className="label-bar-title">
                {pairwise.title ?? pairwise.name}
                {pairwise.required ? ' *' : ''}
              </span>
              {(['left', 'right', 'tie'] as const)
                .filter((s) => s !== 'tie' || pairwise.allowTie !== false)
                .map((s) => (
                  <button type="button" key={s} aria-pressed={chosen?.selected === s} className={chosen?.selected === s ? 'btn btn-small active' : 'btn btn-small'} onClick={() => choose(s)} data-testid={`pairwise-${pairwise.name}-${s}`}>
                    {t(`dialogue.pairwise.${s}`)} <kbd>{s === 'left' ? 'Alt+A' : s === 'right' ? 'Alt+B' : 'Alt+T'}</kbd>
                  </button>
                ))}
              <input
                className="pairwise-reason"
                value={chosen?.reason ?? ''}
                placeholder={t('dialogue.reasonPlaceholder')}
                aria-label={t('dialogue.reason')}
                disabled={!chosen}
                onChange={(e) => apply(setPairwise(result, { ...base(pairwise), reason: e.target.value }), `reason-${pairwise.name}`)}
                data-testid={`pairwise-reason-${pairwise.name}`}
              />
            </div>
          ) : null}
          {ranker && count >= 2 ? (
            <div className="ranker-control" data-testid={`ranker-${ranker.name}`} data-value={ranking.join(',')}>
              <span className="label-bar-title">{ranker.title ?? ranker.name}</span>
              <span className="muted small">{t('dialogue.rankingHint')}</span>
              {result.some((r) => r.from_name === ranker.name && r.type === 'ranker') ? null : (
                <button type="button" className="btn btn-small" onClick={() => rank(ranking)} data-testid={`ranker-confirm-${ranker.name}`}>
                  {t('dialogue.confirmRanking')}
                </button>
              )}
              <ol className="ranking-list">
                {ranking.map((candidate, position) => (
                  <li
                    key={candidate}
                    draggable
                    className={picked === candidate ? 'ranking-item picked' : 'ranking-item'}
                    data-testid={`rank-item-${candidate}`}
                    onClick={() => setPicked(candidate)}
                    onDragStart={(e: DragEvent<HTMLLIElement>) => {
                      setDragged(candidate);
                      e.dataTransfer.effectAllowed = 'move';
                    }}
                    onDragOver={(e) => e.preventDefault()}
                    onDrop={(e) => {
                      e.preventDefault();
                      if (dragged !== null) rank(placeInRanking(ranking, dragged, position));
                      setDragged(null);
                    }}
                  >
                    <span className="rank-number">{position + 1}</span>
                    <strong>{letterOf(candidate)}</strong>
                    <span className="ranking-preview small">{candidates[candidate]?.slice(0, 80)}</span>
                    <button type="button" className="btn btn-small" aria-label={t('dialogue.moveUp')} disabled={position === 0} onClick={() => rank(moveInRanking(ranking, candidate, -1))}>
                      ↑
                    </button>
                    <button type="button" className="btn btn-small" aria-label={t('dialogue.moveDown')} disabled={position === ranking.length - 1} onClick={() => rank(moveInRanking(ranking, candidate, 1))}>
                      ↓
                    </button>
                  </li>
                ))}
              </ol>
            </div>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

/** A gold edit against its original, character by character: deletions struck through, insertions marked. */
export function DiffView({ original, text }: { original: string; text: string }) {
  const t = useT();
  return (
    <div className="gold-diff" data-testid="gold-diff">
      <span className="label-bar-title small">{t('dialogue.goldDiff')}</span>
      <p className="diff-text">
        {responseDiff(original, text).map((run, i) =>
          run.op === 'insert' ? <ins key={i}>{run.text}</ins> : run.op === 'delete' ? <del key={i}>{run.text}</del> : <span key={i}>{run.text}</span>,
        )}
      </p>
    </div>
  );
}
