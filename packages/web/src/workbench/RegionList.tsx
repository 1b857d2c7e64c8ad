import { memo } from 'react';
import { useT } from '../i18n/i18n.tsx';
import type { RegionView } from './region-view.ts';

interface RegionListProps {
  regions: readonly RegionView[];
  selectedId: string | null;
  hiddenIds: ReadonlySet<string>;
  lockedIds: ReadonlySet<string>;
  onSelect: (id: string | null) => void;
  onRemove: (id: string) => void;
  onToggleHidden: (id: string) => void;
  onToggleLocked: (id: string) => void;
}

const one = (v: number) => v.toFixed(1);

/** Test ids by kind: boxes keep the id the box tests have always used. */
const ITEM_TEST_ID = { rectangle: 'box-item', polygon: 'polygon-item', keypoint: 'keypoint-item' } as const satisfies Record<RegionView['kind'], string>;

/**
 * The sidebar list of image shapes: label colour and title, where it is (box position and size, polygon
 * corner count, keypoint position, in percent), an eye to hide it, a lock against edits, and delete.
 */
export function RegionList({ regions, selectedId, hiddenIds, lockedIds, onSelect, onRemove, onToggleHidden, onToggleLocked }: RegionListProps) {
  const t = useT();
  return (
    <div className="span-list box-list">
      <h3>
        {t('image.regions')} <span className="count">{regions.length}</span>
      </h3>
      {regions.length === 0 ? <p className="muted small">{t('image.noRegions')}</p> : null}
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
          />
        ))}
      </ul>
    </div>
  );
}

interface RowProps {
  region: RegionView;
  selected: boolean;
  hidden: boolean;
  locked: boolean;
  onSelect: (id: string | null) => void;
  onRemove: (id: string) => void;
  onToggleHidden: (id: string) => void;
  onToggleLocked: (id: string) => void;
}

/** One row, memoised: with thousands of shapes, an edit re-renders only the rows whose shape changed. */
const RegionRow = memo(function RegionRow({ region: r, selected, hidden, locked, onSelect, onRemove, onToggleHidden, onToggleLocked }: RowProps) {
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
  }
  const className = `span-item region-item${selected ? ' selected' : ''}${hidden ? ' hidden' : ''}${locked ? ' locked' : ''}`;
  return (
    <li className={className} data-testid={r.kind === 'polygon' && r.open ? 'polyline-item' : ITEM_TEST_ID[r.kind]} data-label={r.value} data-region-kind={r.kind} data-hidden={hidden} data-locked={locked}>
      <button type="button" className="span-item-main" onClick={() => onSelect(selected ? null : r.id)} aria-pressed={selected}>
        <span className="span-chip" style={{ backgroundColor: r.color }}>
          {r.label}
        </span>
        <span className="span-range muted small" title={`${geometryTitle}: ${geometry}`}>
          {geometry}
        </span>
      </button>
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
