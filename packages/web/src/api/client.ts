import type {
  TrainingExportFormat,
  AddMemberBody,
  AdjudicationDto,
  AnnotationDto,
  AnnotationResult,
  AnnotationVersionDto,
  AuditAlertsDto,
  AuditAlertsQuery,
  AuditEntryDto,
  AuditExportQuery,
  AuditQuery,
  CreatedTokenDto,
  CreateDatasetVersionBody,
  CreateInspectionBody,
  CreateProjectBody,
  DatasetVersionDto,
  AnnotationFormat,
  ClipsExportFormat,
  ExportFormat,
  GoldDto,
  HealthDto,
  HistoryDto,
  HistorySubject,
  ImportFormat,
  ImportTarget,
  ImportResultDto,
  InclusionProofDto,
  InspectionDto,
  InspectionJudgementBody,
  LogKeysDto,
  LogoutAllBody,
  LogoutAllDto,
  MemberAccessDto,
  OrgSecurityDto,
  UpdateOrgSecurityBody,
  LotDto,
  LotsDto,
  MeDto,
  MemberDto,
  NextAdjudicationDto,
  NextInspectionItemDto,
  NextReviewDto,
  NextTaskDto,
  OrgDto,
  OrgSummaryDto,
  ProjectDto,
  QualityPolicy,
  QualityReportDto,
  QualitySummaryDto,
  ReturnedWorkDto,
  ReviewDecisionBody,
  ReviewDto,
  SetupBody,
  TaskDto,
  TaskListQuery,
  TaskPageDto,
  TokenDto,
  UpdateProjectBody,
  AnswerDto,
  AttemptDto,
  AttemptMode,
  CertificationBody,
  CertificationDto,
  CertificationHolderDto,
  CourseBody,
  CourseDto,
  ExamBody,
  ExamDto,
  ProjectCertificationsDto,
  SetHolderStatusBody,
  SkillRecordDto,
} from '@yungang/core';
import { ApiError, errorFromBody } from './api-error.ts';

/** The subset of `fetch` the client uses, so tests can pass a fake. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface ApiClientOptions {
  fetch: FetchLike;
  /** Prefix of every route; default "/api/v1". */
  baseUrl?: string;
  /** The organisation sent as X-Org-Id on every request, or null for none. */
  getOrgId?: () => string | null;
  /** Called when a request (other than login/me probes) answers 401: the session is gone. */
  onUnauthorized?: (error: ApiError) => void;
}

export interface SubmitAnnotationInput {
  result: AnnotationResult;
  leadTimeMs: number;
  baseVersion?: number;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  form?: FormData;
  /** 401 is an expected answer here (login, session probe): do not treat it as a lost session. */
  expect401?: boolean;
  /** The answer is plain text (a signed checkpoint), returned as is. */
  text?: boolean;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Typed client for /api/v1. Keeps the CSRF token from login/setup/me and sends it on state changes. */
export class ApiClient {
  private readonly fetchImpl: FetchLike;
  private readonly baseUrl: string;
  private readonly getOrgId: () => string | null;
  private readonly onUnauthorized: ((error: ApiError) => void) | undefined;
  private csrfToken: string | null = null;

  constructor(options: ApiClientOptions) {
    this.fetchImpl = options.fetch;
    this.baseUrl = options.baseUrl ?? '/api/v1';
    this.getOrgId = options.getOrgId ?? (() => null);
    this.onUnauthorized = options.onUnauthorized;
  }

  /** URL of a route, for plain links (downloads) that the cookie authenticates. */
  url(path: string, query?: Record<string, string | number | undefined>): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') params.set(k, String(v));
    const qs = params.toString();
    return `${this.baseUrl}${path}${qs ? `?${qs}` : ''}`;
  }

  private async request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const method = options.method ?? 'GET';
    const headers: Record<string, string> = { Accept: options.text ? 'text/plain' : 'application/json' };
    const orgId = this.getOrgId();
    if (orgId) headers['X-Org-Id'] = orgId;
    if (STATE_CHANGING.has(method) && this.csrfToken) headers['X-CSRF-Token'] = this.csrfToken;
    let body: BodyInit | undefined;
    if (options.form) body = options.form;
    else if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    let response: Response;
    try {
      response = await this.fetchImpl(this.url(path, options.query), { method, headers, body, credentials: 'same-origin' });
    } catch (cause) {
      throw new ApiError(0, 'network', cause instanceof Error ? cause.message : String(cause));
    }
    if (!response.ok) {
      const parsed: unknown = await response.json().catch(() => null);
      const error = errorFromBody(response.status, parsed, response.statusText || `HTTP ${response.status}`);
      if (response.status === 401 && !options.expect401) this.onUnauthorized?.(error);
      throw error;
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    if (options.text) return text as T;
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** A request for feature modules that keep their calls beside them (api/catalog-api.ts); same headers and errors. */
  call<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>(path, options);
  }

  private remember(me: MeDto): MeDto {
    this.csrfToken = me.csrfToken;
    return me;
  }

  // --- setup and session
  setupStatus(): Promise<{ needed: boolean }> {
    return this.request('/setup');
  }
  async setup(body: SetupBody): Promise<MeDto> {
    return this.remember(await this.request<MeDto>('/setup', { method: 'POST', json: body }));
  }
  async login(email: string, password: string): Promise<MeDto> {
    return this.remember(await this.request<MeDto>('/auth/login', { method: 'POST', json: { email, password }, expect401: true }));
  }
  async logout(): Promise<void> {
    await this.request<void>('/auth/logout', { method: 'POST', expect401: true });
    this.csrfToken = null;
  }
  async me(): Promise<MeDto> {
    return this.remember(await this.request<MeDto>('/auth/me', { expect401: true }));
  }
  /** Ends all of your sessions (this one too unless kept) and, if asked, revokes your API tokens. */
  logoutAll(body: LogoutAllBody): Promise<LogoutAllDto> {
    return this.request('/auth/logout-all', { method: 'POST', json: body });
  }

  // --- API tokens
  createToken(name: string): Promise<CreatedTokenDto> {
    return this.request('/auth/tokens', { method: 'POST', json: { name } });
  }
  listTokens(): Promise<TokenDto[]> {
    return this.request('/auth/tokens');
  }
  revokeToken(id: string): Promise<void> {
    return this.request(`/auth/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' });
  }

  // --- organisations
  listOrgs(): Promise<OrgSummaryDto[]> {
    return this.request('/orgs');
  }
  createOrg(name: string): Promise<OrgDto> {
    return this.request('/orgs', { method: 'POST', json: { name } });
  }
  listMembers(orgId: string): Promise<MemberDto[]> {
    return this.request(`/orgs/${encodeURIComponent(orgId)}/members`);
  }
  addMember(orgId: string, body: AddMemberBody): Promise<MemberDto> {
    return this.request(`/orgs/${encodeURIComponent(orgId)}/members`, { method: 'POST', json: body });
  }

  // --- sign-in rules of an organisation (docs/security.md)
  memberAccess(orgId: string): Promise<MemberAccessDto[]> {
    return this.request(`/orgs/${encodeURIComponent(orgId)}/members/access`);
  }
  disableMember(orgId: string, userId: string, reason: string): Promise<MemberAccessDto> {
    return this.request(`/orgs/${encodeURIComponent(orgId)}/members/${encodeURIComponent(userId)}/disable`, { method: 'POST', json: { reason } });
  }
  enableMember(orgId: string, userId: string): Promise<MemberAccessDto> {
    return this.request(`/orgs/${encodeURIComponent(orgId)}/members/${encodeURIComponent(userId)}/enable`, { method: 'POST' });
  }
  orgSecurity(orgId: string): Promise<OrgSecurityDto> {
    return this.request(`/orgs/${encodeURIComponent(orgId)}/security`);
  }
  updateOrgSecurity(orgId: string, body: UpdateOrgSecurityBody): Promise<OrgSecurityDto> {
    return this.request(`/orgs/${encodeURIComponent(orgId)}/security`, { method: 'PUT', json: body });
  }

  // --- projects
  async listProjects(): Promise<ProjectDto[]> {
    return (await this.request<{ items: ProjectDto[] }>('/projects')).items;
  }
  createProject(body: CreateProjectBody): Promise<ProjectDto> {
    return this.request('/projects', { method: 'POST', json: body });
  }
  getProject(id: string): Promise<ProjectDto> {
    return this.request(`/projects/${encodeURIComponent(id)}`);
  }
  updateProject(id: string, body: UpdateProjectBody): Promise<ProjectDto> {
    return this.request(`/projects/${encodeURIComponent(id)}`, { method: 'PATCH', json: body });
  }
  /**
   * Imports tasks (JSON, JSONL, CSV) or, for image projects, another tool's annotations (COCO, YOLO, VOC,
   * CVAT, Label Studio) as annotations or predictions; `baseUrl` prefixes image file names (docs/formats.md).
   */
  importTasks(projectId: string, file: Blob, fileName: string, format?: ImportFormat | AnnotationFormat, options: { baseUrl?: string; as?: ImportTarget; modelVersion?: string } = {}): Promise<ImportResultDto> {
    const form = new FormData();
    form.append('file', file, fileName);
    return this.request(`/projects/${encodeURIComponent(projectId)}/import`, { method: 'POST', form, query: { format, baseUrl: options.baseUrl || undefined, as: options.as, modelVersion: options.modelVersion || undefined } });
  }
  listTasks(projectId: string, query: TaskListQuery = {}): Promise<TaskPageDto> {
    return this.request(`/projects/${encodeURIComponent(projectId)}/tasks`, {
      query: { limit: query.limit, after: query.after, status: query.status, annotator: query.annotator },
    });
  }
  /** Link target of an export download (a GET, authenticated by the cookie; a link cannot send X-Org-Id, so the org rides in the query). */
  /** `files` picks the hf zip's files (JSON Lines by default, `parquet` or `both`). */
  exportUrl(projectId: string, format: ExportFormat | AnnotationFormat | ClipsExportFormat | TrainingExportFormat, orgId?: string, files?: 'jsonl' | 'parquet' | 'both'): string {
    return this.url(`/projects/${encodeURIComponent(projectId)}/export`, { format, org: orgId, files });
  }

  // --- tasks and annotation
  getTask(id: string): Promise<TaskDto> {
    return this.request(`/tasks/${encodeURIComponent(id)}`);
  }
  nextTask(projectId: string): Promise<NextTaskDto> {
    return this.request(`/projects/${encodeURIComponent(projectId)}/next`, { method: 'POST' });
  }
  submitAnnotation(assignmentId: string, body: SubmitAnnotationInput): Promise<AnnotationDto> {
    return this.request(`/assignments/${encodeURIComponent(assignmentId)}/annotations`, { method: 'POST', json: body });
  }
  skipAssignment(assignmentId: string): Promise<void> {
    return this.request(`/assignments/${encodeURIComponent(assignmentId)}/skip`, { method: 'POST' });
  }
  releaseAssignment(assignmentId: string): Promise<void> {
    return this.request(`/assignments/${encodeURIComponent(assignmentId)}/release`, { method: 'POST' });
  }
  updateAnnotation(annotationId: string, body: Required<SubmitAnnotationInput>): Promise<AnnotationDto> {
    return this.request(`/annotations/${encodeURIComponent(annotationId)}`, { method: 'PUT', json: body });
  }
  /** Every saved version of an annotation, oldest first (own annotation, or with task.read). */
  annotationVersions(annotationId: string): Promise<AnnotationVersionDto[]> {
    return this.request(`/annotations/${encodeURIComponent(annotationId)}/versions`);
  }

  // --- quality workflow (issue 5): gold, review, returned work, lots, adjudication, scores
  /** Changes only the named policy fields (PATCH /projects/{id} with `qualityPolicy`). */
  updateQualityPolicy(projectId: string, changes: Partial<QualityPolicy>): Promise<ProjectDto> {
    return this.updateProject(projectId, { qualityPolicy: changes });
  }
  /** Makes a task a gold (honeypot) task whose expected answer is `result`. */
  setGold(taskId: string, result: AnnotationResult): Promise<GoldDto> {
    return this.request(`/tasks/${encodeURIComponent(taskId)}/gold`, { method: 'PUT', json: { result } });
  }
  removeGold(taskId: string): Promise<void> {
    return this.request(`/tasks/${encodeURIComponent(taskId)}/gold`, { method: 'DELETE' });
  }
  /** The next submission to review (the same one again while its review lease holds); `item: null` when none is left. */
  nextReview(projectId: string): Promise<NextReviewDto> {
    return this.request(`/projects/${encodeURIComponent(projectId)}/review/next`, { method: 'POST' });
  }
  /** Accepts or rejects a review item; a reject needs a comment. */
  decideReview(reviewId: string, body: ReviewDecisionBody): Promise<ReviewDto> {
    return this.request(`/reviews/${encodeURIComponent(reviewId)}`, { method: 'POST', json: body });
  }
  /** The caller's rejected submissions in a project, to fix with `updateAnnotation`. */
  async returnedWork(projectId: string): Promise<ReturnedWorkDto[]> {
    return (await this.request<{ items: ReturnedWorkDto[] }>(`/projects/${encodeURIComponent(projectId)}/returned`)).items;
  }
  /** Forms a lot of submitted work and draws its GB/T 2828.1 sample into the review queue. */
  createLot(projectId: string, size?: number): Promise<LotDto> {
    return this.request(`/projects/${encodeURIComponent(projectId)}/lots`, { method: 'POST', json: size === undefined ? {} : { size } });
  }
  listLots(projectId: string): Promise<LotsDto> {
    return this.request(`/projects/${encodeURIComponent(projectId)}/lots`);
  }
  nextAdjudication(projectId: string): Promise<NextAdjudicationDto> {
    return this.request(`/projects/${encodeURIComponent(projectId)}/adjudication/next`, { method: 'POST' });
  }
  /** Records the final result of a task its annotators disagreed on. */
  adjudicate(taskId: string, result: AnnotationResult): Promise<AdjudicationDto> {
    return this.request(`/tasks/${encodeURIComponent(taskId)}/adjudication`, { method: 'PUT', json: { result } });
  }
  qualitySummary(projectId: string): Promise<QualitySummaryDto> {
    return this.request(`/projects/${encodeURIComponent(projectId)}/quality`);
  }
  /** The dataset quality report: GB/T 36344 indicators, ML indicators, label accuracy, agreement, process checks and lots (task.read). */
  qualityReport(projectId: string): Promise<QualityReportDto> {
    return this.request(`/projects/${encodeURIComponent(projectId)}/quality/report`);
  }

  // --- provenance: dataset versions and the transparency log
  /** Everything the log holds about a subject, oldest first; 404 when it holds nothing (yet). */
  history(subject: HistorySubject, id: string): Promise<HistoryDto> {
    return this.request(`/history/${encodeURIComponent(subject)}/${encodeURIComponent(id)}`);
  }
  /** Dataset versions of a project, newest first. */
  async listDatasetVersions(projectId: string): Promise<DatasetVersionDto[]> {
    return (await this.request<{ items: DatasetVersionDto[] }>(`/projects/${encodeURIComponent(projectId)}/dataset-versions`)).items;
  }
  createDatasetVersion(projectId: string, body: CreateDatasetVersionBody): Promise<DatasetVersionDto> {
    return this.request(`/projects/${encodeURIComponent(projectId)}/dataset-versions`, { method: 'POST', json: body });
  }
  getDatasetVersion(id: string): Promise<DatasetVersionDto> {
    return this.request(`/dataset-versions/${encodeURIComponent(id)}`);
  }
  /** Link target of a signed bundle download (a GET the cookie authenticates; the org rides in the query, as for exports). */
  datasetBundleUrl(datasetVersionId: string, orgId?: string): string {
    return this.url(`/dataset-versions/${encodeURIComponent(datasetVersionId)}/bundle`, { org: orgId });
  }
  // --- final inspection of a dataset version: a random sample of its delivered labels judged right or wrong
  /** Starts an inspection of a dataset version; the server draws its sample at once (project.write). */
  createInspection(datasetVersionId: string, body: CreateInspectionBody): Promise<InspectionDto> {
    return this.request(`/dataset-versions/${encodeURIComponent(datasetVersionId)}/inspections`, { method: 'POST', json: body });
  }
  /** Inspections of a dataset version with their counts and accuracy interval. */
  async listInspections(datasetVersionId: string): Promise<InspectionDto[]> {
    return (await this.request<{ items: InspectionDto[] }>(`/dataset-versions/${encodeURIComponent(datasetVersionId)}/inspections`)).items;
  }
  /** The next sampled label to judge (the same one again while its lease holds); `item: null` when none is free. */
  nextInspectionItem(inspectionId: string): Promise<NextInspectionItemDto> {
    return this.request(`/inspections/${encodeURIComponent(inspectionId)}/next`, { method: 'POST' });
  }
  /** Judges a sampled label right or wrong (a wrong one needs a comment); answers the inspection's new figures. */
  judgeInspectionItem(itemId: string, body: InspectionJudgementBody): Promise<InspectionDto> {
    return this.request(`/inspection-items/${encodeURIComponent(itemId)}`, { method: 'POST', json: body });
  }
  /** The log's verifier keys (public). */
  logKeys(): Promise<LogKeysDto> {
    return this.request('/log/keys');
  }
  /** The newest signed checkpoint, as the signed-note text the server sends (public). */
  checkpoint(): Promise<string> {
    return this.request('/log/checkpoint', { text: true });
  }
  /** Inclusion proof of log entry `index` in the newest published tree (or the one of `treeSize`). */
  inclusionProof(index: number, treeSize?: number): Promise<InclusionProofDto> {
    return this.request('/log/proof/inclusion', { query: { index, treeSize } });
  }

  // --- operations
  /** Searches the audit log (audit.read): newest first; the next page passes the last entry's id as `before`. */
  audit(query: AuditQuery = {}): Promise<AuditEntryDto[]> {
    return this.request('/audit', { query: { ...query } });
  }
  /** Link target of the audit CSV export with the same filters (the org rides in the query, as for exports). */
  auditExportUrl(query: Omit<AuditExportQuery, 'org'>, orgId?: string): string {
    return this.url('/audit/export', { ...query, org: orgId });
  }
  /** People whose task views their work does not explain, over the last `hours`. */
  auditAlerts(query: AuditAlertsQuery = {}): Promise<AuditAlertsDto> {
    return this.request('/audit/alerts', { query: { ...query } });
  }
  health(): Promise<HealthDto> {
    return this.request('/health');
  }

  // --- training and certification (docs/training.md)
  courses(projectId?: string): Promise<CourseDto[]> {
    return this.request('/courses', { query: { projectId } });
  }
  course(id: string): Promise<CourseDto> {
    return this.request(`/courses/${encodeURIComponent(id)}`);
  }
  createCourse(body: CourseBody): Promise<CourseDto> {
    return this.request('/courses', { method: 'POST', json: body });
  }
  exams(projectId?: string): Promise<ExamDto[]> {
    return this.request('/exams', { query: { projectId } });
  }
  exam(id: string): Promise<ExamDto> {
    return this.request(`/exams/${encodeURIComponent(id)}`);
  }
  createExam(body: ExamBody): Promise<ExamDto> {
    return this.request('/exams', { method: 'POST', json: body });
  }
  updateExam(id: string, body: ExamBody): Promise<ExamDto> {
    return this.request(`/exams/${encodeURIComponent(id)}`, { method: 'PUT', json: body });
  }
  startAttempt(examId: string, mode: AttemptMode): Promise<AttemptDto> {
    return this.request(`/exams/${encodeURIComponent(examId)}/attempts`, { method: 'POST', json: { mode } });
  }
  attempt(id: string): Promise<AttemptDto> {
    return this.request(`/exam-attempts/${encodeURIComponent(id)}`);
  }
  answer(attemptId: string, itemId: string, result: AnnotationResult): Promise<AnswerDto> {
    return this.request(`/exam-attempts/${encodeURIComponent(attemptId)}/answers/${encodeURIComponent(itemId)}`, { method: 'PUT', json: { result } });
  }
  finishAttempt(id: string): Promise<AttemptDto> {
    return this.request(`/exam-attempts/${encodeURIComponent(id)}/finish`, { method: 'POST' });
  }
  certifications(): Promise<CertificationDto[]> {
    return this.request('/certifications');
  }
  createCertification(body: CertificationBody): Promise<CertificationDto> {
    return this.request('/certifications', { method: 'POST', json: body });
  }
  certificationHolders(id: string): Promise<CertificationHolderDto[]> {
    return this.request(`/certifications/${encodeURIComponent(id)}/holders`);
  }
  setHolderStatus(id: string, userId: string, body: SetHolderStatusBody): Promise<CertificationHolderDto> {
    return this.request(`/certifications/${encodeURIComponent(id)}/holders/${encodeURIComponent(userId)}/status`, { method: 'POST', json: body });
  }
  projectCertifications(projectId: string): Promise<ProjectCertificationsDto> {
    return this.request(`/projects/${encodeURIComponent(projectId)}/certifications`);
  }
  setProjectCertifications(projectId: string, certificationIds: string[]): Promise<ProjectCertificationsDto> {
    return this.request(`/projects/${encodeURIComponent(projectId)}/certifications`, { method: 'PUT', json: { certificationIds } });
  }
  skills(userId: string): Promise<SkillRecordDto> {
    return this.request(`/users/${encodeURIComponent(userId)}/skills`);
  }
}
