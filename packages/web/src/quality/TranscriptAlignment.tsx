import { useState } from 'react';
import type { LabelConfig, AnnotationResult } from '@yungang/core';
import { useT } from '../i18n/i18n.tsx';
import { transcriptAlignment, transcriptControls, type TranscriptReference } from './transcript-references.ts';
import './transcript-alignment.css';

/**
 * The edit alignment of the transcript under review against a reference the reviewer picks (another
 * annotator's transcript, the model's prediction): words (English) or characters (Chinese) struck out
 * where the work lacks or replaced them, underlined where it added them, with the WER or CER core's
 * metrics give for the same alignment. Nothing when the project has no transcript or there is no reference.
 */
export function TranscriptAlignment({ config, result, references }: { config: LabelConfig; result: AnnotationResult; references: TranscriptReference[] }) {
  const t = useT();
  const [picked, setPicked] = useState<string | null>(null);
  const controls = transcriptControls(config);
  if (controls.length === 0 || references.length === 0) return null;
  const reference = references.find((r) => r.key === picked) ?? references[0]!;
  const nameOf = (r: TranscriptReference) => (r.kind === 'prediction' ? t('align.ref.prediction', { name: r.name }) : r.kind === 'gold' ? t('align.ref.gold') : t('align.ref.annotation', { name: r.name }));
  return (
    <section className="transcript-alignment" data-testid="transcript-alignment" data-reference={reference.key}>
      <div className="transcript-alignment-head">
        <h3 className="small">{t('align.title')}</h3>
        <label className="small">
          {t('align.reference')}{' '}
          <select value={reference.key} onChange={(e) => setPicked(e.target.value)} data-testid="alignment-reference">
            {references.map((r) => (
              <option key={r.key} value={r.key}>
                {nameOf(r)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {controls.map((control) => {
        const alignment = transcriptAlignment(config, control, reference.result, result);
        if (!alignment) {
          return (
            <p key={control.name} className="muted small">
              {control.title}: {t('align.none')}
            </p>
          );
        }
        const rate = `${(alignment.rate * 100).toFixed(1)}%`;
        const gap = alignment.unit === 'word' ? ' ' : '';
        return (
          <div key={control.name} className="transcript-alignment-control" data-testid="alignment-control" data-control={control.name}>
            <div className="small">
              <strong>{control.title}</strong>{' '}
              <span className="badge" data-testid="alignment-rate" data-rate={alignment.rate} data-unit={alignment.unit}>
                {alignment.unit === 'word' ? t('align.rate.word', { rate }) : t('align.rate.char', { rate })}
              </span>{' '}
              <span className="muted" data-testid="alignment-counts">
                {t('align.counts', { s: alignment.substitutions, d: alignment.deletions, i: alignment.insertions })}
              </span>
            </div>
            <p className="alignment-text" lang={alignment.unit === 'char' ? 'zh' : 'en'}>
              {alignment.ops.map((op, k) => {
                const sep = k > 0 ? gap : '';
                switch (op.type) {
                  case 'equal':
                    return <span key={k}>{sep + op.hyp}</span>;
                  case 'substitute':
                    return (
                      <span key={k} className="align-sub" data-op="substitute" title={t('align.substituted', { ref: op.ref })}>
                        {sep}
                        <del>{op.ref}</del>
                        <ins>{op.hyp}</ins>
                      </span>
                    );
                  case 'delete':
                    return (
                      <span key={k} className="align-del" data-op="delete" title={t('align.deleted')}>
                        {sep}
                        <del>{op.ref}</del>
                      </span>
                    );
                  case 'insert':
                    return (
                      <span key={k} className="align-ins" data-op="insert" title={t('align.inserted')}>
                        {sep}
                        <ins>{op.hyp}</ins>
                      </span>
                    );
                }
              })}
            </p>
          </div>
        );
      })}
      <p className="muted small">{t('align.legend')}</p>
    </section>
  );
}
