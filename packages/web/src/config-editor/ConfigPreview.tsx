import { useMemo, useReducer } from 'react';
import type { LabelConfig } from '@yungang/core';
import { useT } from '../i18n/i18n.tsx';
import { annotationReducer, initialHistory } from '../workbench/annotation-state.ts';
import { AnnotationEditor } from '../workbench/AnnotationEditor.tsx';

const SAMPLES = [
  '2024年5月，李明在北京大学参加了由华为技术有限公司主办的人工智能论坛，随后前往上海浦东新区考察。😀',
  '患者王芳，女，45岁，因“反复咳嗽两周”于2023年11月3日至广州市第一人民医院呼吸内科就诊。',
  '云冈石窟位于山西省大同市，是中国规模最大的古代石窟群之一，每年吸引大量游客。',
];

/** The real annotation component on sample Chinese text, with its own throw-away result. */
export function ConfigPreview({ config }: { config: LabelConfig }) {
  const t = useT();
  const data = useMemo(() => Object.fromEntries(config.fields.map((f, i) => [f.name, SAMPLES[i % SAMPLES.length] ?? ''])), [config]);
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
