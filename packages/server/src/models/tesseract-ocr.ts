import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import sharp from 'sharp';
import type { LabelConfig, ResultItem } from '@yungang/core';
import type { BlobStore } from '../blobs/blob-store.js';
import { ModelBackendError, type ModelBackend, type ModelHealth, type ModelPrediction, type ModelProject, type ModelTask, type SuggestContext } from './model-backend.js';

/** One recognised line in pixels of the image, with tesseract's mean word confidence (0..100). */
export interface OcrLine {
  left: number;
  top: number;
  width: number;
  height: number;
  text: string;
  confidence: number;
}

const CJK = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/u;

/**
 * Lines of tesseract's `tsv` output: words (level 5) grouped by block, paragraph and line. Chinese comes
 * out one character per "word"; words are joined with a space only between two non-CJK words.
 */
export function parseTesseractTsv(tsv: string): { width: number; height: number; lines: OcrLine[] } {
  let width = 0;
  let height = 0;
  const lines = new Map<string, { l: number; t: number; r: number; b: number; words: string[]; conf: number[] }>();
  for (const row of tsv.split('\n').slice(1)) {
    const c = row.split('\t');
    if (c.length < 12) continue;
    const [level, page, block, par, line, , left, top, w, h, conf] = c.map(Number) as number[];
    const text = c.slice(11).join('\t').trim();
    if (level === 1) {
      width = w!;
      height = h!;
    }
    if (level !== 5 || text === '' || conf! < 0) continue;
    const key = `${page}.${block}.${par}.${line}`;
    const g = lines.get(key) ?? { l: left!, t: top!, r: left! + w!, b: top! + h!, words: [], conf: [] };
    g.l = Math.min(g.l, left!);
    g.t = Math.min(g.t, top!);
    g.r = Math.max(g.r, left! + w!);
    g.b = Math.max(g.b, top! + h!);
    g.words.push(text);
    g.conf.push(conf!);
    lines.set(key, g);
  }
  const out: OcrLine[] = [];
  for (const g of lines.values()) {
    let text = '';
    for (const word of g.words) text += text !== '' && !CJK.test(text.slice(-1)) && !CJK.test(word[0]!) ? ` ${word}` : word;
    out.push({ left: g.l, top: g.t, width: g.r - g.l, height: g.b - g.t, text, confidence: g.conf.reduce((a, b) => a + b, 0) / g.conf.length });
  }
  return { width, height, lines: out };
}

/**
 * OCR lines as result items of the project's image controls, in percent of the image: one box per line
 * for a `rectanglelabels` control (its label named like "text"/"文字" if it has one, else its first), and
 * the lines, top to bottom, as the text of a `textarea` control. The score is the mean confidence.
 */
export function ocrResult(config: LabelConfig, field: string, ocr: { width: number; height: number; lines: OcrLine[] }): { result: ResultItem[]; score: number | null } {
  const result: ResultItem[] = [];
  const lines = [...ocr.lines].sort((a, b) => a.top - b.top || a.left - b.left);
  const pct = (v: number, of: number) => Math.round(Math.min(100, Math.max(0, (v / of) * 100)) * 1000) / 1000;
  for (const control of config.controls) {
    if (control.toName !== field) continue;
    if (control.type === 'rectanglelabels' && control.labels.length > 0) {
      const label = (control.labels.find((l) => /^(text|文字|文本|line|行)$/i.test(l.value)) ?? control.labels[0]!).value;
      lines.forEach((line, i) =>
        result.push({
          id: `ocr-${i}`,
          from_name: control.name,
          to_name: field,
          type: 'rectanglelabels',
          value: { x: pct(line.left, ocr.width), y: pct(line.top, ocr.height), width: pct(line.width, ocr.width), height: pct(line.height, ocr.height), rotation: 0, rectanglelabels: [label] },
          original_width: ocr.width,
          original_height: ocr.height,
        }),
      );
    } else if (control.type === 'textarea' && lines.length > 0) {
      result.push({ id: `ocr-${control.name}`, from_name: control.name, to_name: field, type: 'textarea', value: { text: lines.map((l) => l.text) } });
    }
  }
  const score = lines.length === 0 ? null : Math.round((lines.reduce((a, l) => a + l.confidence, 0) / lines.length) * 10) / 1000;
  return { result, score };
}

/** Runs `tesseract - - -l <languages> tsv` on the image bytes; the TSV it prints. */
export function runTesseract(image: Buffer, languages: string, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('tesseract', ['-', '-', '-l', languages, '--psm', '3', 'tsv'], { stdio: ['pipe', 'pipe', 'pipe'], signal });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (signal.aborted) return reject(signal.reason as Error);
      reject(new ModelBackendError(e.code === 'ENOENT' ? 'tesseract is not installed on this server (Debian: apt-get install tesseract-ocr tesseract-ocr-chi-sim)' : `tesseract failed to start: ${e.message}`, false));
    });
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new ModelBackendError(`tesseract exited with ${code}: ${Buffer.concat(err).toString('utf8').slice(0, 300)}`, false));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(image);
  });
}

const MEDIA_URL = /\/api\/v1\/media\/([0-9a-f]{64})(?:$|[/?#])/;

/**
 * Tesseract OCR from Debian, offline: text lines of image tasks become boxes and a transcript. With a box
 * in the context (the annotator drew one and asked), only that part of the image is read, and the
 * result is placed back in the whole image's coordinates.
 */
export class TesseractOcrBackend implements ModelBackend {
  constructor(
    private readonly blobs: BlobStore,
    private readonly languages = 'chi_sim+eng',
  ) {}

  health(signal: AbortSignal): Promise<ModelHealth> {
    return new Promise((resolve, reject) => {
      const child = spawn('tesseract', ['--list-langs'], { signal });
      const out: Buffer[] = [];
      child.stdout.on('data', (d: Buffer) => out.push(d));
      child.on('error', () => reject(new ModelBackendError('tesseract is not installed on this server (Debian: apt-get install tesseract-ocr tesseract-ocr-chi-sim)', false)));
      child.on('close', () => {
        const installed = new Set(Buffer.concat(out).toString('utf8').split('\n').slice(1).map((l) => l.trim()));
        const missing = this.languages.split('+').filter((l) => !installed.has(l));
        if (missing.length > 0) reject(new ModelBackendError(`tesseract lacks the language data ${missing.join(', ')} (Debian: apt-get install ${missing.map((m) => `tesseract-ocr-${m.replace(/_/g, '-')}`).join(' ')})`, false));
        else resolve({ ok: true, detail: `tesseract ${this.languages}` });
      });
    });
  }

  setup(): Promise<{ modelVersion: string }> {
    return Promise.resolve({ modelVersion: this.modelVersion });
  }

  private get modelVersion(): string {
    return `tesseract-${this.languages}`;
  }

  async predict(project: ModelProject, tasks: ModelTask[], context: SuggestContext | undefined, signal: AbortSignal): Promise<ModelPrediction[]> {
    const field = project.labelConfig.fields.find((f) => f.type === 'image')?.name;
    if (field === undefined) throw new ModelBackendError('tesseract OCR reads images, and this project has no image field', false);
    const out: ModelPrediction[] = [];
    for (const task of tasks) {
      const bytes = await this.imageBytes(task.data[field], task.id);
      const meta = await sharp(bytes).metadata();
      const box = context?.box;
      let ocr;
      if (box && meta.width && meta.height) {
        const left = Math.floor((box.x / 100) * meta.width);
        const top = Math.floor((box.y / 100) * meta.height);
        const width = Math.max(1, Math.min(meta.width - left, Math.ceil((box.width / 100) * meta.width)));
        const height = Math.max(1, Math.min(meta.height - top, Math.ceil((box.height / 100) * meta.height)));
        const crop = await sharp(bytes).extract({ left, top, width, height }).png().toBuffer();
        const part = parseTesseractTsv(await runTesseract(crop, this.languages, signal));
        ocr = { width: meta.width, height: meta.height, lines: part.lines.map((l) => ({ ...l, left: l.left + left, top: l.top + top })) };
      } else {
        ocr = parseTesseractTsv(await runTesseract(bytes, this.languages, signal));
      }
      const { result, score } = ocrResult(project.labelConfig, field, ocr);
      out.push({ taskId: task.id, result, score, modelVersion: this.modelVersion });
    }
    return out;
  }

  /** The image of a task: a blob of this server (`/api/v1/media/<sha256>`) or a `data:` URL. */
  private async imageBytes(value: unknown, taskId: string): Promise<Buffer> {
    if (typeof value === 'string' && value.startsWith('data:')) {
      const comma = value.indexOf(',');
      return Buffer.from(value.slice(comma + 1), value.slice(0, comma).endsWith(';base64') ? 'base64' : 'utf8');
    }
    const sha = typeof value === 'string' ? MEDIA_URL.exec(value)?.[1] : undefined;
    const stream = sha ? await this.blobs.get(sha) : undefined;
    if (!stream) throw new ModelBackendError(`task ${taskId}: its image is not stored on this server (only uploaded images and data: URLs can be read offline)`, false);
    return readAll(stream);
  }
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
