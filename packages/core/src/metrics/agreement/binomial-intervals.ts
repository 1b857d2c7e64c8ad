/**
 * Two-sided confidence intervals for a binomial proportion (e.g. an annotator's accuracy on gold tasks).
 * Both match statsmodels' `proportion_confint(count, nobs, alpha=1 − confidence, method=…)`:
 * `method='wilson'` and `method='beta'` (Clopper–Pearson).
 */
import { inverseRegularizedBeta, normalQuantile } from './special-functions.js';

/** A closed interval [lower, upper] inside [0, 1]. */
export interface ProportionInterval {
  lower: number;
  upper: number;
}

function validate(name: string, successes: number, trials: number, confidence: number): void {
  if (!Number.isInteger(trials) || trials < 1) throw new RangeError(`${name}: trials must be a positive integer, got ${trials}`);
  if (!Number.isInteger(successes) || successes < 0 || successes > trials) {
    throw new RangeError(`${name}: successes must be an integer in 0..${trials}, got ${successes}`);
  }
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`${name}: confidence must be in (0, 1), got ${confidence}`);
}

/**
 * Wilson score interval: the proportions p whose score test |p̂ − p| / √(p(1−p)/n) ≤ z is not rejected,
 * z = Φ⁻¹(1 − (1 − confidence)/2). Good coverage even for small n and p̂ near 0 or 1.
 *
 * @example wilsonInterval(18, 20) // { lower: 0.69896…, upper: 0.97213… }
 */
export function wilsonInterval(successes: number, trials: number, confidence = 0.95): ProportionInterval {
  validate('wilsonInterval', successes, trials, confidence);
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = successes / trials;
  const z2n = (z * z) / trials;
  const denominator = 1 + z2n;
  const center = (p + z2n / 2) / denominator;
  const half = (z / denominator) * Math.sqrt(p * (1 - p) / trials + z2n / (4 * trials));
  // Clamp: rounding can push an endpoint a hair outside [0, 1] when p̂ is 0 or 1.
  return { lower: Math.max(0, center - half), upper: Math.min(1, center + half) };
}

/**
 * Clopper–Pearson ("exact") interval: Beta quantiles
 * lower = B⁻¹(α/2; x, n − x + 1), upper = B⁻¹(1 − α/2; x + 1, n − x), with lower = 0 when x = 0 and
 * upper = 1 when x = n. Coverage is at least `confidence` for every true p (conservative).
 *
 * @example clopperPearsonInterval(18, 20) // { lower: 0.68301…, upper: 0.98765… }
 */
export function clopperPearsonInterval(successes: number, trials: number, confidence = 0.95): ProportionInterval {
  validate('clopperPearsonInterval', successes, trials, confidence);
  const alpha = 1 - confidence;
  const lower = successes === 0 ? 0 : inverseRegularizedBeta(alpha / 2, successes, trials - successes + 1);
  const upper = successes === trials ? 1 : inverseRegularizedBeta(1 - alpha / 2, successes + 1, trials - successes);
  return { lower, upper };
}
