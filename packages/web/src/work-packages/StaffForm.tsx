import { useCallback, useEffect, useState } from 'react';
import type { WorkPackageStaffDto } from '@yungang/core';
import { workPackagesApi } from '../api/work-packages-api.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useSession } from '../session/session.tsx';

/**
 * The vendor's staff of a package: its own members ticked as annotators and/or reviewers. Only they may
 * claim the package project's tasks and reviews. Read-only when the caller may not assign (`editable`).
 */
export function StaffForm({ packageId, editable }: { packageId: string; editable: boolean }) {
  const { t } = useI18n();
  const { api, org } = useSession();
  const orgId = org?.id ?? '';
  const loadMembers = useCallback(() => (orgId ? api.listMembers(orgId) : Promise.resolve([])), [api, orgId]);
  const loadStaff = useCallback(() => workPackagesApi.staff(api, packageId), [api, packageId]);
  const members = useLoad(loadMembers);
  const staff = useLoad(loadStaff);
  const [annotators, setAnnotators] = useState<Set<string>>(new Set());
  const [reviewers, setReviewers] = useState<Set<string>>(new Set());
  const [saved, setSaved] = useState<WorkPackageStaffDto | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!staff.data) return;
    setAnnotators(new Set(staff.data.annotators.map((s) => s.userId)));
    setReviewers(new Set(staff.data.reviewers.map((s) => s.userId)));
  }, [staff.data]);

  const toggle = (set: Set<string>, update: (next: Set<string>) => void, userId: string) => {
    const next = new Set(set);
    if (next.has(userId)) next.delete(userId);
    else next.add(userId);
    update(next);
    setSaved(null);
  };
  const save = async () => {
    setError(null);
    setBusy(true);
    try {
      setSaved(await workPackagesApi.setStaff(api, packageId, { annotators: [...annotators], reviewers: [...reviewers] }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" data-testid="wp-staff">
      <h2 className="panel-title">{t('workPackages.staff')}</h2>
      <p className="muted small">{t('workPackages.staffHint')}</p>
      <ErrorMessage error={members.error ?? staff.error ?? error} />
      {!members.data || !staff.data ? (
        members.error || staff.error ? null : <Spinner />
      ) : (
        <>
          <table className="data-table wp-staff">
            <thead>
              <tr>
                <th>{t('members.name')}</th>
                <th>{t('workPackages.annotator')}</th>
                <th>{t('workPackages.reviewer')}</th>
              </tr>
            </thead>
            <tbody>
              {members.data.map((m) => (
                <tr key={m.user.id} data-testid="wp-staff-member" data-email={m.user.email}>
                  <td>
                    {m.user.name} <span className="muted small mono">{m.user.email}</span> <span className="muted small">· {t(`role.${m.role}`)}</span>
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      disabled={!editable}
                      checked={annotators.has(m.user.id)}
                      onChange={() => toggle(annotators, setAnnotators, m.user.id)}
                      aria-label={`${t('workPackages.annotator')} ${m.user.email}`}
                      data-testid="wp-staff-annotator"
                    />
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      disabled={!editable}
                      checked={reviewers.has(m.user.id)}
                      onChange={() => toggle(reviewers, setReviewers, m.user.id)}
                      aria-label={`${t('workPackages.reviewer')} ${m.user.email}`}
                      data-testid="wp-staff-reviewer"
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {editable ? (
            <div className="row-gap" style={{ marginTop: 10 }}>
              <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void save()} data-testid="wp-staff-save">
                {t('common.save')}
              </button>
              {saved ? (
                <span className="ok-text small" data-testid="wp-staff-saved">
                  {t('workPackages.staffSaved', { annotators: saved.annotators.length, reviewers: saved.reviewers.length })}
                </span>
              ) : null}
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}
