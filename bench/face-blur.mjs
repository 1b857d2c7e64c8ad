// Face de-identification (docs/pipelines.md, "face-blur"; issue 8 item 3): the SSD MobileNet v1 detector
// that ships in the @vladmandic/face-api npm package, run by TensorFlow.js on WebAssembly, through the
// server's own image stage (packages/server/src/media/image-stage.ts), one image at a time as a pipeline job
// does. The labelled set is the six demo photographs inside that package (22 faces, one hand-placed point
// per face: packages/server/src/media/test-fixtures/face-samples.json); a face is found when a box at or
// above minScore contains its point. Reports recall, boxes that contain no labelled face (false positives),
// images per second (wall) and per core-second (user + system CPU of the process).
// Usage: node bench/face-blur.mjs [rounds=3] [minScore=0.5]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { ImageStage } from '../packages/server/dist/media/image-stage.js';
import { ssdFaceDetector } from '../packages/server/dist/media/face-detector.js';

const here = dirname(fileURLToPath(import.meta.url));
const rounds = Number(process.argv[2] ?? 3);
const minScore = Number(process.argv[3] ?? 0.5);
const require = createRequire(join(here, '..', 'packages', 'server', 'package.json'));
const demo = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo');
const labels = JSON.parse(readFileSync(join(here, '..', 'packages', 'server', 'src', 'media', 'test-fixtures', 'face-samples.json'), 'utf8'));

// Recall and false positives, on the detector alone.
let faces = 0;
let found = 0;
let falsePositives = 0;
for (const image of labels.images) {
  const { data, info } = await sharp(join(demo, image.file)).autoOrient().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const boxes = (await ssdFaceDetector.detect(data, info.width, info.height)).filter((b) => b.score >= minScore);
  const inside = (b, [x, y]) => x >= b.x && x <= b.x + b.width && y >= b.y && y <= b.y + b.height;
  faces += image.faces.length;
  found += image.faces.filter((p) => boxes.some((b) => inside(b, p))).length;
  falsePositives += boxes.filter((b) => !image.faces.some((p) => inside(b, p))).length;
}

// Throughput of the whole operator (decode, detect, blur, re-encode), after the model is loaded.
const inputs = labels.images.map((i) => readFileSync(join(demo, i.file)));
const stage = new ImageStage([{ index: 0, spec: { op: 'face-blur', minScore } }], 'image');
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let images = 0;
for (let r = 0; r < rounds; r++) for (const [i, bytes] of inputs.entries()) {
  await stage.process(bytes, images++, labels.images[i].file);
}
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const coreSeconds = (cpu.user + cpu.system) / 1e6;
console.log(JSON.stringify({
  images,
  size: '1920 px wide',
  faces,
  recall: Number((found / faces).toFixed(3)),
  falsePositives,
  minScore,
  imagesPerSecond: Number((images / seconds).toFixed(2)),
  imagesPerCoreSecond: Number((images / coreSeconds).toFixed(2)),
  stats: stage.stats[0],
}));
