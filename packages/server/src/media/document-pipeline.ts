import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import type * as PdfJsModule from 'pdfjs-dist/legacy/build/pdf.mjs';
import { assemblePageText, hasTextLayer, pageOffsets, type DocumentLayout, type DocumentPageInfo, type DocumentPageText, type PositionedWord } from '@yungang/core';
import { MediaRejection } from './image-source.js';
import { ocrPage } from './document-ocr.js';

/**
 * The page picture annotators see: its longer side in pixels (about 190 dpi for A4), JPEG with full-resolution
 * colour (4:4:4, so red seals and coloured text stay sharp). JPEG, not WebP: sharp encodes it ten times
 * faster (20 ms against 190 ms a page), which is most of a 300-page import; the file is about twice as large.
 */
const PAGE_LONG_SIDE = 1600;
/** Scanned pages are rendered larger for OCR (about 300 dpi for A4): Tesseract reads small print badly below that. */
const OCR_LONG_SIDE = 3500;
const THUMB_SIDE = 256;
/** Past this many pages a PDF is refused: 2,000 pages is a book, not a document to annotate page by page. */
export const MAX_DOCUMENT_PAGES = 2000;

type PdfJs = typeof PdfJsModule;
let pdfjs: Promise<PdfJs> | undefined;
// Loaded on first use: most servers never see a PDF, and pdf.js is large.
const loadPdfJs = () => (pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs'));
const pdfjsRoot = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

export interface DerivedDocument {
  layout: DocumentLayout;
  /** Page 1's thumbnail blob. */
  thumbSha256: string;
  ocrPages: number;
}

/** One page read and stored: its layout entry before the document's offsets are known. */
export type DerivedPage = Omit<DocumentPageInfo, 'offset'>;

/**
 * Reading a document in batches (the `document-intake` job): the pages already stored by an earlier
 * run are skipped, and `onBatch` is called with every page stored so far after each `every` pages and
 * after the last one, so the job can checkpoint them.
 */
export interface DocumentResume {
  pages?: readonly DerivedPage[];
  ocrPages?: number;
  every?: number;
  onBatch?: (pages: DerivedPage[], ocrPages: number, total: number) => Promise<void>;
}

/** A page's text positioned as pdf.js reads it, in percent of the page and the file's own order. */
interface PdfTextItem {
  str: string;
  transform: number[];
  width: number;
  hasEOL: boolean;
}

/**
 * Reads a PDF page by page (docs/documents.md): its text layer with boxes (pdf.js), the page drawn as a
 * JPEG picture and a WebP thumbnail, OCR (Tesseract, `languages`) for pages without a text layer, each page's
 * text and picture stored as blobs through `put` before the next page is read, so memory holds one page
 * at a time besides the PDF's bytes. Returns the layout manifest (not yet stored).
 */
export async function deriveDocument(path: string, put: (bytes: Buffer) => Promise<string>, languages: string, resume: DocumentResume = {}): Promise<DerivedDocument> {
  const { getDocument, Util } = await loadPdfJs();
  const data = new Uint8Array(await readFile(path));
  let doc;
  try {
    doc = await getDocument({
      data,
      standardFontDataUrl: join(pdfjsRoot, 'standard_fonts') + '/',
      cMapUrl: join(pdfjsRoot, 'cmaps') + '/',
      cMapPacked: true,
      isEvalSupported: false,
      // Fonts are drawn from the file (or pdf.js' standard fonts), never from the server's system fonts.
      useSystemFonts: false,
      verbosity: 0,
    }).promise;
  } catch (e) {
    throw new MediaRejection(`not a readable PDF (${(e as Error).message})`);
  }
  let encoding: Promise<void> = Promise.resolve();
  try {
    if (doc.numPages > MAX_DOCUMENT_PAGES) throw new MediaRejection(`${doc.numPages} pages; the limit is ${MAX_DOCUMENT_PAGES} pages per document, split it`);
    const pages: (DerivedPage | undefined)[] = [...(resume.pages ?? [])];
    let ocrPages = resume.ocrPages ?? 0;
    if (pages.length > doc.numPages) throw new Error(`the checkpoint has ${pages.length} pages, the PDF ${doc.numPages}: not the same file`);
    const every = resume.every ?? 10;
    for (let p = pages.length + 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      try {
        const viewport = page.getViewport({ scale: 1 });
        const content = await page.getTextContent();
        const words = textLayerWords(content.items as PdfTextItem[], viewport.transform, viewport.width, viewport.height, Util.transform);
        const scanned = !hasTextLayer(words);
        const render = async (longSide: number): Promise<{ raw: Buffer; width: number; height: number }> => {
          const scale = longSide / Math.max(viewport.width, viewport.height);
          const view = page.getViewport({ scale });
          const [w, h] = [Math.ceil(view.width), Math.ceil(view.height)];
          const factory = doc.canvasFactory as { create(w: number, h: number): { canvas: { data(): Buffer }; context: unknown } };
          const { canvas, context } = factory.create(w, h);
          // White paper under the page: a PDF page without a background would otherwise be transparent.
          const ctx = context as { fillStyle: string; fillRect(x: number, y: number, w: number, h: number): void };
          ctx.fillStyle = '#ffffff';
          ctx.fillRect(0, 0, w, h);
          await page.render({ canvasContext: context as never, canvas: canvas as never, viewport: view }).promise;
          // The raw RGBA pixels: encoding a PNG only for sharp to decode it again took longer than drawing the page.
          return { raw: Buffer.from(canvas.data()), width: w, height: h };
        };
        let pixels = await render(scanned ? OCR_LONG_SIDE : PAGE_LONG_SIDE);
        const rawOf = (px: typeof pixels) => sharp(px.raw, { raw: { width: px.width, height: px.height, channels: 4 } }).removeAlpha();
        let source: DocumentPageInfo['source'] = 'text';
        let pageWords = words;
        let confidence: number | undefined;
        if (scanned) {
          const ocr = await ocrPage(await rawOf(pixels).png({ compressionLevel: 1 }).toBuffer(), languages);
          pageWords = ocr.words;
          source = ocr.words.length > 0 ? 'ocr' : 'none';
          if (ocr.confidence !== null) confidence = Math.round(ocr.confidence * 10) / 10;
          if (source === 'ocr') ocrPages++;
          const { data, info } = await rawOf(pixels).resize({ width: PAGE_LONG_SIDE, height: PAGE_LONG_SIDE, fit: 'inside' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
          pixels = { raw: data, width: info.width, height: info.height };
        }
        const { text, items } = assemblePageText(pageWords);
        const pageText: DocumentPageText = { version: 1, page: p, source, text, items };
        const shown = pixels;
        const info: Omit<DocumentPageInfo, 'offset' | 'image' | 'thumb' | 'text'> = {
          width: round(viewport.width),
          height: round(viewport.height),
          imageWidth: shown.width,
          imageHeight: shown.height,
          length: Array.from(text).length,
          source,
          ...(confidence !== undefined ? { confidence } : {}),
        };
        // Encoding and storing run on libuv's threads while the next page is drawn; one page at a time
        // waits, so memory holds at most two pages' pixels.
        await encoding;
        const index = pages.length;
        pages.push(undefined);
        encoding = (async () => {
          const image = await put(await rawOf(shown).jpeg({ quality: 85, chromaSubsampling: '4:4:4' }).toBuffer());
          const thumb = await put(await rawOf(shown).resize({ width: THUMB_SIDE, height: THUMB_SIDE, fit: 'inside' }).webp({ quality: 80, effort: 2 }).toBuffer());
          const textSha = await put(Buffer.from(JSON.stringify(pageText)));
          pages[index] = { ...info, image, thumb, text: textSha };
        })();
      } finally {
        page.cleanup();
      }
      if (resume.onBatch && (p % every === 0 || p === doc.numPages)) {
        // Every page up to p is stored before the checkpoint names it: a resume never points at a missing blob.
        await encoding;
        await resume.onBatch(pages.filter((x): x is DerivedPage => x !== undefined), ocrPages, doc.numPages);
      }
    }
    await encoding;
    const done = pages.filter((p): p is DerivedPage => p !== undefined);
    if (done.length === 0) throw new MediaRejection('the PDF has no pages');
    const { offsets, textLength } = pageOffsets(done.map((p) => p.length));
    return { layout: { version: 1, pages: done.map((p, i) => ({ ...p, offset: offsets[i]! })), textLength }, thumbSha256: done[0]!.thumb, ocrPages };
  } finally {
    // A page that failed while the previous one was still being stored: that store's outcome no longer matters.
    await encoding.catch(() => undefined);
    await doc.destroy();
  }
}

const round = (v: number) => Math.round(v * 100) / 100;

/**
 * pdf.js text items as words in percent of the upright page: the item's baseline origin through the
 * viewport (which applies the page's rotation), its font size as height. A line ends where pdf.js says
 * so (`hasEOL`) or where the next item's baseline moves by more than half a line.
 */
export function textLayerWords(items: readonly PdfTextItem[], viewportTransform: number[], width: number, height: number, multiply: (a: number[], b: number[]) => number[]): PositionedWord[] {
  const placed = items.map((item) => {
    const t = multiply(viewportTransform, item.transform);
    const size = Math.hypot(t[2]!, t[3]!);
    return { item, x: t[4]!, baseline: t[5]!, size };
  });
  return placed.map((p, i) => {
    const next = placed[i + 1];
    const lineEnd = p.item.hasEOL || (next !== undefined && next.item.str !== '' && Math.abs(next.baseline - p.baseline) > Math.max(p.size, next.size) / 2);
    return {
      text: p.item.str,
      x: clamp((p.x / width) * 100),
      y: clamp(((p.baseline - p.size) / height) * 100),
      w: clamp((p.item.width / width) * 100),
      h: clamp((p.size / height) * 100),
      ...(lineEnd ? { lineEnd } : {}),
    };
  });
}

const clamp = (v: number) => Math.min(100, Math.max(0, v));
