import { useCallback } from 'react';
import type { ProjectDto } from '@yungang/core';
import { workPackagesApi } from '../api/work-packages-api.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router/router.tsx';
import { useSession } from '../session/session.tsx';
import { CreateWorkPackagePanel } from './CreateWorkPackagePanel.tsx';
import { PackageRow } from './WorkPackagesPage.tsx';
import './work-packages.css';

/** The project's Outsource tab: cut a work package for vendors, and the packages cut from this project. */
export function OutsourceTab({ project }: { project: ProjectDto }) {
  const { t } = useI18n();
  const { api } = useSession();
  const load = useCallback(async () => (await workPackagesApi.list(api, 'client')).filter((p) => p.projectId === project.id), [api, project.id]);
  const packages = useLoad(load);
  return (
    <div data-testid="outsource-tab">
      <CreateWorkPackagePanel projectId={project.id} onCreated={packages.reload} />
      <section className="panel">
        <h2 className="panel-title">{t('workPackages.ofProject')}</h2>
        <ErrorMessage error={packages.error} />
        {packages.data ? (
          packages.data.length === 0 ? (
            <p className="muted">{t('workPackages.none')}</p>
          ) : (
            packages.data.map((p) => <PackageRow key={p.id} pkg={p} onChanged={packages.reload} testId="wp-project-row" />)
          )
        ) : packages.error ? null : (
          <Spinner />
        )}
        <p className="small">
          <Link to="/work-packages">{t('workPackages.all')}</Link>
        </p>
      </section>
    </div>
  );
}
