import { describe, expect, it } from 'vitest';
import { AudioStatsAccumulator, clipRatio, estimateSnr, powerDbfs, silenceRatio } from './audio-stats.js';

const RATE = 16_000;

/** A sine of `amplitude` (1 = full scale), `seconds` long. */
function sine(seconds: number, amplitude: number, frequency = 440): Float32Array {
  const out = new Float32Array(Math.round(seconds * RATE));
  for (let i = 0; i < out.length; i++) out[i] = amplitude * Math.sin((2 * Math.PI * frequency * i) / RATE);
  return out;
}

/** Deterministic white noise of RMS `rms` (a linear congruential generator: the same array every run). */
function noise(seconds: number, rms: number, seed = 1): Float32Array {
  const out = new Float32Array(Math.round(seconds * RATE));
  let s = seed;
  for (let i = 0; i < out.length; i++) {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    out[i] = (s / 2 ** 31 - 0.5) * rms * Math.sqrt(12);
  }
  return out;
}

function concat(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function add(a: Float32Array, b: Float32Array): Float32Array {
  return a.map((x, i) => x + (b[i] ?? 0));
}

function statsOf(samples: Float32Array, levels: number[] = [], channels = 1, chunk = 1000) {
  const acc = new AudioStatsAccumulator(RATE, channels, levels);
  for (let i = 0; i < samples.length; i += chunk) acc.push(samples.subarray(i, i + chunk));
  return acc.finish();
}

describe('audio statistics', () => {
  it('counts clipped samples, and a sine below the level has none', () => {
    const loud = sine(1, 2).map((x) => Math.max(-1, Math.min(1, x)));
    const clean = sine(1, 0.9);
    const c = statsOf(loud, [0.99]);
    // A sine at twice full scale, hard-clipped, sits at ±1 for two thirds of the time.
    expect(clipRatio(c.clipped.get(0.99)!, c.frames)).toBeCloseTo(2 / 3, 1);
    expect(c.peak).toBe(1);
    expect(statsOf(clean, [0.99]).clipped.get(0.99)).toBe(0);
    expect(clipRatio(0, 0)).toBe(0);
  });

  it('measures frames whatever the chunk size, and interleaved channels together', () => {
    // 500 Hz: whole cycles in each 20 ms frame.
    const s = sine(0.5, 0.5, 500);
    const a = statsOf(s, [], 1, 7);
    const b = statsOf(s, [], 1, 4096);
    expect(a.framePowers.length).toBe(25);
    expect(Array.from(a.framePowers)).toEqual(Array.from(b.framePowers));
    // A full-scale-half sine has power 0.125 (−9 dBFS).
    expect(powerDbfs(a.framePowers[3]!)).toBeCloseTo(-9.03, 1);
    const stereo = new Float32Array(s.length * 2);
    s.forEach((x, i) => {
      stereo[2 * i] = x;
      stereo[2 * i + 1] = 0;
    });
    const st = statsOf(stereo, [], 2);
    expect(st.frames).toBe(s.length);
    expect(st.duration).toBeCloseTo(0.5, 6);
    expect(st.framePowers.length).toBe(25);
    expect(st.framePowers[3]).toBeCloseTo(0.0625, 3);
  });

  it('finds the silent share of a recording, and a steady tone has none', () => {
    const mostlySilent = concat(sine(0.2, 0.5), new Float32Array(RATE * 0.8));
    expect(silenceRatio(statsOf(mostlySilent).framePowers, -40)).toBeCloseTo(0.8, 2);
    expect(silenceRatio(statsOf(sine(1, 0.5)).framePowers, -40)).toBe(0);
    // Quiet noise at −50 dBFS is silence at a −40 threshold, and sound at −60.
    const hum = noise(1, 10 ** (-50 / 20));
    expect(silenceRatio(statsOf(hum).framePowers, -40)).toBe(1);
    expect(silenceRatio(statsOf(hum).framePowers, -60)).toBe(0);
    expect(silenceRatio([], -40)).toBe(1);
  });

  it('estimates SNR from the quiet and loud frames', () => {
    // Bursts of tone with pauses, over noise 30 dB below the tone's power.
    const bursts = concat(sine(0.5, 0.5), new Float32Array(RATE * 0.5), sine(0.5, 0.5), new Float32Array(RATE * 0.5));
    const tonePower = 0.125;
    const noiseRms = Math.sqrt(tonePower / 10 ** 3);
    const noisy = statsOf(add(bursts, noise(2, noiseRms)));
    const est = estimateSnr(noisy.framePowers)!;
    expect(est.snrDb).toBeGreaterThan(27);
    expect(est.snrDb).toBeLessThan(33);
    expect(est.noiseDbfs).toBeCloseTo(powerDbfs(noiseRms ** 2), 0);
    // The same bursts over noise only 5 dB down read far lower.
    const louder = estimateSnr(statsOf(add(bursts, noise(2, Math.sqrt(tonePower / 10 ** 0.5)))).framePowers)!;
    expect(louder.snrDb).toBeLessThan(8);
    // Clean bursts with digital silence between them: the floor (−100 dBFS) caps the estimate high.
    expect(estimateSnr(statsOf(bursts).framePowers)!.snrDb).toBeGreaterThan(80);
    // Noise alone compares like with like: near or below 0 dB.
    expect(estimateSnr(statsOf(noise(2, 0.1)).framePowers)!.snrDb).toBeLessThan(3);
    expect(estimateSnr([])).toBeNull();
  });

  it('refuses impossible formats', () => {
    expect(() => new AudioStatsAccumulator(0, 1)).toThrow(RangeError);
    expect(() => new AudioStatsAccumulator(16_000, 0)).toThrow(RangeError);
  });
});
