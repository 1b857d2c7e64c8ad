/**
 * The on-screen watermark's content (docs/security.md): who is looking, for which organisation, and when.
 * Pure, so it is tested without a browser; `Watermark.tsx` lays the tile over every signed-in page.
 */

export interface WatermarkIdentity {
  name: string;
  email: string;
  userId: string;
  orgName: string | null;
}

/** Minutes are enough: the time is refreshed every minute. Local time, as the person sees their clock. */
export function watermarkTime(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())} ${p(now.getHours())}:${p(now.getMinutes())}`;
}

/** The lines drawn in each tile: "name · e-mail", the organisation, then "time · short user id". */
export function watermarkLines(who: WatermarkIdentity, now: Date): string[] {
  const person = who.name && who.name !== who.email ? `${who.name} · ${who.email}` : who.email;
  const lines = [clip(person)];
  if (who.orgName) lines.push(clip(who.orgName));
  lines.push(`${watermarkTime(now)} · ${who.userId.slice(0, 8)}`);
  return lines;
}

export interface WatermarkTile {
  width: number;
  height: number;
  /** Degrees; negative tilts the text up to the right. */
  angle: number;
  fontSize: number;
  /** Text colour and its opacity: faint, but present on every screenshot and photo of the screen. */
  color: string;
  opacity: number;
}

export const WATERMARK_TILE: WatermarkTile = { width: 340, height: 220, angle: -24, fontSize: 15, color: '#1f2a37', opacity: 0.14 };

/** One tile as an SVG document: the lines centred and rotated. Every user-supplied character is escaped. */
export function watermarkSvg(lines: readonly string[], tile: WatermarkTile = WATERMARK_TILE): string {
  const lineHeight = Math.round(tile.fontSize * 1.45);
  const top = tile.height / 2 - ((lines.length - 1) * lineHeight) / 2;
  const texts = lines.map((line, i) => `<text x="${tile.width / 2}" y="${top + i * lineHeight}">${escapeXml(line)}</text>`).join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${tile.width}" height="${tile.height}">` +
    `<g transform="rotate(${tile.angle} ${tile.width / 2} ${tile.height / 2})" fill="${tile.color}" fill-opacity="${tile.opacity}" ` +
    `font-family="system-ui, -apple-system, 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif" font-size="${tile.fontSize}" ` +
    `text-anchor="middle" dominant-baseline="middle">${texts}</g></svg>`
  );
}

/** The tile as a CSS `url(…)` value. */
export function watermarkBackground(lines: readonly string[], tile: WatermarkTile = WATERMARK_TILE): string {
  return `url("data:image/svg+xml;charset=utf-8,${encodeURIComponent(watermarkSvg(lines, tile))}")`;
}

/** Inline declarations of the layer, each applied with !important so no page stylesheet can hide it. */
export function watermarkStyle(background: string): Record<string, string> {
  return {
    position: 'fixed',
    inset: '0',
    'z-index': '2147483647',
    'pointer-events': 'none',
    'user-select': 'none',
    display: 'block',
    visibility: 'visible',
    opacity: '1',
    transform: 'none',
    'background-image': background,
    'background-repeat': 'repeat',
    'background-position': '0 0',
    // Printed pages (the quality report) carry it too.
    'print-color-adjust': 'exact',
    '-webkit-print-color-adjust': 'exact',
  };
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
}

function clip(text: string): string {
  const chars = [...text];
  return chars.length > 48 ? `${chars.slice(0, 47).join('')}…` : text;
}
