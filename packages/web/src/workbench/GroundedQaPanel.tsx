import { useState } from 'react';
import { DEFAULT_MAX_QA_PAIRS, type AnnotationResult, type GroundedQaControl, type QaPair } from '@yungang/core';
import { useT } from '../i18n/i18n.tsx';
import type { AnnotationAction } from './annotation-state.ts';
import { newResultId } from './annotation-state.ts';
import { addQaEvidence, addQaPair, qaIssues, qaPairsIn, removeQaEvidence, removeQaPair, setQaPairs, updateQaPair } from './qa-edit.ts';

export interface GroundedQaPanelProps {
  control: GroundedQaControl;
  /** The passage (the text field's value). */
  passage: string;
  /** The passage text selected now, in code points; null when nothing is selected. */
  selection: { start: number; end: number; text: string } | null;
  result: AnnotationResult;
  dispatch: (action: AnnotationAction) => void;
}

/**
 * Grounded question–answer writing under a passage (docs/llm-data.md): select text in the passage and add
 * it as evidence of the current pair, write the question and the answer; the control's rules (lengths,
 * endings, patterns, forbidden phrases, extractive answers) are shown beside each box as they are broken,
 * with core's messages, the ones the server gives on submit.
 */
export function GroundedQaPanel({ control, passage, selection, result, dispatch }: GroundedQaPanelProps) {
  const t = useT();
  const pairs = qaPairsIn(result, control.name);
  const [current, setCurrent] = useState(0);
  const active = Math.min(current, Math.max(0, pairs.length - 1));
  const max = control.maxPairs ?? DEFAULT_MAX_QA_PAIRS;
  const issues = qaIssues(control, passage, pairs);
  const apply = (next: QaPair[], streak?: string) => {
    const edited = setQaPairs(result, { id: newResultId(), fromName: control.name, toName: control.toName, pairs: next });
    dispatch(streak === undefined ? { type: 'edit', result: edited } : { type: 'edit', result: edited, streak });
  };
  const messages = (key: string) =>
    (issues.get(key) ?? []).map((m) => (
      <span key={m} className="small field-error" data-testid={`qa-issue-${key}`}>
        {m}
      </span>
    ));

  return (
    <section className="qa-panel" data-testid={`qa-${control.name}`} aria-label={control.title ?? control.name}>
      <div className="qa-head">
        <span className="label-bar-title">
          {control.title ?? control.name}
          {control.required ? ' *' : ''}
        </span>
        <span className="muted small">{t('qa.count', { count: pairs.length, max })}</span>
        <button type="button" className="btn btn-small" disabled={selection === null} title={t('qa.addEvidenceHint')} data-testid="qa-add-evidence" onClick={() => selection && apply(addQaEvidence(pairs, active, selection))}>
          {t('qa.addEvidence')}
        </button>
        <button
          type="button"
          className="btn btn-small"
          disabled={pairs.length >= max}
          data-testid="qa-add-pair"
          onClick={() => {
            apply(addQaPair(pairs));
            setCurrent(pairs.length);
          }}
        >
          {t('qa.addPair')}
        </button>
      </div>
      {pairs.length === 0 ? <p className="muted small">{t('qa.empty')}</p> : null}
      {messages('pairs')}
      <ol className="qa-pairs">
        {pairs.map((pair, n) => (
          <li key={n} className={n === active ? 'qa-pair active' : 'qa-pair'} data-testid={`qa-pair-${n}`} onFocus={() => setCurrent(n)} onClick={() => setCurrent(n)}>
            <div className="qa-evidence">
              <span className="small muted">{t('qa.evidence')}</span>
              {pair.evidence.map((e, j) => (
                <span key={`${e.start}-${e.end}`} className="badge qa-evidence-chip" data-testid={`qa-evidence-${n}-${j}`} title={`${e.start}–${e.end}`}>
                  {e.text}
                  <button type="button" className="link-button" aria-label={t('common.remove')} onClick={() => apply(removeQaEvidence(pairs, n, j))}>
                    ×
                  </button>
                </span>
              ))}
              {messages(`${n}.evidence`)}
            </div>
            <label className="qa-field">
              <span className="small">{t('qa.question')}</span>
              <textarea rows={2} value={pair.question} spellCheck={false} data-testid={`qa-question-${n}`} onChange={(e) => apply(updateQaPair(pairs, n, { question: e.target.value }), `qa-q-${n}`)} onKeyDown={(e) => e.key === 'Escape' && e.currentTarget.blur()} />
              {messages(`${n}.question`)}
            </label>
            <label className="qa-field">
              <span className="small">{t('qa.answer')}</span>
              <textarea rows={2} value={pair.answer} spellCheck={false} data-testid={`qa-answer-${n}`} onChange={(e) => apply(updateQaPair(pairs, n, { answer: e.target.value }), `qa-a-${n}`)} onKeyDown={(e) => e.key === 'Escape' && e.currentTarget.blur()} />
              {messages(`${n}.answer`)}
            </label>
            <button type="button" className="btn btn-small" data-testid={`qa-remove-${n}`} onClick={() => apply(removeQaPair(pairs, n))}>
              {t('qa.removePair')}
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
