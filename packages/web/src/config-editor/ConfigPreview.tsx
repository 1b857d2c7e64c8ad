import { useMemo, useReducer } from 'react';
import type { LabelConfig } from '@yungang/core';
import { useT } from '../i18n/i18n.tsx';
import { annotationReducer, initialHistory } from '../workbench/annotation-state.ts';
import { AnnotationEditor } from '../workbench/AnnotationEditor.tsx';
import { SAMPLE_DIALOGUE, SAMPLE_IMAGE, SAMPLE_TEXTS } from './preview-samples.ts';

/** The real annotation component on sample Chinese text and a sample image, with its own throw-away result. */
export function ConfigPreview({ config }: { config: LabelConfig }) {
  const t = useT();
  const data = useMemo(() => Object.fromEntries(config.fields.map((f, i) => [f.name, f.type === 'image' ? SAMPLE_IMAGE : f.type === 'dialogue' ? SAMPLE_DIALOGUE : f.type === 'video' ? '' : (SAMPLE_TEXTS[i % SAMPLE_TEXTS.length] ?? '')])), [config]);
  const [history, dispatch] = useReducer(annotationReducer, undefined, () => initialHistory());
  return (
    <div className="preview" data-testid="config-preview">
      <div className="preview-head">
        <h3>{t('config.preview')}</h3>
        <span className="muted small">{t('config.previewHint')}</span>
      </div>
      <AnnotationEditor config={config} data={data} history={history} dispatch={dispatch} hotkeyScope="container" />
      <details className="preview-json">
        <summary>{t('config.previewResult')}</summary>
        <pre>{JSON.stringify(history.present, null, 2)}</pre>
      </details>
    </div>
  );
}
