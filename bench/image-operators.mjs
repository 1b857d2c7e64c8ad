// Image operators of a preprocessing pipeline (docs/pipelines.md, "Image operators"): photos generated here
// (smooth gradients plus random rectangles, some with an EXIF orientation, some blurred or darkened, some
// re-encoded near-duplicates) go through validate, orient, strip-metadata, near-dedup, blur and exposure
// filters and a resize, with the server's own image stage (packages/server/src/media/image-stage.ts), one
// image at a time as the pipeline job does. Reports images per second (wall) and per core-second (user +
// system CPU of the process, libvips threads included), and what each operator did.
// Usage: node bench/image-operators.mjs [n=60] [width=1600] [height=1200] [maxSide=1024]
import sharp from 'sharp';
import { parsePipelineSpec, seededRandom } from '../packages/core/dist/index.js';
import { ImageStage } from '../packages/server/dist/media/image-stage.js';

const named = Object.fromEntries(process.argv.slice(2).filter((a) => a.includes('=')).map((a) => a.split('=')));
const n = Number(named.n ?? 60);
const width = Number(named.width ?? 1600);
const height = Number(named.height ?? 1200);
const maxSide = Number(named.maxSide ?? 1024);
const random = seededRandom(11);

async function photo(i) {
  const rects = Array.from({ length: 12 }, () => {
    const w = Math.round(40 + random() * width * 0.3);
    const h = Math.round(40 + random() * height * 0.3);
    const colour = `rgb(${Math.round(random() * 255)},${Math.round(random() * 255)},${Math.round(random() * 255)})`;
    return `<rect x="${Math.round(random() * (width - w))}" y="${Math.round(random() * (height - h))}" width="${w}" height="${h}" fill="${colour}"/>`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g"><stop offset="0" stop-color="#${(i * 2654435761 % 0xffffff).toString(16).padStart(6, '0')}"/><stop offset="1" stop-color="#8899aa"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/>${rects}</svg>`;
  let image = sharp(Buffer.from(svg));
  if (i % 10 === 3) image = image.blur(8);
  if (i % 10 === 5) image = image.linear(0.1, 0);
  const jpeg = await image.jpeg({ quality: 90 }).withMetadata(i % 4 === 1 ? { orientation: 6 } : {}).toBuffer();
  return jpeg;
}

const spec = parsePipelineSpec({
  operators: [
    { op: 'image-validate' },
    { op: 'image-orient' },
    { op: 'image-strip-metadata' },
    { op: 'image-near-dedup' },
    { op: 'blur-filter', minSharpness: 20 },
    { op: 'exposure-filter', min: 0.12 },
    { op: 'image-resize', maxSide },
  ],
});

const inputs = [];
for (let i = 0; i < n; i++) {
  // Every seventh image is a re-encoded, slightly smaller copy of the one before: a near duplicate.
  inputs.push(i % 7 === 6 ? await sharp(inputs[i - 1]).resize(Math.round(width * 0.9)).jpeg({ quality: 70 }).toBuffer() : await photo(i));
}
const stage = new ImageStage(spec.operators.map((op, index) => ({ index, spec: op })), 'image');
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const outcomes = { kept: 0, changed: 0, dropped: 0 };
for (const [i, bytes] of inputs.entries()) outcomes[(await stage.process(bytes, i, `#${i}`)).status]++;
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const coreSeconds = (cpu.user + cpu.system) / 1e6;
console.log(JSON.stringify({ images: n, size: `${width}x${height}`, maxSide, seconds: +seconds.toFixed(2), imagesPerSecond: +(n / seconds).toFixed(1), imagesPerCoreSecond: +(n / coreSeconds).toFixed(1), outcomes, operators: stage.stats.map((s) => ({ op: s.op, kept: s.kept, changed: s.changed, dropped: s.dropped })) }, null, 1));
