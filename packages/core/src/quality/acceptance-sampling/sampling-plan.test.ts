import { describe, expect, it } from 'vitest';
import { samplingPlan } from './sampling-plan.js';

// Expected plans are read off GB/T 2828.1-2012 = ISO 2859-1:1999 Table 1 and Tables 2-A/2-B/2-C by hand;
// the ones marked "AQLSchemes" are also printed in the AQLSchemes vignette (J. Lawson, CRAN 1.7-2).
describe('samplingPlan', () => {
  it('lot 1,000, level II, AQL 1.0: code J, n = 80, Ac 2 / Re 3 (Table 1, Table 2-A)', () => {
    expect(samplingPlan({ lotSize: 1000, aql: 1.0 })).toEqual({
      lotSize: 1000,
      aql: 1,
      inspectionLevel: 'II',
      severity: 'normal',
      measure: 'percent-nonconforming',
      codeLetter: 'J',
      planCodeLetter: 'J',
      sampleSize: 80,
      tableSampleSize: 80,
      accept: 2,
      reject: 3,
      fullInspection: false,
    });
  });

  it('tightened J at AQL 1.0: n = 80, Ac 1 / Re 2 (Table 2-B)', () => {
    expect(samplingPlan({ lotSize: 1000, aql: 1.0, severity: 'tightened' })).toMatchObject({ codeLetter: 'J', sampleSize: 80, accept: 1, reject: 2 });
  });

  it('reduced J at AQL 1.0: n = 32, Ac 1 / Re 2 (Table 2-C, no Ac…Re gap since 1999)', () => {
    expect(samplingPlan({ lotSize: 1000, aql: 1.0, severity: 'reduced' })).toMatchObject({ codeLetter: 'J', sampleSize: 32, accept: 1, reject: 2 });
  });

  it('lot 3,201–10,000, level II, AQL 1.5: normal n = 200 Ac 7, tightened n = 200 Ac 5 (AQLSchemes vignette)', () => {
    expect(samplingPlan({ lotSize: 5000, aql: 1.5 })).toMatchObject({ codeLetter: 'L', sampleSize: 200, accept: 7, reject: 8 });
    expect(samplingPlan({ lotSize: 5000, aql: 1.5, severity: 'tightened' })).toMatchObject({ sampleSize: 200, accept: 5, reject: 6 });
  });

  it('follows ↑ and uses the sample size of the plan above (J at AQL 0.25 → H: n = 50, Ac 0)', () => {
    expect(samplingPlan({ lotSize: 1000, aql: 0.25 })).toMatchObject({ codeLetter: 'J', planCodeLetter: 'H', sampleSize: 50, accept: 0, reject: 1 });
  });

  it('follows ↓ and uses the sample size of the plan below (J at AQL 0.40 → K: n = 125, Ac 1)', () => {
    expect(samplingPlan({ lotSize: 1000, aql: 0.4 })).toMatchObject({ codeLetter: 'J', planCodeLetter: 'K', sampleSize: 125, accept: 1, reject: 2 });
  });

  it('inspects a small lot 100 % when the plan samples at least the lot (lot 5, AQL 1.0: A ↓ E, n = 13)', () => {
    expect(samplingPlan({ lotSize: 5, aql: 1.0 })).toMatchObject({
      codeLetter: 'A',
      planCodeLetter: 'E',
      tableSampleSize: 13,
      sampleSize: 5,
      accept: 0,
      reject: 1,
      fullInspection: true,
    });
    // n = lot size exactly also means 100 % inspection ("equals or exceeds").
    expect(samplingPlan({ lotSize: 2, aql: 6.5 })).toMatchObject({ sampleSize: 2, tableSampleSize: 2, fullInspection: true });
    expect(samplingPlan({ lotSize: 1, aql: 1.0 })).toMatchObject({ sampleSize: 1, fullInspection: true });
  });

  it('uses the special and general levels of Table 1', () => {
    expect(samplingPlan({ lotSize: 1000, aql: 1.0, inspectionLevel: 'S-1' })).toMatchObject({ codeLetter: 'C', planCodeLetter: 'E', sampleSize: 13, accept: 0 });
    expect(samplingPlan({ lotSize: 1000, aql: 1.0, inspectionLevel: 'I' })).toMatchObject({ codeLetter: 'G', planCodeLetter: 'H', sampleSize: 50, accept: 1 });
    expect(samplingPlan({ lotSize: 1000, aql: 1.0, inspectionLevel: 'III' })).toMatchObject({ codeLetter: 'K', sampleSize: 125, accept: 3 });
  });

  it('reaches row S (n = 3150) only under tightened inspection at AQL 0.025', () => {
    expect(samplingPlan({ lotSize: 1_000_000, aql: 0.025, inspectionLevel: 'III', severity: 'tightened' })).toMatchObject({
      codeLetter: 'R',
      planCodeLetter: 'S',
      sampleSize: 3150,
      accept: 1,
    });
  });

  it('accepts AQLs above 10 only as nonconformities per 100 items', () => {
    expect(() => samplingPlan({ lotSize: 1000, aql: 15 })).toThrow(/nonconformities per 100 items/);
    // J at AQL 15 (Table 2-A): Ac 21 / Re 22 with n = 80; J at 1000: ↑ to B, n = 3, Ac 44.
    expect(samplingPlan({ lotSize: 1000, aql: 15, measure: 'nonconformities-per-100-items' })).toMatchObject({ sampleSize: 80, accept: 21, reject: 22 });
    expect(samplingPlan({ lotSize: 1000, aql: 1000, measure: 'nonconformities-per-100-items' })).toMatchObject({ planCodeLetter: 'B', sampleSize: 3, accept: 44 });
  });

  it('rejects AQLs that are not in the table, naming the argument and the allowed values', () => {
    expect(() => samplingPlan({ lotSize: 1000, aql: 0.3 })).toThrow(RangeError);
    expect(() => samplingPlan({ lotSize: 1000, aql: 0.3 })).toThrow(/aql must be one of the preferred AQLs .*0\.01, 0\.015.*1000\), got 0\.3/);
  });

  it('rejects bad lot sizes, levels, severities and measures', () => {
    expect(() => samplingPlan({ lotSize: 0, aql: 1 })).toThrow(/lotSize must be an integer ≥ 1, got 0/);
    expect(() => samplingPlan({ lotSize: 10.5, aql: 1 })).toThrow(/lotSize/);
    expect(() => samplingPlan({ lotSize: 10, aql: 1, inspectionLevel: 'IV' as never })).toThrow(/inspectionLevel must be one of S-1/);
    expect(() => samplingPlan({ lotSize: 10, aql: 1, severity: 'strict' as never })).toThrow(/severity must be one of normal, tightened, reduced/);
    expect(() => samplingPlan({ lotSize: 10, aql: 1, measure: 'ppm' as never })).toThrow(/measure must be one of/);
  });
});
