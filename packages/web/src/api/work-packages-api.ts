import type {
  CreateWorkPackageBody,
  SettlementDto,
  WorkPackageDto,
  WorkPackageItemDto,
  WorkPackageItemsQuery,
  WorkPackageStaffBody,
  WorkPackageStaffDto,
} from '@yungang/core';
import type { ApiClient } from './client.ts';

/** Vendor work packages (docs/work-packages.md): one typed call per route of routes/work-packages.routes.ts. */

const id = (value: string) => encodeURIComponent(value);
const pkg = (packageId: string) => `/work-packages/${id(packageId)}`;

export type WorkPackageItemFilter = NonNullable<WorkPackageItemsQuery['filter']>;

export const workPackagesApi = {
  create: (api: ApiClient, projectId: string, body: CreateWorkPackageBody) => api.call<WorkPackageDto>(`/projects/${id(projectId)}/work-packages`, { method: 'POST', json: body }),
  list: (api: ApiClient, side?: 'client' | 'vendor') => api.call<WorkPackageDto[]>('/work-packages', { query: { side } }),
  get: (api: ApiClient, packageId: string) => api.call<WorkPackageDto>(pkg(packageId)),
  offer: (api: ApiClient, packageId: string) => api.call<WorkPackageDto>(`${pkg(packageId)}/offer`, { method: 'POST' }),
  approve: (api: ApiClient, packageId: string) => api.call<WorkPackageDto>(`${pkg(packageId)}/approve`, { method: 'POST' }),
  reject: (api: ApiClient, packageId: string, reason: string) => api.call<WorkPackageDto>(`${pkg(packageId)}/reject`, { method: 'POST', json: { reason } }),
  accept: (api: ApiClient, packageId: string) => api.call<WorkPackageDto>(`${pkg(packageId)}/accept`, { method: 'POST' }),
  deliver: (api: ApiClient, packageId: string) => api.call<WorkPackageDto>(`${pkg(packageId)}/deliver`, { method: 'POST' }),
  cancel: (api: ApiClient, packageId: string, reason: string) => api.call<WorkPackageDto>(`${pkg(packageId)}/cancel`, { method: 'POST', json: { reason } }),
  staff: (api: ApiClient, packageId: string) => api.call<WorkPackageStaffDto>(`${pkg(packageId)}/staff`),
  setStaff: (api: ApiClient, packageId: string, body: WorkPackageStaffBody) => api.call<WorkPackageStaffDto>(`${pkg(packageId)}/staff`, { method: 'PUT', json: body }),
  items: (api: ApiClient, packageId: string, query: WorkPackageItemsQuery = {}) =>
    api.call<WorkPackageItemDto[]>(`${pkg(packageId)}/items`, { query: { filter: query.filter, offset: query.offset, limit: query.limit } }),
  sample: (api: ApiClient, packageId: string, size: number) => api.call<{ sampled: string[] }>(`${pkg(packageId)}/sample`, { method: 'POST', json: { size } }),
  review: (api: ApiClient, packageId: string, taskId: string, verdict: 'accepted' | 'rejected', reason?: string) =>
    api.call<WorkPackageItemDto>(`${pkg(packageId)}/items/${id(taskId)}/review`, { method: 'PUT', json: reason ? { verdict, reason } : { verdict } }),
  settle: (api: ApiClient, packageId: string) => api.call<SettlementDto>(`${pkg(packageId)}/settle`, { method: 'POST' }),
  settlement: (api: ApiClient, packageId: string) => api.call<SettlementDto>(`${pkg(packageId)}/settlement`),
  /** A link the browser opens with the session cookie (a link cannot send the organisation header). */
  settlementCsvUrl: (packageId: string, orgId: string) => `/api/v1${pkg(packageId)}/settlement?format=csv&org=${id(orgId)}`,
};
