import { readFile } from 'node:fs/promises';
import {
  boxIoU,
  characterErrorRate,
  clopperPearsonInterval,
  cohenKappa,
  dawidSkene,
  fleissKappa,
  krippendorffAlpha,
  majorityVote,
  meanAveragePrecision,
  polygonIoU,
  rover,
  spanF1,
  wilsonInterval,
  wordErrorRate,
} from '@yungang/core';
import { UsageError } from '../args.js';

// Each metric takes its positional arguments from a JSON array; the core functions validate them.
type Metric = (...args: never[]) => unknown;
const METRICS: Record<string, { fn: Metric; example: string }> = {
  wer: { fn: wordErrorRate as Metric, example: '["reference text", "hypothesis text"]' },
  cer: { fn: characterErrorRate as Metric, example: '["参考文本", "识别文本"]' },
  'span-f1': { fn: spanF1 as Metric, example: '[[[{"start":0,"end":2,"label":"PER"}]], [[{"start":0,"end":2,"label":"PER"}]], {"mode":"strict"}]' },
  rover: { fn: rover as Metric, example: '[["我 爱 北京", "我 爱 背景", "我 爱 北京"], {"unit":"word"}]' },
  'cohen-kappa': { fn: cohenKappa as Metric, example: '[["a","b","a"], ["a","b","b"], {"weights":"linear"}]' },
  'fleiss-kappa': { fn: fleissKappa as Metric, example: '[[[0,3],[1,2],[3,0]]]' },
  'krippendorff-alpha': { fn: krippendorffAlpha as Metric, example: '[[[1,2,null],[1,3,2]], "nominal"]' },
  'majority-vote': { fn: majorityVote as Metric, example: '[[{"task":"t1","worker":"w1","label":"cat"}]]' },
  'dawid-skene': { fn: dawidSkene as Metric, example: '[[{"task":"t1","worker":"w1","label":"cat"}], {"maxIterations":100}]' },
  wilson: { fn: wilsonInterval as Metric, example: '[95, 100, 0.95]' },
  'clopper-pearson': { fn: clopperPearsonInterval as Metric, example: '[95, 100, 0.95]' },
  'box-iou': { fn: boxIoU as Metric, example: '[[0,0,10,10], [5,5,10,10]]' },
  'polygon-iou': { fn: polygonIoU as Metric, example: '[[[0,0],[4,0],[4,4],[0,4]], [[2,2],[6,2],[6,6],[2,6]]]' },
  map: { fn: meanAveragePrecision as Metric, example: '[[{"image":"1","category":"car","box":[0,0,10,10]}], [{"image":"1","category":"car","box":[0,0,10,10],"score":0.9}]]' },
};

export const metricsHelp = `yungang metrics <name> <input.json | ->
  Computes one quality metric and prints its result as JSON. The input is a JSON array of the metric's
  arguments. Names: ${Object.keys(METRICS).join(', ')}. Formulas and sources: docs/quality.md.`;

async function readInput(path: string): Promise<string> {
  if (path !== '-') return readFile(path, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function metrics(argv: string[]): Promise<number> {
  const [name, input, ...extra] = argv;
  if (!name || !input || extra.length > 0) throw new UsageError('give a metric name and an input file (or - for standard input)');
  const metric = METRICS[name];
  if (!metric) throw new UsageError(`unknown metric "${name}"; one of ${Object.keys(METRICS).join(', ')}`);
  let args: unknown;
  try {
    args = JSON.parse(await readInput(input));
  } catch (e) {
    throw new UsageError(`${input} is not JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(args)) throw new UsageError(`the input must be a JSON array of the arguments, e.g. ${metric.example}`);
  const result = metric.fn(...(args as never[]));
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  return 0;
}
