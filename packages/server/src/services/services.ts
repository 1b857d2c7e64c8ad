import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../db/database.js';
import type { BlobStore } from '../blobs/blob-store.js';
import { AnnotationService } from './annotation.service.js';
import { AuditService } from './audit.service.js';
import { LogService } from './log.service.js';
import { DatasetService } from './dataset.service.js';
import { ReviewService } from './review.service.js';
import { GoldService } from './gold.service.js';
import { AdjudicationService } from './adjudication.service.js';
import { QualityService } from './quality.service.js';
import { QualityReportService } from './quality-report.service.js';
import { InspectionService } from './inspection.service.js';
import { LogSequencer } from '../provenance/sequencer.js';
import type { LogKeyring } from '../provenance/log-keys.js';
import { AuthService } from './auth.service.js';
import { OrgSecurityService } from './org-security.service.js';
import { OidcService } from './oidc.service.js';
import type { SessionLimits } from '../auth/session-limits.js';
import { DistributionService } from './distribution.service.js';
import { ExportService } from './export.service.js';
import { ImportService } from './import.service.js';
import { OrgService } from './org.service.js';
import { ProjectService } from './project.service.js';
import { TaskService } from './task.service.js';
import { CourseService } from './course.service.js';
import { ExamService } from './exam.service.js';
import { ExamAttemptService } from './exam-attempt.service.js';
import { CertificationService } from './certification.service.js';
import { SkillService } from './skill.service.js';
import { MediaIntakeService, type MediaIntakeConfig } from './media-intake.service.js';
import { MediaAccessService } from './media-access.service.js';
import { ModelBackendService } from './model-backend.service.js';
import { ModelAssistService } from './model-assist.service.js';
import { ModelJudgeService } from './model-judge.service.js';
import { BackendRegistry } from '../models/backend-registry.js';
import { openSecretBox } from '../models/secret-box.js';
import { CatalogService } from './catalog.service.js';
import { CatalogAccessService } from './catalog-access.service.js';
import { CatalogOrderService } from './catalog-order.service.js';
import { WorkPackageService } from './work-package.service.js';
import { JobService } from './job.service.js';
import { ImportPipelineService } from './import-pipeline.service.js';
import { ExportJobService } from './export-job.service.js';
import { PipelineService } from './pipeline.service.js';
import { SynthesisService } from './synthesis.service.js';
import { UploadService } from './upload.service.js';
import { UploadStaging } from '../uploads/upload-staging.js';

/** All use cases, built once at start-up over one database handle. Routes and the CLI share them. */
export interface Services {
  database: Database;
  blobs: BlobStore;
  auth: AuthService;
  security: OrgSecurityService;
  oidc: OidcService;
  orgs: OrgService;
  projects: ProjectService;
  tasks: TaskService;
  imports: ImportService;
  exports: ExportService;
  /** Exports as background jobs: start, then download the file (docs/jobs.md, "Exports"). */
  exportJobs: ExportJobService;
  distribution: DistributionService;
  annotations: AnnotationService;
  audit: AuditService;
  log: LogService;
  datasets: DatasetService;
  reviews: ReviewService;
  gold: GoldService;
  adjudications: AdjudicationService;
  quality: QualityService;
  qualityReports: QualityReportService;
  inspections: InspectionService;
  courses: CourseService;
  exams: ExamService;
  attempts: ExamAttemptService;
  certifications: CertificationService;
  skills: SkillService;
  /** Image intake (uploads, zips, server folders) and serving behind the tenant wall (docs/media.md). */
  mediaIntake: MediaIntakeService;
  /** Resumable uploads: sessions, chunks, completion through media intake (docs/media.md, Resumable uploads). */
  uploads: UploadService;
  media: MediaAccessService;
  /** AI-assisted annotation (docs/models.md): registered model backends and the suggestions they make. */
  modelBackends: ModelBackendService;
  modelAssist: ModelAssistService;
  modelJudge: ModelJudgeService;
  models: BackendRegistry;
  /** The dataset catalog: cards, search, widening approvals; access requests, entitlements, downloads (docs/catalog.md). */
  catalog: CatalogService;
  catalogAccess: CatalogAccessService;
  /** Licence tiers, orders, receipts and the seller's revenue and usage report (docs/catalog.md). */
  catalogOrders: CatalogOrderService;
  workPackages: WorkPackageService;
  /** Durable background jobs: enqueue, list, cancel (docs/jobs.md); run by `JobRunner`. */
  jobs: JobService;
  /** Preprocessing pipelines: dry runs and runs as jobs (docs/pipelines.md). */
  pipelines: PipelineService;
  /** A project's import pipeline (docs/pipelines.md, "On import"). */
  importPipelines: ImportPipelineService;
  /** Synthetic data as jobs: image augmentation, text and speech synthesis (docs/augmentation.md). */
  synthesis: SynthesisService;
}

/** `sessions`: the default session limits from config (docs/security.md); absent = the built-in defaults. */
export function createServices(database: Database, blobs: BlobStore, logKeys: LogKeyring, options: { sessions?: SessionLimits; media?: Partial<MediaIntakeConfig>; uploads?: { dir: string; ttlHours?: number } } = {}): Services {
  const auth = new AuthService(database, options.sessions);
  const log = new LogService(database, logKeys, new LogSequencer(database, logKeys));
  const models = new BackendRegistry(blobs, openSecretBox(logKeys.dir));
  const projects = new ProjectService(database);
  const jobs = new JobService(database);
  const maxUploadBytes = options.media?.maxUploadBytes ?? 2048 * 1024 * 1024;
  const mediaIntake = new MediaIntakeService(database, blobs, { maxUploadBytes, importRoot: options.media?.importRoot }, jobs);
  // Without a configured folder (the openapi command, tools) sessions stage under the system's temporary folder.
  const uploadDir = options.uploads?.dir ?? join(tmpdir(), 'yungang-uploads');
  return {
    database,
    blobs,
    auth,
    security: new OrgSecurityService(database, auth.sessionDefaults),
    oidc: new OidcService(database, auth),
    orgs: new OrgService(database),
    projects,
    tasks: new TaskService(database),
    imports: new ImportService(database, blobs),
    exports: new ExportService(database, blobs),
    exportJobs: new ExportJobService(database, blobs, jobs),
    distribution: new DistributionService(database),
    annotations: new AnnotationService(database),
    audit: new AuditService(database),
    log,
    datasets: new DatasetService(database, blobs, log),
    reviews: new ReviewService(database),
    gold: new GoldService(database),
    adjudications: new AdjudicationService(database),
    quality: new QualityService(database),
    qualityReports: new QualityReportService(database, blobs),
    inspections: new InspectionService(database, blobs),
    courses: new CourseService(database),
    exams: new ExamService(database),
    attempts: new ExamAttemptService(database),
    certifications: new CertificationService(database),
    skills: new SkillService(database),
    mediaIntake,
    uploads: new UploadService(database, new UploadStaging(uploadDir), mediaIntake, { maxUploadBytes, ttlMs: (options.uploads?.ttlHours ?? 24) * 3_600_000 }),
    media: new MediaAccessService(database, blobs),
    modelBackends: new ModelBackendService(database, models),
    modelAssist: new ModelAssistService(database, models),
    modelJudge: new ModelJudgeService(database, models),
    models,
    catalog: new CatalogService(database, blobs, log, new QualityReportService(database, blobs)),
    catalogAccess: new CatalogAccessService(database, blobs, log),
    catalogOrders: new CatalogOrderService(database),
    workPackages: new WorkPackageService(database, blobs),
    jobs,
    pipelines: new PipelineService(database, projects, jobs, blobs),
    importPipelines: new ImportPipelineService(database),
    synthesis: new SynthesisService(database, projects, jobs),
  };
}
