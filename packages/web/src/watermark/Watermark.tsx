import { useEffect } from 'react';
import { watermarkBackground, watermarkLines, watermarkStyle, type WatermarkIdentity } from './watermark.ts';

/** Test id of the layer (e2e tests find it by this). */
export const WATERMARK_TEST_ID = 'watermark';

/**
 * A faint, tiled watermark over the whole viewport: the signed-in person's name and e-mail, the
 * organisation and the time (refreshed every minute). Mounted once in the signed-in app shell, so every
 * page that shows task data carries it; there is no setting to turn it off.
 *
 * The layer is a plain element appended to <body>, outside React's tree, with every declaration inline and
 * `!important` (no stylesheet can hide it) and `pointer-events: none` (it never takes a click). A
 * MutationObserver puts it back when it is removed, moved or restyled (devtools, an extension), within the
 * same tick. That is tamper resistance within reason: a determined person can still photograph around it,
 * and the access audit (docs/security.md) is the record that does not depend on the screen.
 */
export function Watermark({ identity }: { identity: WatermarkIdentity }) {
  const { name, email, userId, orgName } = identity;
  useEffect(() => {
    const who: WatermarkIdentity = { name, email, userId, orgName };
    const layer = document.createElement('div');
    layer.setAttribute('aria-hidden', 'true');
    let expected = '';
    let label = '';

    const render = () => {
      const lines = watermarkLines(who, new Date());
      label = lines.join(' | ');
      const probe = document.createElement('div');
      for (const [property, value] of Object.entries(watermarkStyle(watermarkBackground(lines)))) probe.style.setProperty(property, value, 'important');
      expected = probe.style.cssText;
      guard();
    };

    // Restores the layer as rendered: attached last to <body>, unaltered attributes and style.
    const guard = () => {
      if (layer.style.cssText !== expected) layer.style.cssText = expected;
      if (layer.getAttribute('data-testid') !== WATERMARK_TEST_ID) layer.setAttribute('data-testid', WATERMARK_TEST_ID);
      if (layer.getAttribute('data-watermark') !== label) layer.setAttribute('data-watermark', label);
      for (const attribute of ['class', 'hidden', 'id']) if (layer.hasAttribute(attribute)) layer.removeAttribute(attribute);
      if (layer.firstChild) layer.replaceChildren();
      if (layer.parentNode !== document.body) document.body.appendChild(layer);
    };

    render();
    const observer = new MutationObserver(guard);
    observer.observe(document.body, { childList: true });
    observer.observe(layer, { attributes: true, childList: true });
    // The time on the tile, to the minute: re-render at the start of each minute.
    let timer = 0;
    const tick = () => {
      render();
      timer = window.setTimeout(tick, 60_000 - (Date.now() % 60_000) + 50);
    };
    timer = window.setTimeout(tick, 60_000 - (Date.now() % 60_000) + 50);
    return () => {
      window.clearTimeout(timer);
      observer.disconnect();
      layer.remove();
    };
  }, [name, email, userId, orgName]);
  return null;
}
