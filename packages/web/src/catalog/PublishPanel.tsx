import { useState, type FormEvent } from 'react';
import { CATALOG_INDUSTRIES, CATALOG_LICENCES, CATALOG_MODALITIES, CATALOG_VISIBILITIES, type CatalogCardChangeResultDto, type CatalogVisibility, type DatasetVersionDto } from '@yungang/core';
import { catalogApi } from '../api/catalog-api.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router/router.tsx';
import { useSession } from '../session/session.tsx';
import { parseOrgIds } from './catalog-format.ts';

/**
 * Offers a dataset version in the catalog: the card's text, licence and price, and who may see it.
 * Anything wider than private waits for an owner's or admin's approval (the answer says so).
 */
export function PublishPanel({ versions }: { versions: DatasetVersionDto[] }) {
  const { t } = useI18n();
  const { api } = useSession();
  const [versionId, setVersionId] = useState(versions[0]?.id ?? '');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [industry, setIndustry] = useState<string>('other');
  const [modality, setModality] = useState<string>('text');
  const [licence, setLicence] = useState<string>('cc-by-4.0');
  const [price, setPrice] = useState('0');
  const [visibility, setVisibility] = useState<CatalogVisibility>('everyone');
  const [orgs, setOrgs] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<CatalogCardChangeResultDto | null>(null);
  if (versions.length === 0) return null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setDone(null);
    try {
      const shared = parseOrgIds(orgs);
      setDone(
        await catalogApi.publish(api, {
          datasetVersionId: versionId || versions[0]!.id,
          title: title.trim(),
          description,
          industry: industry as (typeof CATALOG_INDUSTRIES)[number],
          modality: modality as (typeof CATALOG_MODALITIES)[number],
          licence: licence as (typeof CATALOG_LICENCES)[number],
          priceCents: Math.round(Number(price || '0') * 100),
          visibility,
          ...(visibility === 'orgs' ? { sharedOrgIds: shared } : {}),
        }),
      );
    } catch (e) {
      setError(e);
    }
  };

  return (
    <form className="panel form" onSubmit={(e) => void submit(e)} data-testid="publish-form">
      <h2 className="panel-title">{t('catalog.publishTitle')}</h2>
      <label className="form-row">
        <span>{t('catalog.version')}</span>
        <select value={versionId} onChange={(e) => setVersionId(e.target.value)} data-testid="publish-version">
          {versions.map((v) => (
            <option key={v.id} value={v.id}>
              v{v.version} · {v.name}
            </option>
          ))}
        </select>
      </label>
      <label className="form-row">
        <span>{t('catalog.cardTitle')}</span>
        <input required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} data-testid="publish-title" />
      </label>
      <label className="form-row">
        <span>{t('catalog.description')}</span>
        <textarea rows={4} maxLength={20000} value={description} onChange={(e) => setDescription(e.target.value)} data-testid="publish-description" />
      </label>
      <label className="form-row">
        <span>{t('catalog.facet.industry')}</span>
        <select value={industry} onChange={(e) => setIndustry(e.target.value)} data-testid="publish-industry">
          {CATALOG_INDUSTRIES.map((v) => (
            <option key={v} value={v}>
              {t(`catalog.industry.${v}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="form-row">
        <span>{t('catalog.facet.modality')}</span>
        <select value={modality} onChange={(e) => setModality(e.target.value)}>
          {CATALOG_MODALITIES.map((v) => (
            <option key={v} value={v}>
              {t(`catalog.modality.${v}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="form-row">
        <span>{t('catalog.facet.licence')}</span>
        <select value={licence} onChange={(e) => setLicence(e.target.value)}>
          {CATALOG_LICENCES.map((v) => (
            <option key={v} value={v}>
              {t(`catalog.licence.${v}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="form-row">
        <span>{t('catalog.priceYuan')}</span>
        <input type="number" min={0} step="0.01" value={price} onChange={(e) => setPrice(e.target.value)} />
      </label>
      <label className="form-row">
        <span>{t('catalog.visibility')}</span>
        <select value={visibility} onChange={(e) => setVisibility(e.target.value as CatalogVisibility)} data-testid="publish-visibility">
          {CATALOG_VISIBILITIES.map((v) => (
            <option key={v} value={v}>
              {t(`catalog.visibility.${v}`)}
            </option>
          ))}
        </select>
      </label>
      {visibility === 'orgs' ? (
        <label className="form-row">
          <span>{t('catalog.sharedOrgs')}</span>
          <textarea rows={2} value={orgs} onChange={(e) => setOrgs(e.target.value)} placeholder={t('catalog.sharedOrgsHelp')} />
        </label>
      ) : null}
      <ErrorMessage error={error} />
      {done ? (
        <div className="alert alert-ok" data-testid="publish-result">
          {done.change?.status === 'pending' ? t('catalog.publishPending') : t('catalog.publishDone')} <Link to={`/catalog/cards/${done.card.id}`}>{done.card.title}</Link>
        </div>
      ) : null}
      <button type="submit" className="btn btn-primary" data-testid="publish-submit">
        {t('catalog.publish')}
      </button>
    </form>
  );
}
