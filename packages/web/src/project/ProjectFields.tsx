import { useT } from '../i18n/i18n.tsx';
import { MAX_LEASE_MINUTES, MIN_LEASE_MINUTES, type ProjectFormValues } from './project-form.ts';

/** Name, description, overlap and lease inputs shared by "new project" and settings. */
export function ProjectFields({ values, onChange }: { values: ProjectFormValues; onChange: (v: ProjectFormValues) => void }) {
  const t = useT();
  return (
    <div className="form-grid">
      <label className="form-row span-2">
        <span>{t('project.name')}</span>
        <input required maxLength={200} value={values.name} onChange={(e) => onChange({ ...values, name: e.target.value })} data-testid="project-name" />
      </label>
      <label className="form-row span-2">
        <span>{t('project.description')}</span>
        <textarea rows={2} maxLength={10000} value={values.description} onChange={(e) => onChange({ ...values, description: e.target.value })} data-testid="project-description" />
      </label>
      <label className="form-row">
        <span>{t('project.overlap')}</span>
        <input type="number" min={1} max={100} value={values.overlap} onChange={(e) => onChange({ ...values, overlap: e.target.valueAsNumber })} data-testid="project-overlap" />
        <small className="muted">{t('project.overlapHint')}</small>
      </label>
      <label className="form-row">
        <span>{t('project.lease')}</span>
        <input type="number" min={MIN_LEASE_MINUTES} max={MAX_LEASE_MINUTES} value={values.leaseMinutes} onChange={(e) => onChange({ ...values, leaseMinutes: e.target.valueAsNumber })} data-testid="project-lease" />
        <small className="muted">{t('project.leaseHint')}</small>
      </label>
    </div>
  );
}
