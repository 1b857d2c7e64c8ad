import { useT } from '../i18n/i18n.tsx';

/** The keyboard cheat sheet under the editor; `mode` says what Ctrl+Enter does and whether Alt+S skips. */
export function ShortcutHelp({ mode }: { mode: 'annotate' | 'edit' }) {
  const t = useT();
  const rows: [string, string][] = [
    ['← → Home End', t('help.caret')],
    ['Shift + ← →', t('help.extend')],
    ['1 2 3 / a b c', t('help.hotkey')],
    ['Delete', t('help.delete')],
    [t('help.wheelKey'), t('help.zoom')],
    [t('help.panKey'), t('help.pan')],
    ['← → ↑ ↓', t('help.nudge')],
    ['Enter / Backspace / Esc', t('help.polygon')],
    ['Alt+H / Alt+L', t('help.hideLock')],
    ['Alt+] / Alt+[', t('help.zOrder')],
    ['Alt+R / Shift+Alt+R', t('help.rotate')],
    ['Enter / Delete', t('help.predictedShape')],
    ['E / [ ]', t('help.brush')],
    ['Space / ← →', t('help.audioPlay')],
    ['Enter', t('help.audioMark')],
    ['Alt+X / Alt+J / Alt+R / Alt+N Alt+P', t('help.audioEdit')],
    ['[ ] / ; \'', t('help.audioNudge')],
    ['< > / - =', t('help.audioView')],
    ['← → / Shift+← →', t('help.videoFrames')],
    ['[ ]', t('help.videoKeyframes')],
    ['Enter · Backspace · Esc', t('help.videoFinish')],
    ['Alt+O', t('help.videoLeaves')],
    ['Delete / Shift+Delete', t('help.videoDelete')],
    ['1 … N', t('help.dialogueSelect')],
    ['Alt+↑ / Alt+↓', t('help.dialogueMove')],
    ['Alt+A / Alt+B / Alt+T', t('help.dialoguePairwise')],
    ['Alt+E', t('help.dialogueEdit')],
    ['Ctrl+Z / Ctrl+Shift+Z', t('help.undo')],
    ['Ctrl+Enter', mode === 'edit' ? t('help.save') : t('help.submit')],
    ...(mode === 'annotate' ? ([['Alt+S', t('help.skip')], ['Alt+C', t('help.copyPrevious')], ['Alt+M', t('help.suggest')], ['Alt+click', t('help.assistPoint')], ['Tab / Esc', t('help.suggestAccept')]] as [string, string][]) : []),
    ['Esc', t('help.escape')],
  ];
  return (
    <details className="shortcut-help">
      <summary>{t('help.title')}</summary>
      <dl>
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>
              <kbd>{k}</kbd>
            </dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
