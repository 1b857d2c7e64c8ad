/**
 * Face detection for de-identification (`face-blur`, docs/pipelines.md). The model is the SSD MobileNet v1
 * face detector that ships inside the `@vladmandic/face-api` npm package (its `model/` folder: nothing is
 * downloaded at install or run time), run by TensorFlow.js on its WebAssembly backend (also an npm package,
 * no native build). Loaded once per process, on first use; detection takes the upright RGB pixels.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FaceBox } from '@yungang/core';

/** The port the image stage uses: faces in an upright RGB image. */
export interface FaceDetector {
  detect(rgb: Buffer, width: number, height: number): Promise<FaceBox[]>;
}

/** The part of face-api's API we use (its bundled typings pull in the DOM library). */
interface FaceApi {
  tf: {
    setBackend(name: string): Promise<boolean>;
    ready(): Promise<void>;
    tensor3d(values: Uint8Array, shape: [number, number, number], dtype: 'int32'): { dispose(): void };
  };
  nets: { ssdMobilenetv1: { loadFromDisk(dir: string): Promise<void> } };
  SsdMobilenetv1Options: new (o: { minConfidence: number; maxResults: number }) => unknown;
  detectAllFaces(input: unknown, options: unknown): Promise<{ score: number; box: { x: number; y: number; width: number; height: number } }[]>;
}

const require = createRequire(import.meta.url);
let loading: Promise<FaceApi> | undefined;

async function load(): Promise<FaceApi> {
  const api = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
  await api.tf.setBackend('wasm');
  await api.tf.ready();
  await api.nets.ssdMobilenetv1.loadFromDisk(join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model'));
  return api;
}

/** The detector's floor: boxes under it are never returned (the operator's `minScore` filters further). */
const DETECTOR_MIN_SCORE = 0.2;

export const ssdFaceDetector: FaceDetector = {
  async detect(rgb, width, height) {
    const api = await (loading ??= load().catch((e: unknown) => {
      loading = undefined;
      throw e;
    }));
    const tensor = api.tf.tensor3d(new Uint8Array(rgb.buffer, rgb.byteOffset, rgb.byteLength), [height, width, 3], 'int32');
    try {
      const found = await api.detectAllFaces(tensor, new api.SsdMobilenetv1Options({ minConfidence: DETECTOR_MIN_SCORE, maxResults: 200 }));
      return found.map((d) => ({ x: d.box.x, y: d.box.y, width: d.box.width, height: d.box.height, score: d.score }));
    } finally {
      tensor.dispose();
    }
  },
};
