import { useCallback, useState, type FormEvent } from 'react';
import { can, CURRENCIES, type CatalogCardDto, type Currency, type LicenceTierDto } from '@yungang/core';
import { catalogOrdersApi } from '../api/catalog-orders-api.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useSession } from '../session/session.tsx';
import { CardReport } from './CardReport.tsx';
import { formatMoney, parseMajorToMinor } from './order-format.ts';

/**
 * The licence tiers of a card (docs/catalog.md, "Licences and orders"): a buyer picks one and orders it
 * with a purpose; the seller edits its tiers and sees the card's revenue and usage report.
 */
export function CardTiers({ card }: { card: CatalogCardDto }) {
  const { t } = useI18n();
  const { api, org } = useSession();
  const load = useCallback(() => catalogOrdersApi.tiers(api, card.id), [api, card.id]);
  const tiers = useLoad(load);
  const canTrade = org ? can(org.role, 'project.export') : false;
  return (
    <>
      <section className="panel" data-testid="card-tiers">
        <h2 className="panel-title">{t('catalog.tiers')}</h2>
        <ErrorMessage error={tiers.error} />
        {tiers.data ? (
          card.mine ? (
            <SellerTiers card={card} tiers={tiers.data} canEdit={canTrade} onChange={tiers.reload} />
          ) : tiers.data.length === 0 ? (
            <p className="muted">{t('catalog.noTiers')}</p>
          ) : canTrade ? (
            <OrderForm card={card} tiers={tiers.data} />
          ) : (
            <>
              <TierList tiers={tiers.data} />
              <p className="muted">{t('catalog.orderNeedsManager')}</p>
            </>
          )
        ) : (
          <Spinner />
        )}
      </section>
      {card.mine && canTrade ? <CardReport cardId={card.id} /> : null}
    </>
  );
}

function TierTerms({ tier }: { tier: LicenceTierDto }) {
  const { t, locale } = useI18n();
  return (
    <>
      <strong>{tier.name}</strong> · <span data-testid="tier-price">{tier.priceMinor === 0 ? t('catalog.free') : formatMoney(tier.priceMinor, tier.currency, locale)}</span>
      <span className="muted">
        {' '}
        · {tier.durationDays === null ? t('catalog.tierNoEnd') : t('catalog.tierDays', { days: tier.durationDays })} ·{' '}
        {tier.downloadLimit === null ? t('catalog.tierNoLimit') : t('catalog.tierDownloads', { count: tier.downloadLimit })}
      </span>
      <div className="muted small">
        {t('catalog.permittedUse')}: {tier.permittedUse}
        {tier.description ? ` — ${tier.description}` : ''}
      </div>
    </>
  );
}

function TierList({ tiers }: { tiers: LicenceTierDto[] }) {
  return (
    <ul className="tier-list">
      {tiers.map((tier) => (
        <li key={tier.id} data-testid="tier">
          <TierTerms tier={tier} />
        </li>
      ))}
    </ul>
  );
}

function OrderForm({ card, tiers }: { card: CatalogCardDto; tiers: LicenceTierDto[] }) {
  const { t } = useI18n();
  const { api } = useSession();
  const [tierId, setTierId] = useState(tiers[0]?.id ?? '');
  const [purpose, setPurpose] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await catalogOrdersApi.order(api, card.id, tierId, purpose.trim());
      setSent(true);
    } catch (e) {
      setError(e);
    }
  };
  if (sent) return <div className="alert alert-ok" data-testid="order-sent">{t('catalog.orderSent')}</div>;
  return (
    <form className="form" onSubmit={(e) => void submit(e)} data-testid="order-form">
      <ul className="tier-list">
        {tiers.map((tier) => (
          <li key={tier.id} data-testid="tier">
            <label className="inline-check">
              <input type="radio" name="tier" value={tier.id} checked={tierId === tier.id} onChange={() => setTierId(tier.id)} />
              <span>
                <TierTerms tier={tier} />
              </span>
            </label>
          </li>
        ))}
      </ul>
      <label className="form-row">
        <span>{t('catalog.purpose')}</span>
        <textarea required rows={2} maxLength={2000} value={purpose} onChange={(e) => setPurpose(e.target.value)} data-testid="order-purpose" />
      </label>
      <ErrorMessage error={error} />
      <button type="submit" className="btn btn-primary" disabled={!tierId} data-testid="order-submit">
        {t('catalog.orderSubmit')}
      </button>
    </form>
  );
}

function SellerTiers({ card, tiers, canEdit, onChange }: { card: CatalogCardDto; tiers: LicenceTierDto[]; canEdit: boolean; onChange: () => void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const [error, setError] = useState<unknown>(null);
  const toggle = async (tier: LicenceTierDto) => {
    setError(null);
    try {
      await catalogOrdersApi.updateTier(api, tier.id, { active: !tier.active });
      onChange();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <>
      {tiers.length === 0 ? <p className="muted">{t('catalog.noTiers')}</p> : null}
      <ul className="tier-list">
        {tiers.map((tier) => (
          <li key={tier.id} data-testid="tier" className={tier.active ? '' : 'muted'}>
            <TierTerms tier={tier} />
            {canEdit ? (
              <button type="button" className="btn btn-small" onClick={() => void toggle(tier)} data-testid="tier-toggle">
                {tier.active ? t('catalog.tierWithdraw') : t('catalog.tierOffer')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      <ErrorMessage error={error} />
      {canEdit ? <TierEditor cardId={card.id} onSaved={onChange} /> : null}
    </>
  );
}

function TierEditor({ cardId, onSaved }: { cardId: string; onSaved: () => void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const [name, setName] = useState('');
  const [price, setPrice] = useState('');
  const [currency, setCurrency] = useState<Currency>('CNY');
  const [days, setDays] = useState('');
  const [limit, setLimit] = useState('');
  const [use, setUse] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<unknown>(null);
  const priceMinor = parseMajorToMinor(price);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (priceMinor === null) return;
    setError(null);
    try {
      await catalogOrdersApi.createTier(api, cardId, {
        name: name.trim(),
        priceMinor,
        currency,
        permittedUse: use.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
        ...(days ? { durationDays: Number(days) } : {}),
        ...(limit ? { downloadLimit: Number(limit) } : {}),
      });
      setName('');
      setPrice('');
      setDays('');
      setLimit('');
      setUse('');
      setDescription('');
      onSaved();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <form className="form tier-editor" onSubmit={(e) => void submit(e)} data-testid="tier-editor">
      <h3>{t('catalog.tierAdd')}</h3>
      <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} placeholder={t('catalog.tierName')} data-testid="tier-name" />
      <input required value={price} onChange={(e) => setPrice(e.target.value)} placeholder={t('catalog.tierPrice')} inputMode="decimal" aria-invalid={price !== '' && priceMinor === null} data-testid="tier-price-input" />
      <select value={currency} onChange={(e) => setCurrency(e.target.value as Currency)} aria-label={t('catalog.tierCurrency')}>
        {CURRENCIES.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
      <input type="number" min={1} value={days} onChange={(e) => setDays(e.target.value)} placeholder={t('catalog.tierDuration')} data-testid="tier-days" />
      <input type="number" min={1} value={limit} onChange={(e) => setLimit(e.target.value)} placeholder={t('catalog.downloadLimit')} data-testid="tier-limit" />
      <input required maxLength={2000} value={use} onChange={(e) => setUse(e.target.value)} placeholder={t('catalog.permittedUse')} data-testid="tier-use" />
      <input maxLength={2000} value={description} onChange={(e) => setDescription(e.target.value)} placeholder={t('catalog.tierDescription')} />
      <ErrorMessage error={error} />
      <button type="submit" className="btn btn-primary" disabled={priceMinor === null} data-testid="tier-save">
        {t('catalog.tierSave')}
      </button>
    </form>
  );
}
