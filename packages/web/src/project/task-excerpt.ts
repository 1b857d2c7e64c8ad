const EXCERPT = 80;
const DATA_URL = /^data:([^;,]+)[;,]/;

/** How a media value reads in one line: a data: URL by its type and size (not 100 KB of base64), a URL as is. */
function mediaLabel(value: string): string | null {
  const data = DATA_URL.exec(value);
  if (data) return `[${data[1]}, ${Math.max(1, Math.round((value.length * 3) / 4 / 1024))} KB]`;
  return /^(https?:\/\/|\/)\S+$/.test(value) ? `[${value}]` : null;
}

/**
 * A short, single-line preview of a task's data: its first text field, else its first media reference
 * (image URLs and data: URLs are named, not printed), else the JSON.
 */
export function excerpt(data: Record<string, unknown>): string {
  const strings = Object.values(data).filter((v): v is string => typeof v === 'string');
  const text = strings.find((v) => mediaLabel(v) === null);
  const media = strings.map(mediaLabel).find((m): m is string => m !== null);
  const first = text ?? media ?? JSON.stringify(data);
  const chars = [...first.replace(/\s+/g, ' ')];
  return chars.length > EXCERPT ? `${chars.slice(0, EXCERPT).join('')}…` : chars.join('');
}

/** The task's data for display: data: URLs replaced by their label, so a JSON view stays readable. */
export function readableData(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, typeof v === 'string' && DATA_URL.test(v) ? mediaLabel(v) : v]));
}

/** Fields whose value an <img> can show (a data:image URL, or an http(s)/server URL ending like an image). */
export function imageFields(data: Record<string, unknown>): { field: string; src: string }[] {
  return Object.entries(data).flatMap(([field, v]) =>
    typeof v === 'string' && (/^data:image\//.test(v) || /^(https?:\/\/|\/)\S+\.(png|jpe?g|gif|webp|bmp|tiff?)(\?\S*)?$/i.test(v)) ? [{ field, src: v }] : [],
  );
}
