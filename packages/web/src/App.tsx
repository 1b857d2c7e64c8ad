import { useEffect, type ReactNode } from 'react';
import { Spinner } from './components/Spinner.tsx';
import { TopBar } from './components/TopBar.tsx';
import { AuditPage } from './pages/AuditPage.tsx';
import { CardPage } from './catalog/CardPage.tsx';
import { CatalogPage, isCatalogTab } from './catalog/CatalogPage.tsx';
import { useT } from './i18n/i18n.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { MembersPage } from './pages/MembersPage.tsx';
import { NewProjectPage } from './pages/NewProjectPage.tsx';
import { ProjectsPage } from './pages/ProjectsPage.tsx';
import { SetupPage } from './pages/SetupPage.tsx';
import { TokensPage } from './pages/TokensPage.tsx';
import { isProjectTab, ProjectPage } from './project/ProjectPage.tsx';
import { AdjudicationPage } from './quality/AdjudicationPage.tsx';
import { INSPECTION_ROUTE } from './quality/inspection-format.ts';
import { InspectionPage } from './quality/InspectionPage.tsx';
import { QualityReportPage } from './quality/QualityReportPage.tsx';
import { QUALITY_REPORT_ROUTE } from './quality/report-format.ts';
import { ReviewPage } from './quality/ReviewPage.tsx';
import { matchRoute } from './router/match-route.ts';
import { Link, navigate, usePathname } from './router/router.tsx';
import { useSession } from './session/session.tsx';
import { EDIT_ANNOTATION_ROUTE } from './workbench/annotation-edit.ts';
import { EditAnnotationPage } from './workbench/EditAnnotationPage.tsx';
import { WorkbenchPage } from './workbench/WorkbenchPage.tsx';
import { Watermark } from './watermark/Watermark.tsx';
import { trainingRoute } from './training/training-routes.tsx';
import { WorkPackagePage } from './work-packages/WorkPackagePage.tsx';
import { WorkPackagesPage } from './work-packages/WorkPackagesPage.tsx';

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

/** The signed-in app's routes; the first matching pattern wins. */
function routeFor(path: string): ReactNode {
  if (path === '/' || path === '/login' || path === '/setup') return <Redirect to="/projects" />;
  if (matchRoute('/projects', path)) return <ProjectsPage />;
  if (matchRoute('/projects/new', path)) return <NewProjectPage />;
  let m = matchRoute('/projects/:id/annotate', path);
  if (m?.id) return <WorkbenchPage key={m.id} projectId={m.id} />;
  m = matchRoute('/projects/:id/review', path);
  if (m?.id) return <ReviewPage key={m.id} projectId={m.id} />;
  m = matchRoute('/projects/:id/adjudicate', path);
  if (m?.id) return <AdjudicationPage key={m.id} projectId={m.id} />;
  m = matchRoute(INSPECTION_ROUTE, path);
  if (m?.projectId && m.versionId && m.inspectionId) {
    return <InspectionPage key={m.inspectionId} projectId={m.projectId} versionId={m.versionId} inspectionId={m.inspectionId} />;
  }
  m = matchRoute(QUALITY_REPORT_ROUTE, path);
  if (m?.id) return <QualityReportPage key={m.id} projectId={m.id} />;
  m = matchRoute(EDIT_ANNOTATION_ROUTE, path);
  if (m?.projectId && m.taskId && m.annotationId) {
    return <EditAnnotationPage key={m.annotationId} projectId={m.projectId} taskId={m.taskId} annotationId={m.annotationId} />;
  }
  m = matchRoute('/projects/:id/:tab?', path);
  if (m?.id) {
    const tab = m.tab ?? 'tasks';
    return isProjectTab(tab) ? <ProjectPage key={m.id} projectId={m.id} tab={tab} /> : null;
  }
  if (matchRoute('/org/members', path)) return <MembersPage />;
  if (matchRoute('/account/tokens', path)) return <TokensPage />;
  if (matchRoute('/audit', path)) return <AuditPage />;
  m = matchRoute('/catalog/cards/:id', path);
  if (m?.id) return <CardPage cardId={m.id} />;
  m = matchRoute('/catalog/:tab?', path);
  if (m && (m.tab === undefined || isCatalogTab(m.tab))) return <CatalogPage tab={m.tab === undefined ? 'search' : m.tab} />;
  if (matchRoute('/work-packages', path)) return <WorkPackagesPage />;
  m = matchRoute('/work-packages/:id', path);
  if (m?.id) return <WorkPackagePage key={m.id} packageId={m.id} />;
  const training = trainingRoute(path);
  if (training) return training;
  return null;
}

function NotFound() {
  const t = useT();
  return (
    <div className="page">
      <div className="empty empty-large">
        <h2>{t('notFound.title')}</h2>
        <Link to="/projects" className="btn btn-primary">
          {t('notFound.back')}
        </Link>
      </div>
    </div>
  );
}

export function App() {
  const t = useT();
  const { status, me, org, retry } = useSession();
  const path = usePathname();

  if (status === 'loading') return <Spinner />;
  if (status === 'offline') {
    return (
      <div className="page">
        <div className="empty empty-large">
          <h2>{t('error.offline')}</h2>
          <button type="button" className="btn btn-primary" onClick={retry}>
            {t('common.retry')}
          </button>
        </div>
      </div>
    );
  }
  if (status === 'setup') return path === '/setup' ? <SetupPage /> : <Redirect to="/setup" />;
  if (status === 'anonymous') return path === '/login' ? <LoginPage /> : <Redirect to="/login" />;
  const page = routeFor(path) ?? <NotFound />;
  return (
    <div className="app">
      <TopBar />
      {/* Every signed-in page carries the watermark: who, which organisation, when (docs/security.md). */}
      {me ? <Watermark identity={{ name: me.user.name, email: me.user.email, userId: me.user.id, orgName: org?.name ?? null }} /> : null}
      {/* Re-mount every page on an organisation switch so nothing shows the previous org's data. */}
      <main className="main" key={org?.id ?? 'none'}>
        {org ? page : <div className="page empty">{t('app.noOrg')}</div>}
      </main>
    </div>
  );
}
