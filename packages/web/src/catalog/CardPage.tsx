import { useCallback, useState, type FormEvent } from 'react';
import { can, type CatalogCardDto } from '@yungang/core';
import { catalogApi } from '../api/catalog-api.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router/router.tsx';
import { useSession } from '../session/session.tsx';
import { Markdown } from '../training/Markdown.tsx';
import { formatBytes } from '../provenance/provenance-format.ts';
import { formatPrice } from './catalog-format.ts';
import { CardTiers } from './CardTiers.tsx';
import './catalog.css';

/** One dataset card: what it holds, its quality and provenance, a sample, its versions, and asking for access. */
export function CardPage({ cardId }: { cardId: string }) {
  const { t, locale } = useI18n();
  const { api } = useSession();
  const load = useCallback(() => catalogApi.card(api, cardId), [api, cardId]);
  const { data, error } = useLoad(load);
  if (!data) return <div className="page">{error ? <ErrorMessage error={error} /> : <Spinner />}</div>;
  const { card, versions } = data;
  const q = card.qualitySummary;
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);
  return (
    <div className="page" data-testid="catalog-card-page">
      <div className="page-head">
        <div>
          <p className="muted">
            <Link to="/catalog">{t('catalog.title')}</Link> / {card.orgName}
          </p>
          <h1 data-testid="card-title">{card.title}</h1>
          <p className="muted">
            v{card.version} · {t(`catalog.industry.${card.industry}`)} · {t(`catalog.modality.${card.modality}`)} · {t(`catalog.licence.${card.licence}`)} ·{' '}
            {formatPrice(card.priceCents, locale) ?? t('catalog.free')}
          </p>
        </div>
        <span className="badge" title={t('catalog.provenanceHelp')} data-testid="provenance-badge">
          {card.provenance.logIndex === null ? t('catalog.provenancePending') : t('catalog.provenanceLogged', { index: card.provenance.logIndex })}
        </span>
      </div>
      <div className="card-layout">
        <section className="panel">
          <Markdown source={card.description || t('catalog.noDescription')} testId="card-description" />
        </section>
        <aside className="panel">
          <dl className="facts">
            <dt>{t('catalog.itemCount')}</dt>
            <dd>{card.itemCount}</dd>
            <dt>{t('catalog.size')}</dt>
            <dd>{formatBytes(card.dataBytes)}</dd>
            <dt>{t('catalog.itemsRoot')}</dt>
            <dd className="mono small">{card.provenance.itemsRoot.slice(0, 16)}…</dd>
            <dt>{t('catalog.quality')}</dt>
            <dd>{q ? t('catalog.qualityLine', { annotations: q.annotations, review: pct(q.reviewAccuracy), gold: pct(q.goldAccuracy), inspection: pct(q.inspectionAccuracy), duplicates: pct(q.duplicateRate) }) : '—'}</dd>
          </dl>
          <h3>{t('catalog.labelSchema')}</h3>
          <ul>
            {card.labelSchema.map((c) => (
              <li key={c.name}>
                <code>{c.name}</code> ({c.type}){c.labels.length ? `: ${c.labels.join(', ')}` : ''}
              </li>
            ))}
          </ul>
          <h3>{t('catalog.versions')}</h3>
          <ul>
            {versions.map((v) => (
              <li key={v.id}>{v.id === card.id ? `v${v.version} · ${v.title}` : <Link to={`/catalog/cards/${v.id}`}>{`v${v.version} · ${v.title}`}</Link>}</li>
            ))}
          </ul>
        </aside>
      </div>
      <section className="panel">
        <h2 className="panel-title">{t('catalog.sample')}</h2>
        <pre className="sample" data-testid="card-sample">
          {card.sample.join('\n')}
        </pre>
      </section>
      <CardTiers card={card} />
      {card.mine ? null : <RequestForm card={card} />}
    </div>
  );
}

function RequestForm({ card }: { card: CatalogCardDto }) {
  const { t } = useI18n();
  const { api, org } = useSession();
  const [purpose, setPurpose] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState(false);
  if (!org || !can(org.role, 'project.export')) return <p className="muted">{t('catalog.requestNeedsManager')}</p>;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await catalogApi.requestAccess(api, card.id, purpose.trim());
      setSent(true);
    } catch (e) {
      setError(e);
    }
  };
  if (sent) return <div className="alert alert-ok" data-testid="request-sent">{t('catalog.requestSent')}</div>;
  return (
    <form className="panel form" onSubmit={(e) => void submit(e)} data-testid="request-form">
      <h2 className="panel-title">{t('catalog.requestTitle')}</h2>
      <label className="form-row">
        <span>{t('catalog.purpose')}</span>
        <textarea required rows={3} maxLength={2000} value={purpose} onChange={(e) => setPurpose(e.target.value)} data-testid="request-purpose" />
      </label>
      <ErrorMessage error={error} />
      <button type="submit" className="btn btn-primary" data-testid="request-submit">
        {t('catalog.requestSubmit')}
      </button>
    </form>
  );
}
