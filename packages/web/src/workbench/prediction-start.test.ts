import { describe, expect, it } from 'vitest';
import type { PredictionDto } from '@yungang/core';
import { startingPrediction } from './prediction-start.ts';

const p = (id: string, score: number | null, createdAt: string): PredictionDto => ({ id, result: [], modelVersion: 'm', score, createdAt });

describe('startingPrediction', () => {
  it('takes the best score, then the newest; none without predictions', () => {
    expect(startingPrediction([p('a', 0.5, '2026-01-01'), p('b', 0.9, '2025-01-01'), p('c', null, '2027-01-01')])?.id).toBe('b');
    expect(startingPrediction([p('a', null, '2026-01-01'), p('b', null, '2026-02-01')])?.id).toBe('b');
    expect(startingPrediction([])).toBeNull();
    expect(startingPrediction(undefined)).toBeNull();
  });
});
