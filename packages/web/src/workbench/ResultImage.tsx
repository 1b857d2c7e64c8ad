import { useState } from 'react';
import { DeepZoomLayer, useDeepZoom } from './DeepZoomLayer.tsx';
import { useT } from '../i18n/i18n.tsx';
import { fitSize, type Size } from './image-view.ts';
import type { RegionView } from './region-view.ts';
import { RegionOverlay } from './RegionOverlay.tsx';
import { MaskOverlay } from './MaskOverlay.tsx';
import type { MaskView } from './brush-mask.ts';
import type { Skeletons } from './RegionShapes.tsx';

/** Widest a read-only image is shown, in CSS pixels (full view, side-by-side view). */
const ROOM_WIDTH = { full: 760, compact: 480 };

/**
 * An image with its boxes, polygons, keypoints and skeleton lines, read-only. Once loaded, the image is given a width that fits it (enlarged if
 * small) into a box of fixed size; its height follows from its aspect ratio, the frame shrinks to it,
 * and the overlay's percentage coordinates follow, so nothing else needs measuring.
 */
export function ResultImage({ field, src, title, regions, skeletons, compact, masks = [] }: { field: string; src: unknown; title: string; regions: readonly RegionView[]; skeletons: Skeletons; compact: boolean; masks?: readonly MaskView[] }) {
  const t = useT();
  const [failed, setFailed] = useState(false);
  const [loaded, setLoaded] = useState<Size | null>(null);
  // A huge image is drawn from its tile pyramid, never downloaded whole.
  const deepZoom = useDeepZoom(typeof src === 'string' ? src : '');
  if (typeof src !== 'string' || src === '') return <div className="muted small">{t('image.missing', { field })}</div>;
  const natural = deepZoom.kind === 'tiled' ? { width: deepZoom.image.width, height: deepZoom.image.height } : loaded;
  const room = { width: compact ? ROOM_WIDTH.compact : ROOM_WIDTH.full, height: Math.round(window.innerHeight * (compact ? 0.3 : 0.55)) };
  const size = natural ? fitSize(natural, room) : undefined;
  return (
    <div className={compact ? 'result-image compact' : 'result-image'} data-testid="result-image" data-field={field}>
      <div className="result-image-frame">
        {deepZoom.kind === 'tiled' && size ? (
          <div className="deep-zoom-frame" style={{ width: size.width, height: size.height }}>
            <DeepZoomLayer src={src} image={deepZoom.image} shownWidth={size.width} visible={{ x0: 0, y0: 0, x1: 1, y1: 1 }} />
          </div>
        ) : deepZoom.kind === 'none' ? (
          <img
            src={src}
            alt={title}
            draggable={false}
            style={size ? { width: size.width } : undefined}
            onLoad={(e) => setLoaded({ width: e.currentTarget.naturalWidth, height: e.currentTarget.naturalHeight })}
            onError={() => setFailed(true)}
          />
        ) : null}
        <MaskOverlay masks={masks} natural={natural} />
        <RegionOverlay regions={regions} selectedId={null} skeletons={skeletons} />
      </div>
      {failed ? <div className="alert alert-error">{t('image.loadFailed', { url: src.length > 80 ? `${src.slice(0, 80)}…` : src })}</div> : null}
    </div>
  );
}
