import { useI18n } from '../i18n/i18n.tsx';
import { isMessageKey } from '../i18n/translate.ts';
import type { Fact } from './provenance-format.ts';

/** An entry's summary as "label value" chips; hashes in monospace, the full value in the tooltip. */
export function FactList({ facts }: { facts: readonly Fact[] }) {
  const { t } = useI18n();
  const valueOf = (f: Fact): string => {
    const roleKey = `role.${f.value}`;
    return f.field === 'role' && isMessageKey(roleKey) ? t(roleKey) : f.value;
  };
  return (
    <div className="fact-list" data-testid="history-facts">
      {facts.map((f) => (
        <span className="fact" key={f.field} data-field={f.field}>
          <span className="fact-label">{t(`history.field.${f.field}`)}</span>
          {f.hash ? (
            <code className="hash" title={f.full}>
              {f.value}
            </code>
          ) : (
            <span className="fact-value" title={f.full}>
              {valueOf(f)}
            </span>
          )}
        </span>
      ))}
    </div>
  );
}
