import { useCallback, useState } from 'react';
import { CopyButton } from '../components/CopyButton.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useApi } from '../session/session.tsx';
import { currentVerifierKey, verifyCommand } from './provenance-format.ts';

/** How to check a downloaded bundle offline: the command with this instance's verifier key, ready to copy. */
export function VerifyHelp({ bundleFile }: { bundleFile: string }) {
  const { t } = useI18n();
  const api = useApi();
  const load = useCallback(() => api.logKeys(), [api]);
  const { data: keys, error } = useLoad(load);
  const key = keys ? currentVerifierKey(keys) : null;
  const older = keys ? keys.trusted.filter((k) => k !== key) : [];
  return (
    <section className="panel verify-help" data-testid="verify-help">
      <h2 className="panel-title">{t('datasets.verifyTitle')}</h2>
      <p className="muted small">{t('datasets.verifyHelp')}</p>
      <ErrorMessage error={error} />
      {!keys && !error ? <Spinner /> : null}
      {key ? (
        <>
          <CopyableCode text={verifyCommand(bundleFile, key)} testId="verify-command" />
          <div className="fact-label small">{t('datasets.verifierKey')}</div>
          <CopyableCode text={key} testId="verifier-key" />
        </>
      ) : null}
      {older.length > 0 ? (
        <div className="small">
          <div className="muted">{t('datasets.otherKeys')}</div>
          <ul className="key-list">
            {older.map((k) => (
              <li key={k}>
                <code>{k}</code>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <CheckpointDetails />
    </section>
  );
}

function CopyableCode({ text, testId }: { text: string; testId: string }) {
  return (
    <div className="command-box">
      <code data-testid={testId}>{text}</code>
      <CopyButton text={text} testId={`${testId}-copy`} />
    </div>
  );
}

/** The newest signed checkpoint, fetched when opened. */
function CheckpointDetails() {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <details className="checkpoint-details" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="muted small">{t('datasets.checkpoint')}</summary>
      {open ? <CheckpointText /> : null}
    </details>
  );
}

function CheckpointText() {
  const api = useApi();
  const load = useCallback(() => api.checkpoint(), [api]);
  const { data, error } = useLoad(load);
  if (error) return <ErrorMessage error={error} />;
  if (data === null) return <Spinner />;
  return (
    <pre className="note-text" data-testid="log-checkpoint">
      {data}
    </pre>
  );
}
