import type { PositionedWord } from '@yungang/core';
import { ModelBackendError } from '../models/model-backend.js';
import { runTesseract } from '../models/tesseract-ocr.js';
import { MediaRejection } from './image-source.js';

/** One page may take this long to OCR before intake gives up on the file. */
const OCR_TIMEOUT_MS = 180_000;

/**
 * Words of tesseract's `tsv` output (level 5) in its reading order (block, paragraph, line), boxes in
 * percent of the image, each line's last word marked; confidence 0..100.
 */
export function ocrWords(tsv: string): { words: PositionedWord[]; confidence: number | null } {
  let width = 0;
  let height = 0;
  const rows: { key: string; left: number; top: number; w: number; h: number; conf: number; text: string }[] = [];
  for (const row of tsv.split('\n').slice(1)) {
    const c = row.split('\t');
    if (c.length < 12) continue;
    const [level, page, block, par, line, , left, top, w, h, conf] = c.map(Number) as number[];
    if (level === 1) {
      width = w!;
      height = h!;
    }
    const text = c.slice(11).join('\t').trim();
    if (level !== 5 || text === '' || conf! < 0) continue;
    rows.push({ key: `${page}.${block}.${par}.${line}`, left: left!, top: top!, w: w!, h: h!, conf: conf!, text });
  }
  if (width === 0 || height === 0) return { words: [], confidence: null };
  const words = rows.map((r, i) => ({
    text: r.text,
    x: (r.left / width) * 100,
    y: (r.top / height) * 100,
    w: (r.w / width) * 100,
    h: (r.h / height) * 100,
    conf: r.conf,
    lineEnd: rows[i + 1]?.key !== r.key,
  }));
  const confidence = rows.length === 0 ? null : rows.reduce((a, r) => a + r.conf, 0) / rows.length;
  return { words, confidence };
}

/** OCR of one page picture (PNG) with tesseract; a missing tesseract rejects the file with the fix. */
export async function ocrPage(png: Buffer, languages: string): Promise<{ words: PositionedWord[]; confidence: number | null }> {
  try {
    return ocrWords(await runTesseract(png, languages, AbortSignal.timeout(OCR_TIMEOUT_MS)));
  } catch (e) {
    // A scanned page without OCR would be a document with no text to annotate: say what to install.
    if (e instanceof ModelBackendError) throw new MediaRejection(`a page has no text layer and OCR failed: ${e.message}`);
    throw e;
  }
}
