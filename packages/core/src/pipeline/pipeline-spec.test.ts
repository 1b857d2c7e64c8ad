import { describe, expect, it } from 'vitest';
import { isValidationError } from '../validation/validation-error.js';
import { parsePipelineSpec } from './pipeline-spec.js';

function issuesOf(input: unknown): string[] {
  try {
    parsePipelineSpec(input);
  } catch (err) {
    if (isValidationError(err)) return err.issues.map((i) => `${i.path}: ${i.message}`);
    throw err;
  }
  return [];
}

describe('pipeline spec', () => {
  it('reads YAML and JSON text, objects and bare lists', () => {
    const yaml = 'name: clean\noperators:\n  - op: normalize\n    traditionalToSimplified: true\n  - op: near-dedup\n    threshold: 0.8\n';
    expect(parsePipelineSpec(yaml)).toEqual({ name: 'clean', operators: [{ op: 'normalize', traditionalToSimplified: true }, { op: 'near-dedup', threshold: 0.8 }] });
    expect(parsePipelineSpec('{"operators":[{"op":"strip"}]}')).toEqual({ operators: [{ op: 'strip' }] });
    expect(parsePipelineSpec([{ op: 'exact-dedup', field: 'content' }])).toEqual({ operators: [{ op: 'exact-dedup', field: 'content' }] });
  });

  it('names the path, the problem and the fix for every mistake', () => {
    expect(
      issuesOf({
        operators: [
          { op: 'normalize', width: 'full' },
          { op: 'lenght-filter' },
          { op: 'near-dedup', threshold: 1.5, treshold: 0.8 },
          { op: 'pii', types: { phone: 'mask', email: 'hide' } },
          { op: 'length-filter', min: 10, max: 5 },
          { op: 'char-ratio-filter' },
          { op: 'keyword-filter' },
          'strip',
        ],
      }),
    ).toEqual([
      'operators[0].width: must be one of "half", "keep", got "full"',
      'operators[1].op: must be one of normalize, strip, length-filter, char-ratio-filter, language-filter, exact-dedup, near-dedup, pii, keyword-filter, image-validate, image-orient, image-strip-metadata, image-resize, image-near-dedup, blur-filter, exposure-filter, face-blur, audio-validate, audio-transcode, duration-filter, clipping-filter, silence-filter, snr-filter, loudness-normalize, vad-split, got "lenght-filter"',
      'operators[2].threshold: must be a number between 0.05 and 1, got 1.5',
      'operators[2].treshold: unknown option for near-dedup; its options are field, ngram, permutations, threshold',
      'operators[3].types.phone: unknown PII type; use one of id-card, mobile, landline, email, bank-card, ip, licence-plate, passport, name, address',
      'operators[3].types.email: must be one of "mask", "pseudonymize", "drop", "keep", got "hide"',
      'operators[4].max: must not be below min (10)',
      'operators[5].chars: is required for char-ratio-filter',
      'operators[6]: keyword-filter needs `words` (a list) or `list` (the name of an imported word list)',
      'operators[7]: must be an object like { op: normalize }, got "strip"',
    ]);
  });

  it('rejects empty pipelines, unknown top-level keys and broken YAML', () => {
    expect(issuesOf({ operators: [] })).toEqual(['operators: must list at least one operator']);
    expect(issuesOf({ steps: [] })).toEqual(['steps: unknown key; a pipeline has `operators` and an optional `name`', 'operators: must be a list of operators, got nothing']);
    expect(issuesOf('operators: [')[0]).toMatch(/^: is not valid YAML or JSON/);
    expect(issuesOf(42)).toEqual([': must be an object with an `operators` list, got 42']);
  });
});
