import { useCallback, useState, type FormEvent } from 'react';
import { CURRENCIES, type WorkPackageDto } from '@yungang/core';
import { catalogApi } from '../api/catalog-api.ts';
import { workPackagesApi } from '../api/work-packages-api.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useSession } from '../session/session.tsx';
import { checkWorkPackageForm, defaultDeadline, type FormIssue, type WorkPackageForm } from './work-package-format.ts';

/**
 * Cuts a work package from a project: the terms (price per accepted item in yuan, deadline, quality floor),
 * how many open tasks, and the vendor organisations it will be offered to. It starts as a draft; offering
 * it is a separate act (an owner's or admin's approval may be needed, since vendors will see the data).
 */
export function CreateWorkPackagePanel({ projectId, onCreated }: { projectId: string; onCreated: (pkg: WorkPackageDto) => void }) {
  const { t } = useI18n();
  const { api, org } = useSession();
  const loadOrgs = useCallback(() => catalogApi.organizations(api), [api]);
  const orgs = useLoad(loadOrgs);
  const [form, setForm] = useState<WorkPackageForm>(() => ({
    title: '',
    instructions: '',
    limit: '',
    unitPrice: '',
    currency: 'CNY',
    deadline: defaultDeadline(),
    qualityFloorPercent: '90',
    vendorOrgIds: [],
  }));
  const [issues, setIssues] = useState<FormIssue[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof WorkPackageForm>(key: K, value: WorkPackageForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    // A field's message goes once it is edited; the others stay until the next submit.
    setIssues((list) => list.filter((i) => i.field !== key));
  };
  const issueOf = (field: keyof WorkPackageForm) => {
    const issue = issues.find((i) => i.field === field);
    return issue ? (
      <small className="field-error" data-testid={`wp-form-error-${field}`}>
        {t(issue.key)}
      </small>
    ) : null;
  };
  const toggleVendor = (orgId: string) =>
    set('vendorOrgIds', form.vendorOrgIds.includes(orgId) ? form.vendorOrgIds.filter((v) => v !== orgId) : [...form.vendorOrgIds, orgId]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const check = checkWorkPackageForm(form);
    if (!check.ok) {
      setIssues(check.issues);
      return;
    }
    setIssues([]);
    setBusy(true);
    try {
      const created = await workPackagesApi.create(api, projectId, check.body);
      setForm((f) => ({ ...f, title: '', instructions: '' }));
      onCreated(created);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  // Other organisations only: a package is never offered to its own client.
  const vendors = (orgs.data ?? []).filter((o) => o.id !== org?.id);
  return (
    <form className="panel form" onSubmit={(e) => void submit(e)} data-testid="wp-create-form" noValidate>
      <h2 className="panel-title">{t('workPackages.createTitle')}</h2>
      <p className="muted small">{t('workPackages.createHint')}</p>
      <label className="form-row">
        <span>{t('workPackages.form.title')}</span>
        <input maxLength={200} value={form.title} onChange={(e) => set('title', e.target.value)} data-testid="wp-form-title" />
        {issueOf('title')}
      </label>
      <label className="form-row">
        <span>{t('workPackages.instructions')}</span>
        <textarea rows={4} maxLength={20000} value={form.instructions} onChange={(e) => set('instructions', e.target.value)} data-testid="wp-form-instructions" />
      </label>
      <div className="form-grid">
        <label className="form-row">
          <span>{t('workPackages.form.limit')}</span>
          <input inputMode="numeric" placeholder={t('workPackages.form.limitDefault')} value={form.limit} onChange={(e) => set('limit', e.target.value)} data-testid="wp-form-limit" />
          {issueOf('limit')}
        </label>
        <label className="form-row">
          <span>{t('workPackages.form.unitPrice')}</span>
          <input inputMode="decimal" placeholder="1.50" value={form.unitPrice} onChange={(e) => set('unitPrice', e.target.value)} data-testid="wp-form-price" />
          {issueOf('unitPrice')}
        </label>
        <label className="form-row">
          <span>{t('workPackages.form.currency')}</span>
          <select value={form.currency} onChange={(e) => set('currency', e.target.value)} data-testid="wp-form-currency">
            {CURRENCIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
          {issueOf('currency')}
        </label>
        <label className="form-row">
          <span>{t('workPackages.form.floor')}</span>
          <input inputMode="decimal" value={form.qualityFloorPercent} onChange={(e) => set('qualityFloorPercent', e.target.value)} data-testid="wp-form-floor" />
          {issueOf('qualityFloorPercent')}
        </label>
        <label className="form-row span-2">
          <span>{t('workPackages.deadline')}</span>
          <input type="datetime-local" value={form.deadline} onChange={(e) => set('deadline', e.target.value)} data-testid="wp-form-deadline" />
          {issueOf('deadline')}
        </label>
      </div>
      <fieldset className="form-row wp-fieldset">
        <span>{t('workPackages.form.vendors')}</span>
        <ErrorMessage error={orgs.error} />
        {orgs.data ? (
          vendors.length === 0 ? (
            <p className="muted small">{t('workPackages.form.noVendors')}</p>
          ) : (
            <div className="wp-vendor-list" data-testid="wp-form-vendors">
              {vendors.map((o) => (
                <label key={o.id}>
                  <input type="checkbox" checked={form.vendorOrgIds.includes(o.id)} onChange={() => toggleVendor(o.id)} data-testid="wp-form-vendor" data-org-id={o.id} />
                  {o.name}
                </label>
              ))}
            </div>
          )
        ) : orgs.error ? null : (
          <Spinner />
        )}
        {issueOf('vendorOrgIds')}
      </fieldset>
      <ErrorMessage error={error} />
      <div className="row-gap">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="wp-form-submit">
          {t('workPackages.form.submit')}
        </button>
      </div>
    </form>
  );
}
