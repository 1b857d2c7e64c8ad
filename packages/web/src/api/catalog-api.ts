import type {
  AccessRequestDto,
  AccessRequestResultDto,
  ApproveAccessRequestBody,
  CatalogCardChangeResultDto,
  CatalogCardDetailDto,
  CatalogChangeDto,
  CatalogOrganizationDto,
  CatalogSearchResultDto,
  CatalogSettingsDto,
  CreateCatalogCardBody,
  DownloadTokenDto,
  EntitlementDto,
} from '@yungang/core';
import type { ApiClient } from './client.ts';

/** The catalog's calls (docs/catalog.md), over the shared client. */

export interface CatalogSearch {
  q?: string;
  industry?: string;
  modality?: string;
  licence?: string;
  org?: string;
  mine?: boolean;
  offset?: number;
  limit?: number;
}

const id = (value: string) => encodeURIComponent(value);

export const catalogApi = {
  search: (api: ApiClient, s: CatalogSearch) =>
    api.call<CatalogSearchResultDto>('/catalog/cards', {
      query: { q: s.q, industry: s.industry, modality: s.modality, licence: s.licence, org: s.org, mine: s.mine ? 'true' : undefined, offset: s.offset, limit: s.limit },
    }),
  card: (api: ApiClient, cardId: string) => api.call<CatalogCardDetailDto>(`/catalog/cards/${id(cardId)}`),
  publish: (api: ApiClient, body: CreateCatalogCardBody) => api.call<CatalogCardChangeResultDto>('/catalog/cards', { method: 'POST', json: body }),
  requestAccess: (api: ApiClient, cardId: string, purpose: string) => api.call<AccessRequestDto>(`/catalog/cards/${id(cardId)}/requests`, { method: 'POST', json: { purpose } }),
  requests: (api: ApiClient, direction: 'incoming' | 'outgoing') => api.call<AccessRequestDto[]>('/catalog/requests', { query: { direction } }),
  approveRequest: (api: ApiClient, requestId: string, body: ApproveAccessRequestBody) =>
    api.call<AccessRequestResultDto>(`/catalog/requests/${id(requestId)}/approve`, { method: 'POST', json: body }),
  refuseRequest: (api: ApiClient, requestId: string, reason: string) => api.call<AccessRequestDto>(`/catalog/requests/${id(requestId)}/refuse`, { method: 'POST', json: { reason } }),
  entitlements: (api: ApiClient, direction: 'incoming' | 'outgoing') => api.call<EntitlementDto[]>('/catalog/entitlements', { query: { direction } }),
  revoke: (api: ApiClient, entitlementId: string, reason: string) => api.call<EntitlementDto>(`/catalog/entitlements/${id(entitlementId)}/revoke`, { method: 'POST', json: { reason } }),
  token: (api: ApiClient, entitlementId: string) => api.call<DownloadTokenDto>(`/catalog/entitlements/${id(entitlementId)}/tokens`, { method: 'POST' }),
  changes: (api: ApiClient, status?: 'pending') => api.call<CatalogChangeDto[]>('/catalog/changes', { query: { status } }),
  approveChange: (api: ApiClient, changeId: string) => api.call<CatalogChangeDto>(`/catalog/changes/${id(changeId)}/approve`, { method: 'POST' }),
  rejectChange: (api: ApiClient, changeId: string, reason: string) => api.call<CatalogChangeDto>(`/catalog/changes/${id(changeId)}/reject`, { method: 'POST', json: { reason } }),
  settings: (api: ApiClient) => api.call<CatalogSettingsDto>('/catalog/settings'),
  saveSettings: (api: ApiClient, body: CatalogSettingsDto) => api.call<CatalogSettingsDto>('/catalog/settings', { method: 'PUT', json: body }),
  organizations: (api: ApiClient) => api.call<CatalogOrganizationDto[]>('/catalog/organizations'),
};
