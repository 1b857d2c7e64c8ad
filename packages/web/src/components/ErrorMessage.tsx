import { ApiError, importErrorDetails } from '../api/api-error.ts';
import { useT } from '../i18n/i18n.tsx';
import { isMessageKey } from '../i18n/translate.ts';

/** A failed request, in the user's language, with the server's own message as detail. */
export function ErrorMessage({ error }: { error: unknown }) {
  const t = useT();
  if (error === null || error === undefined) return null;
  let title = t('error.generic');
  let detail = error instanceof Error ? error.message : String(error);
  if (error instanceof ApiError) {
    const key = `error.${error.code}`;
    if (isMessageKey(key)) title = t(key);
    if (error.code === 'network') detail = '';
  }
  // Validation errors carry {issues:[{path, message}]}: list them with their paths.
  const issues = error instanceof ApiError ? importErrorDetails(error.details).issues : [];
  return (
    <div className="alert alert-error" role="alert">
      <strong>{title}</strong>
      {detail && detail !== title ? <span className="alert-detail">{detail}</span> : null}
      {issues.length > 1 ? (
        <ul className="issue-list">
          {issues.slice(0, 20).map((i, n) => (
            <li key={n}>
              {i.path ? <code>{i.path}</code> : null} {i.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
