import { useCallback, useState, type FormEvent } from 'react';
import type { CatalogCardDto, CatalogSearchResultDto } from '@yungang/core';
import { catalogApi, type CatalogSearch as SearchQuery } from '../api/catalog-api.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router/router.tsx';
import { useSession } from '../session/session.tsx';
import { formatPrice, valueMessageKey } from './catalog-format.ts';

const PAGE = 20;
type FacetName = 'industry' | 'modality' | 'licence' | 'org';
const FACETS: FacetName[] = ['industry', 'modality', 'licence', 'org'];

/** Search box, facets with counts, result cards and pages. */
export function CatalogSearch() {
  const { t } = useI18n();
  const { api } = useSession();
  const [text, setText] = useState('');
  const [query, setQuery] = useState<SearchQuery>({ limit: PAGE, offset: 0 });
  const load = useCallback(() => catalogApi.search(api, query), [api, query]);
  const { data, error, loading } = useLoad(load);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setQuery((q) => ({ ...q, q: text.trim() || undefined, offset: 0 }));
  };
  const toggle = (facet: FacetName, value: string) => setQuery((q) => ({ ...q, [facet]: q[facet] === value ? undefined : value, offset: 0 }));

  return (
    <div className="catalog-search" data-testid="catalog-search">
      <form className="toolbar" onSubmit={submit}>
        <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder={t('catalog.searchPlaceholder')} data-testid="catalog-q" maxLength={200} />
        <button type="submit" className="btn btn-primary" data-testid="catalog-search-button">
          {t('catalog.search')}
        </button>
        <label className="inline-check">
          <input type="checkbox" checked={query.mine ?? false} onChange={(e) => setQuery((q) => ({ ...q, mine: e.target.checked || undefined, offset: 0 }))} />
          {t('catalog.mineOnly')}
        </label>
      </form>
      <ErrorMessage error={error} />
      <div className="catalog-layout">
        <aside className="catalog-facets">{data ? <Facets data={data} query={query} onToggle={toggle} /> : null}</aside>
        <section className="catalog-results">
          {data ? <Results data={data} onPage={(offset) => setQuery((q) => ({ ...q, offset }))} /> : loading ? <Spinner /> : null}
        </section>
      </div>
    </div>
  );
}

function Facets({ data, query, onToggle }: { data: CatalogSearchResultDto; query: SearchQuery; onToggle: (facet: FacetName, value: string) => void }) {
  const { t } = useI18n();
  const label = (facet: Exclude<FacetName, 'org'>, value: string) => {
    const key = valueMessageKey(facet, value);
    return key ? t(key) : value;
  };
  return (
    <>
      {FACETS.map((facet) => (
        <div key={facet} className="facet" data-testid={`facet-${facet}`}>
          <h3>{t(`catalog.facet.${facet}`)}</h3>
          {data.facets[facet].length === 0 ? <p className="muted">—</p> : null}
          {data.facets[facet].map((f) => (
            <label key={f.value} className="inline-check">
              <input type="checkbox" checked={query[facet] === f.value} onChange={() => onToggle(facet, f.value)} />
              {facet === 'org' ? f.label : label(facet, f.value)} <span className="muted">({f.count})</span>
            </label>
          ))}
        </div>
      ))}
    </>
  );
}

function Results({ data, onPage }: { data: CatalogSearchResultDto; onPage: (offset: number) => void }) {
  const { t } = useI18n();
  if (data.items.length === 0) return <p className="muted">{t('catalog.noResults')}</p>;
  const last = Math.min(data.offset + data.items.length, data.total);
  return (
    <>
      <p className="muted" data-testid="catalog-total">
        {t('catalog.resultRange', { from: data.offset + 1, to: last, total: data.total })}
      </p>
      <ul className="card-list">
        {data.items.map((card) => (
          <CardSummary key={card.id} card={card} />
        ))}
      </ul>
      <div className="toolbar">
        <button type="button" className="btn" disabled={data.offset === 0} onClick={() => onPage(Math.max(0, data.offset - data.limit))}>
          {t('catalog.previous')}
        </button>
        <button type="button" className="btn" disabled={last >= data.total} onClick={() => onPage(data.offset + data.limit)}>
          {t('catalog.next')}
        </button>
      </div>
    </>
  );
}

function CardSummary({ card }: { card: CatalogCardDto }) {
  const { t, locale } = useI18n();
  return (
    <li className="panel catalog-card" data-testid="catalog-card">
      <Link to={`/catalog/cards/${card.id}`} className="catalog-card-title">
        {card.title}
      </Link>
      <div className="muted">
        {card.orgName} · v{card.version} · {t(`catalog.industry.${card.industry}`)} · {t(`catalog.modality.${card.modality}`)} · {t(`catalog.licence.${card.licence}`)} ·{' '}
        {formatPrice(card.priceCents, locale) ?? t('catalog.free')} · {t('catalog.items', { count: card.itemCount })}
        {card.status === 'draft' ? ` · ${t('catalog.draft')}` : ''}
      </div>
    </li>
  );
}
