import { describe, it, expect } from 'vitest';
import { dawidSkene } from './dawid-skene.js';
import { majorityVote } from './majority-vote.js';
import type { CrowdLabel } from './crowd-label.js';
import { seededRandom } from '../../random/seeded-random.js';

const CLASSES = ['a', 'b', 'c'];

/**
 * 300 tasks, three workers: "good" is right 80% of the time; "adversary" answers the next class (a→b, b→c,
 * c→a) 90% of the time; "noisy" answers uniformly at random. Majority vote is wrong whenever the adversary
 * and the noise outvote the good worker; Dawid–Skene should learn that the adversary's answer is a
 * near-perfect (shifted) signal and the noisy worker carries none.
 */
function syntheticCrowd(seed: number): { rows: CrowdLabel[]; truth: Record<string, string> } {
  const random = seededRandom(seed);
  const rows: CrowdLabel[] = [];
  const truth: Record<string, string> = {};
  for (let i = 0; i < 300; i++) {
    const task = `t${String(i).padStart(3, '0')}`;
    const k = Math.floor(random() * 3);
    truth[task] = CLASSES[k] as string;
    const good = random() < 0.8 ? k : (k + 1 + Math.floor(random() * 2)) % 3;
    const adversary = random() < 0.9 ? (k + 1) % 3 : k;
    const noisy = Math.floor(random() * 3);
    rows.push(
      { task, worker: 'good', label: CLASSES[good] as string },
      { task, worker: 'adversary', label: CLASSES[adversary] as string },
      { task, worker: 'noisy', label: CLASSES[noisy] as string },
    );
  }
  return { rows, truth };
}

function accuracy(labels: Record<string, string>, truth: Record<string, string>): number {
  const tasks = Object.keys(truth);
  return tasks.filter((t) => labels[t] === truth[t]).length / tasks.length;
}

// crowd-kit's toy YSDA data (Toloka/crowd-kit tests/conftest.py: toy_answers_df, toy_ground_truth_df);
// crowd-kit's test_ds_aggregation.py asserts that DawidSkene recovers the ground truth on it, including t1,
// which is a 2–2 tie for majority vote. [worker, task, label]
const TOY: [string, string, string][] = [
  ['w1', 't1', 'no'], ['w1', 't2', 'yes'], ['w1', 't3', 'yes'], ['w1', 't4', 'yes'], ['w1', 't5', 'yes'],
  ['w2', 't1', 'yes'], ['w2', 't2', 'yes'], ['w2', 't3', 'no'], ['w2', 't4', 'yes'], ['w2', 't5', 'no'],
  ['w3', 't2', 'yes'], ['w3', 't3', 'no'], ['w3', 't4', 'yes'], ['w3', 't5', 'no'],
  ['w4', 't1', 'yes'], ['w4', 't2', 'no'], ['w4', 't3', 'yes'], ['w4', 't4', 'yes'], ['w4', 't5', 'no'],
  ['w5', 't1', 'no'], ['w5', 't2', 'no'], ['w5', 't3', 'no'], ['w5', 't4', 'yes'], ['w5', 't5', 'no'],
];
const TOY_TRUTH = { t1: 'yes', t2: 'yes', t3: 'no', t4: 'yes', t5: 'no' };
const toyRows = (): CrowdLabel[] => TOY.map(([worker, task, label]) => ({ task, worker, label }));

describe('dawidSkene', () => {
  it('recovers crowd-kit toy ground truth (as crowd-kit DawidSkene does, n_iter=10/tol=0 and defaults)', () => {
    expect(dawidSkene(toyRows()).labels).toEqual(TOY_TRUTH);
    expect(dawidSkene(toyRows(), { maxIterations: 10, tolerance: 0 }).labels).toEqual(TOY_TRUTH);
  });

  it.each([1, 2, 3])('beats majority vote with one good, one adversarial and one noisy worker (seed %i)', (seed) => {
    const { rows, truth } = syntheticCrowd(seed);
    const mv = accuracy(majorityVote(rows).labels, truth);
    const result = dawidSkene(rows);
    const ds = accuracy(result.labels, truth);
    expect(mv).toBeLessThan(0.55);
    expect(ds).toBeGreaterThan(0.85);
    expect(result.converged).toBe(true);
    const adversary = result.workerConfusion['adversary'];
    // It learned the adversary's shift (true rate 0.9), and that the noisy worker is much less reliable than the
    // good one (true diagonals 1/3 and 0.8). Bounds are loose: ~100 tasks per class, and EM partly fits the
    // noisy worker's random answers because they feed into the posteriors it is scored against.
    expect(adversary?.['a']?.['b']).toBeGreaterThan(0.7);
    expect(adversary?.['b']?.['c']).toBeGreaterThan(0.7);
    expect(adversary?.['c']?.['a']).toBeGreaterThan(0.7);
    const diagonal = (worker: string): number =>
      CLASSES.reduce((s, k) => s + (result.workerConfusion[worker]?.[k]?.[k] ?? Number.NaN), 0) / CLASSES.length;
    expect(diagonal('noisy')).toBeLessThan(0.55);
    expect(diagonal('good')).toBeGreaterThan(0.7);
  });

  it('returns proper distributions: posteriors and confusion rows sum to 1, all entries positive', () => {
    const result = dawidSkene(syntheticCrowd(7).rows);
    for (const dist of Object.values(result.posteriors)) expect(Object.values(dist).reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
    for (const matrix of Object.values(result.workerConfusion)) {
      for (const rowDist of Object.values(matrix)) {
        expect(Object.keys(rowDist)).toEqual(CLASSES);
        for (const p of Object.values(rowDist)) expect(p).toBeGreaterThan(0);
        expect(Object.values(rowDist).reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
      }
    }
    expect(Object.values(result.priors).reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
  });

  it('is deterministic: shuffled input gives bit-identical output', () => {
    const { rows } = syntheticCrowd(4);
    const random = seededRandom(99);
    const shuffled = [...rows];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j] as CrowdLabel, shuffled[i] as CrowdLabel];
    }
    expect(dawidSkene(shuffled)).toEqual(dawidSkene(rows));
  });

  it('stops at maxIterations and says it did not converge', () => {
    const result = dawidSkene(syntheticCrowd(5).rows, { maxIterations: 2, tolerance: 0 });
    expect(result.iterations).toBe(2);
    expect(result.converged).toBe(false);
  });

  it('breaks exact posterior ties towards the smallest label', () => {
    // Symmetric data: one worker says x, another y, on a single task; nothing distinguishes them.
    const result = dawidSkene([
      { task: 't', worker: 'p', label: 'y' },
      { task: 't', worker: 'q', label: 'x' },
    ]);
    expect(result.posteriors['t']?.['x']).toBe(result.posteriors['t']?.['y']);
    expect(result.labels).toEqual({ t: 'x' });
  });

  it('handles empty input and a single label', () => {
    expect(dawidSkene([])).toEqual({ labels: {}, posteriors: {}, workerConfusion: {}, priors: {}, iterations: 0, converged: true, logLikelihood: 0 });
    const single = dawidSkene([{ task: 't', worker: 'w', label: 'only' }]);
    expect(single.labels).toEqual({ t: 'only' });
    expect(single.posteriors).toEqual({ t: { only: 1 } });
    expect(single.workerConfusion).toEqual({ w: { only: { only: 1 } } });
  });

  it('validates options', () => {
    expect(() => dawidSkene(toyRows(), { maxIterations: 0 })).toThrow(/maxIterations/);
    expect(() => dawidSkene(toyRows(), { tolerance: -1 })).toThrow(/tolerance/);
    expect(() => dawidSkene(toyRows(), { smoothing: 0 })).toThrow(/smoothing/);
  });
});
