import type { ValidationIssue } from '@yungang/core';
import { useT } from '../i18n/i18n.tsx';

/** Why a result cannot be sent yet (missing required controls, core's checks), with paths. */
export function ResultIssues({ issues }: { issues: readonly ValidationIssue[] }) {
  const t = useT();
  if (issues.length === 0) return null;
  return (
    <div className="alert alert-error" role="alert" data-testid="result-issues">
      <strong>{t('workbench.resultInvalid')}</strong>
      <ul className="issue-list">
        {issues.map((i, n) => (
          <li key={n}>
            {i.path ? <code>{i.path}</code> : null} {i.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
