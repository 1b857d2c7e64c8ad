import { useState } from 'react';
import { useT } from '../i18n/i18n.tsx';

/** Copies `text` to the clipboard; says "copied" once it has. */
export function CopyButton({ text, testId }: { text: string; testId?: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <button type="button" className="btn btn-small" onClick={() => void copy()} data-testid={testId}>
      {copied ? t('common.copied') : t('common.copy')}
    </button>
  );
}
