import { memo } from 'react';
import { useT } from '../i18n/i18n.tsx';
import type { RegionView } from './region-view.ts';

/** A brush mask as the list shows it: one per label and image. */
export interface MaskRow {
  kind: 'mask';
  id: string;
  color: string;
  label: string;
  value: string;
}

interface RegionListProps {
  regions: readonly RegionView[];
  masks?: readonly MaskRow[];
  selectedId: string | null;
  hiddenIds: ReadonlySet<string>;
  lockedIds: ReadonlySet<string>;
  onSelect: (id: string | null) => void;
  onRemove: (id: string) => void;
  onToggleHidden: (id: string) => void;
  onToggleLocked: (id: string) => void;
  /** Accepts a predicted shape as it is. */
  onAccept?: (id: string) => void;
  /** Accepts every untouched predicted shape at once (shown while there are any). */
  onAcceptAll?: () => void;
}

const NO_MASKS: readonly MaskRow[] = [];
const one = (v: number) => v.toFixed(1);

/** Test ids by kind: boxes keep the id the box tests have always used. */
const ITEM_TEST_ID = { rectangle: 'box-item', polygon: 'polygon-item', keypoint: 'keypoint-item', mask: 'mask-item' } as const satisfies Record<RegionView['kind'] | 'mask', string>;

/**
 * The sidebar list of image shapes: label colour and title, where it is (box position and size, polygon
 * corner count, keypoint position, in percent), an eye to hide it, a lock against edits, and delete.
 */
export function RegionList({ regions, masks = NO_MASKS, selectedId, hiddenIds, lockedIds, onSelect, onRemove, onToggleHidden, onToggleLocked, onAccept, onAcceptAll }: RegionListProps) {
  const t = useT();
  const predictedCount = regions.filter((r) => r.predicted !== undefined).length;
  return (
    <div className="span-list box-list">
      <h3>
        {t('image.regions')} <span className="count">{regions.length + masks.length}</span>
        {predictedCount > 0 && onAcceptAll ? (
          <button type="button" className="btn btn-small push-right" onClick={onAcceptAll} data-testid="region-accept-all">
            {t('image.acceptAll', { count: predictedCount })}
          </button>
        ) : null}
      </h3>
      {regions.length + masks.length === 0 ? <p className="muted small">{t('image.noRegions')}</p> : null}
      <ul>
        {regions.map((r) => (
          <RegionRow
            key={r.id}
            region={r}
            selected={r.id === selectedId}
            hidden={hiddenIds.has(r.id)}
            locked={lockedIds.has(r.id)}
            onSelect={onSelect}
            onRemove={onRemove}
            onToggleHidden={onToggleHidden}
            onToggleLocked={onToggleLocked}
            onAccept={onAccept}
          />
        ))}
        {masks.map((m) => (
          <RegionRow
            key={m.id}
            region={m}
            selected={m.id === selectedId}
            hidden={hiddenIds.has(m.id)}
            locked={lockedIds.has(m.id)}
            onSelect={onSelect}
            onRemove={onRemove}
            onToggleHidden={onToggleHidden}
            onToggleLocked={onToggleLocked}
          />
        ))}
      </ul>
    </div>
  );
}

interface RowProps {
  region: RegionView | MaskRow;
  selected: boolean;
  hidden: boolean;
  locked: boolean;
  onSelect: (id: string | null) => void;
  onRemove: (id: string) => void;
  onToggleHidden: (id: string) => void;
  onToggleLocked: (id: string) => void;
  onAccept?: ((id: string) => void) | undefined;
}

/** One row, memoised: with thousands of shapes, an edit re-renders only the rows whose shape changed. */
const RegionRow = memo(function RegionRow({ region: r, selected, hidden, locked, onSelect, onRemove, onToggleHidden, onToggleLocked, onAccept }: RowProps) {
  const t = useT();
  let geometry: string;
  let geometryTitle: string;
  switch (r.kind) {
    case 'rectangle':
      geometry = `${one(r.box.x)}, ${one(r.box.y)} · ${one(r.box.width)}×${one(r.box.height)}%${r.rotation % 360 !== 0 ? ` ⟳${one(r.rotation)}°` : ''}`;
      geometryTitle = t('image.boxGeometry');
      break;
    case 'polygon':
      geometry = r.open ? t('image.polylinePoints', { count: r.points.length }) : t('image.polygonPoints', { count: r.points.length });
      geometryTitle = geometry;
      break;
    case 'keypoint':
      geometry = `${one(r.point.x)}, ${one(r.point.y)}%`;
      geometryTitle = t('image.pointGeometry');
      break;
    case 'mask':
      geometry = t('image.mask');
      geometryTitle = geometry;
      break;
  }
  const predicted = r.kind === 'mask' ? undefined : r.predicted;
  const className = `span-item region-item${selected ? ' selected' : ''}${hidden ? ' hidden' : ''}${locked ? ' locked' : ''}`;
  return (
    <li className={className} data-testid={r.kind === 'polygon' && r.open ? 'polyline-item' : ITEM_TEST_ID[r.kind]} data-predicted={predicted !== undefined} data-label={r.value} data-region-kind={r.kind} data-hidden={hidden} data-locked={locked}>
      <button type="button" className="span-item-main" onClick={() => onSelect(selected ? null : r.id)} aria-pressed={selected}>
        <span className="span-chip" style={{ backgroundColor: r.color }}>
          {r.label}
        </span>
        <span className="span-range muted small" title={`${geometryTitle}: ${geometry}`}>
          {geometry}
        </span>
        {predicted ? (
          <span
            className="ai-badge small"
            title={predicted.score !== null ? `${t('image.predictedTitle')} (${t('image.score', { score: Math.round(predicted.score * 100) / 100 })})` : t('image.predictedTitle')}
            data-testid="region-predicted"
          >
            {t('image.predicted')}
            {predicted.score !== null ? ` ${Math.round(predicted.score * 100) / 100}` : null}
          </span>
        ) : null}
      </button>
      {predicted && onAccept ? (
        <button type="button" className="btn btn-small" onClick={() => onAccept(r.id)} data-testid="region-accept" title="Enter">
          {t('image.acceptRegion')}
        </button>
      ) : null}
      <button
        type="button"
        className={hidden ? 'icon-btn region-toggle on' : 'icon-btn region-toggle'}
        onClick={() => onToggleHidden(r.id)}
        aria-pressed={hidden}
        aria-label={hidden ? t('image.showRegion') : t('image.hideRegion')}
        title={hidden ? t('image.showRegion') : t('image.hideRegion')}
        data-testid="region-hide"
      >
        {/* An open eye while shown, a struck-through one while hidden. */}
        <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
          <path d="M1 8s2.5-4.5 7-4.5S15 8 15 8s-2.5 4.5-7 4.5S1 8 1 8z" fill="none" stroke="currentColor" strokeWidth="1.4" />
          <circle cx="8" cy="8" r="2" fill="currentColor" />
          {hidden ? <path d="M2 14L14 2" stroke="currentColor" strokeWidth="1.6" /> : null}
        </svg>
      </button>
      <button
        type="button"
        className={locked ? 'icon-btn region-toggle on' : 'icon-btn region-toggle'}
        onClick={() => onToggleLocked(r.id)}
        aria-pressed={locked}
        aria-label={locked ? t('image.unlockRegion') : t('image.lockRegion')}
        title={locked ? t('image.unlockRegion') : t('image.lockRegion')}
        data-testid="region-lock"
      >
        {/* A closed padlock while locked, an open one otherwise. */}
        <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
          <rect x="3" y="7" width="10" height="7" rx="1.5" fill={locked ? 'currentColor' : 'none'} stroke="currentColor" strokeWidth="1.4" />
          <path d={locked ? 'M5 7V5a3 3 0 0 1 6 0v2' : 'M5 7V5a3 3 0 0 1 6 0'} fill="none" stroke="currentColor" strokeWidth="1.4" />
        </svg>
      </button>
      <button type="button" className="icon-btn" onClick={() => onRemove(r.id)} disabled={locked} aria-label={t('image.removeRegion')} title={locked ? t('image.locked') : t('image.removeRegion')}>
        ×
      </button>
    </li>
  );
});
