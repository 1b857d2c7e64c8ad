import { useState } from 'react';
import type { PackageAction, WorkPackageDto } from '@yungang/core';
import { workPackagesApi } from '../api/work-packages-api.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useSession } from '../session/session.tsx';
import { allowedActions } from './work-package-format.ts';

const STAGE_BUTTONS: readonly PackageAction[] = ['offer', 'approve', 'accept', 'deliver'];

/**
 * The stage buttons of one package (offer, approve/reject, accept, deliver, cancel), shown only when core's
 * rules allow them for the caller's side and role. Reject and cancel need a reason, typed beside them.
 */
export function PackageActions({ pkg, onChanged }: { pkg: WorkPackageDto; onChanged: (next: WorkPackageDto) => void }) {
  const { t } = useI18n();
  const { api, org } = useSession();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const allowed = new Set(allowedActions(pkg, org?.role));
  const act = async (work: () => Promise<WorkPackageDto>) => {
    setError(null);
    setNotice(null);
    setBusy(true);
    try {
      const next = await work();
      // A manager's offer is held for an owner's or admin's approval: say so, since the row barely changes.
      if (next.stage === 'awaiting_approval') setNotice(t('workPackages.awaitsApproval'));
      setReason('');
      onChanged(next);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const needsReason = allowed.has('reject') || allowed.has('cancel');
  const hasButtons = STAGE_BUTTONS.some((a) => allowed.has(a)) || needsReason;
  if (!hasButtons && !error && !notice) return null;
  return (
    <div className="wp-actions" data-testid="wp-actions">
      <div className="order-actions">
        {allowed.has('offer') ? (
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void act(() => workPackagesApi.offer(api, pkg.id))} data-testid="wp-offer">
            {t('workPackages.act.offer')}
          </button>
        ) : null}
        {allowed.has('approve') ? (
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void act(() => workPackagesApi.approve(api, pkg.id))} data-testid="wp-approve">
            {t('workPackages.act.approve')}
          </button>
        ) : null}
        {allowed.has('accept') ? (
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void act(() => workPackagesApi.accept(api, pkg.id))} data-testid="wp-accept">
            {t('workPackages.act.accept')}
          </button>
        ) : null}
        {allowed.has('deliver') ? (
          <button
            type="button"
            className="btn btn-primary"
            disabled={busy}
            onClick={() => {
              if (window.confirm(t('workPackages.confirmDeliver'))) void act(() => workPackagesApi.deliver(api, pkg.id));
            }}
            data-testid="wp-deliver"
          >
            {t('workPackages.act.deliver')}
          </button>
        ) : null}
        {needsReason ? (
          <>
            <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('workPackages.reason')} maxLength={2000} data-testid="wp-reason" />
            {allowed.has('reject') ? (
              <button type="button" className="btn" disabled={busy || !reason.trim()} onClick={() => void act(() => workPackagesApi.reject(api, pkg.id, reason.trim()))} data-testid="wp-reject">
                {t('workPackages.act.reject')}
              </button>
            ) : null}
            {allowed.has('cancel') ? (
              <button type="button" className="btn btn-danger" disabled={busy || !reason.trim()} onClick={() => void act(() => workPackagesApi.cancel(api, pkg.id, reason.trim()))} data-testid="wp-cancel">
                {t('workPackages.act.cancel')}
              </button>
            ) : null}
          </>
        ) : null}
      </div>
      {notice ? <div className="alert alert-ok">{notice}</div> : null}
      <ErrorMessage error={error} />
    </div>
  );
}
