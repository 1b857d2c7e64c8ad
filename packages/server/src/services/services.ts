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
import { DistributionService } from './distribution.service.js';
import { ExportService } from './export.service.js';
import { ImportService } from './import.service.js';
import { OrgService } from './org.service.js';
import { ProjectService } from './project.service.js';
import { TaskService } from './task.service.js';

/** All use cases, built once at start-up over one database handle. Routes and the CLI share them. */
export interface Services {
  database: Database;
  blobs: BlobStore;
  auth: AuthService;
  orgs: OrgService;
  projects: ProjectService;
  tasks: TaskService;
  imports: ImportService;
  exports: ExportService;
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
}

export function createServices(database: Database, blobs: BlobStore, logKeys: LogKeyring): Services {
  const log = new LogService(database, logKeys, new LogSequencer(database, logKeys));
  return {
    database,
    blobs,
    auth: new AuthService(database),
    orgs: new OrgService(database),
    projects: new ProjectService(database),
    tasks: new TaskService(database),
    imports: new ImportService(database, blobs),
    exports: new ExportService(database),
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
  };
}
