import { memo, useEffect, useState, type CSSProperties } from 'react';
import { levelFor, parseDzi, tiledMediaUrl, tilesFor, type DeepZoomImage, type Visible } from './deep-zoom.ts';

/** What is known about an image's tile pyramid: still asking, none (show the image itself), or its descriptor. */
export type DeepZoomState = { kind: 'checking' } | { kind: 'none' } | { kind: 'tiled'; image: DeepZoomImage };

/**
 * Asks the server whether a media image has a tile pyramid (only images over 8,000 px on a side do).
 * Other URLs have none, and are answered at once; while asking, the caller shows nothing, so a 20,000 px
 * image never starts downloading whole.
 */
export function useDeepZoom(src: string): DeepZoomState {
  const media = tiledMediaUrl(src);
  const [state, setState] = useState<{ src: string; value: DeepZoomState }>({ src, value: media ? { kind: 'checking' } : { kind: 'none' } });
  useEffect(() => {
    if (!media) return;
    let live = true;
    void fetch(`${media}/tiles/image.dzi`, { credentials: 'same-origin' })
      .then(async (res) => {
        const image = res.ok ? parseDzi(await res.text()) : null;
        if (live) setState({ src, value: image ? { kind: 'tiled', image } : { kind: 'none' } });
      })
      .catch(() => live && setState({ src, value: { kind: 'none' } }));
    return () => {
      live = false;
    };
  }, [media, src]);
  if (state.src !== src) return media ? { kind: 'checking' } : { kind: 'none' };
  return state.value;
}

interface DeepZoomLayerProps {
  src: string;
  image: DeepZoomImage;
  /** Width the whole image is shown at now, in CSS pixels (fitted width × zoom). */
  shownWidth: number;
  visible: Visible;
  style?: CSSProperties | undefined;
}

/**
 * The tiles of the level that matches the zoom, covering what is on screen, over the thumbnail (so the
 * panel is never blank while tiles load). Placed in percent of the image, in the same stage as the shapes.
 */
export const DeepZoomLayer = memo(function DeepZoomLayer({ src, image, shownWidth, visible, style }: DeepZoomLayerProps) {
  const level = levelFor(image, shownWidth * (window.devicePixelRatio || 1));
  // A few dozen tiles at most: listing them again on each frame of a pan costs less than memoising would save.
  const tiles = tilesFor(image, level, visible, `${src}/tiles/image_files`);
  return (
    <div className="deep-zoom" style={style} data-testid="deep-zoom" data-level={level} data-tiles={tiles.length}>
      <img className="deep-zoom-base" src={`${src}/thumb`} alt="" draggable={false} />
      {tiles.map((tile) => (
        <img
          key={tile.key}
          src={tile.url}
          alt=""
          draggable={false}
          className="deep-zoom-tile"
          style={{ left: `${tile.left}%`, top: `${tile.top}%`, width: `${tile.width}%`, height: `${tile.height}%` }}
        />
      ))}
    </div>
  );
});
