import { describe, it, expect } from 'vitest';
import { erfc, inverseRegularizedBeta, logGamma, normalCdf, normalQuantile, regularizedBeta, regularizedGammaQ } from './special-functions.js';

// Exact reference for integer a, b: I_x(a, b) = P[Binomial(a + b − 1, x) ≥ a].
function binomialTail(x: number, a: number, b: number): number {
  const n = a + b - 1;
  let sum = 0;
  let coefficient = 1; // C(n, 0)
  for (let j = 0; j <= n; j++) {
    if (j >= a) sum += coefficient * x ** j * (1 - x) ** (n - j);
    coefficient = (coefficient * (n - j)) / (j + 1);
  }
  return sum;
}

describe('logGamma', () => {
  it('matches log((n−1)!) and Γ(1/2) = √π', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(logGamma(171)).toBeCloseTo(706.5730622457874, 9); // log(170!)
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 14);
    expect(logGamma(1e-3)).toBeCloseTo(6.907178885383853, 12); // log Γ(0.001)
  });
});

describe('regularizedGammaQ / erfc / normal', () => {
  it('has closed forms for a = 1 and known erfc values', () => {
    expect(regularizedGammaQ(1, 2)).toBeCloseTo(Math.exp(-2), 15);
    expect(regularizedGammaQ(1, 30)).toBeCloseTo(Math.exp(-30), 25);
    expect(erfc(0)).toBe(1);
    expect(erfc(1)).toBeCloseTo(0.15729920705028513, 14); // erfc(1), e.g. scipy.special.erfc(1)
    expect(erfc(-1)).toBeCloseTo(1.8427007929497148, 14);
    expect(erfc(5) / 1.5374597944280349e-12).toBeCloseTo(1, 12);
  });

  it('normalQuantile inverts normalCdf to double precision', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14); // scipy.stats.norm.ppf(0.975)
    expect(normalQuantile(0.995)).toBeCloseTo(2.5758293035489004, 14); // scipy.stats.norm.ppf(0.995)
    expect(normalQuantile(0.5)).toBeCloseTo(0, 15);
    for (const p of [1e-12, 1e-6, 0.01, 0.3, 0.7, 0.99, 1 - 1e-9]) {
      expect(normalCdf(normalQuantile(p)) / p).toBeCloseTo(1, 10);
    }
    expect(() => normalQuantile(0)).toThrow(RangeError);
  });
});

describe('regularizedBeta', () => {
  it('matches the exact binomial-tail identity on a grid', () => {
    for (const [a, b] of [[1, 1], [2, 3], [8, 3], [4, 197], [190, 11], [30, 1]] as const) {
      for (const x of [1e-4, 0.01, 0.2, 0.5, 0.8, 0.95, 0.999]) {
        expect(regularizedBeta(x, a, b)).toBeCloseTo(binomialTail(x, a, b), 12);
      }
    }
    expect(regularizedBeta(0.5, 2, 3)).toBeCloseTo(11 / 16, 14);
    expect(regularizedBeta(0, 2, 3)).toBe(0);
    expect(regularizedBeta(1, 2, 3)).toBe(1);
  });
});

describe('inverseRegularizedBeta', () => {
  it('round-trips, including far in the tails', () => {
    for (const [a, b] of [[1, 1], [2, 3], [18, 3], [4, 197], [190, 11], [0.5, 0.5]] as const) {
      for (const p of [1e-10, 0.025, 0.5, 0.975, 1 - 1e-10]) {
        const x = inverseRegularizedBeta(p, a, b);
        expect(regularizedBeta(x, a, b) / p).toBeCloseTo(1, 9);
      }
    }
    expect(inverseRegularizedBeta(11 / 16, 2, 3)).toBeCloseTo(0.5, 14);
    expect(inverseRegularizedBeta(0, 2, 3)).toBe(0);
    expect(inverseRegularizedBeta(1, 2, 3)).toBe(1);
  });
});
