import { spawnSync } from 'node:child_process';

/**
 * Whether Tesseract with the Chinese and English data, and a font with Chinese glyphs (to render test
 * images), are installed. OCR tests skip with a message without them, except under CI=true, where that
 * is an error (.ci/run installs them), like ffmpeg, the browser and PostgreSQL.
 */
export function tesseractAvailable(): boolean {
  const langs = spawnSync('tesseract', ['--list-langs'], { encoding: 'utf8' });
  const installed = langs.status === 0 && /^chi_sim$/m.test(langs.stdout) && /^eng$/m.test(langs.stdout);
  const fonts = spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' });
  const cjkFont = fonts.status === 0 && fonts.stdout.trim() !== '';
  if (installed && cjkFont) return true;
  const missing = `${installed ? '' : 'tesseract-ocr tesseract-ocr-chi-sim '}${cjkFont ? '' : 'fonts-wqy-microhei'}`.trim();
  if (process.env['CI'] === 'true') throw new Error(`OCR tests need apt-get install ${missing}, and CI=true forbids skipping them`);
  console.warn(`[yungang tests] OCR tests skipped: apt-get install ${missing}`);
  return false;
}
