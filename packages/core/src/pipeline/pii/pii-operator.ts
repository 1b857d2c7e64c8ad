/**
 * The PII operator: detects every enabled type and applies its policy. `drop` on any match drops the
 * record (reported with the types found, never the values); otherwise each match is replaced by its
 * mask tag (`[MOBILE]`) or a keyed pseudonym (`[MOBILE_3fa2b1c9]`); `keep` types are not even detected.
 */
import { ValidationError } from '../../validation/validation-error.js';
import { KEEP, type TextOperator } from '../operator.js';
import { PII_TYPES, type PiiOperatorSpec, type PiiPolicy, type PiiType } from '../pipeline-spec.js';
import { detectPii } from './detect-pii.js';
import { pseudonymFor } from './pseudonym.js';

export const PII_MASK_TAGS: Record<PiiType, string> = {
  'id-card': 'ID_CARD',
  mobile: 'MOBILE',
  landline: 'PHONE',
  email: 'EMAIL',
  'bank-card': 'BANK_CARD',
  ip: 'IP',
  'licence-plate': 'PLATE',
  passport: 'PASSPORT',
  name: 'NAME',
  address: 'ADDRESS',
};

export function piiPolicies(spec: PiiOperatorSpec): Record<PiiType, PiiPolicy> {
  const policies = {} as Record<PiiType, PiiPolicy>;
  for (const type of PII_TYPES) policies[type] = spec.types?.[type] ?? spec.defaultPolicy ?? 'mask';
  return policies;
}

/** `path` locates the operator in the spec, for the error when a pseudonym key is needed but missing. */
export function createPiiOperator(spec: PiiOperatorSpec, pseudonymKey: Uint8Array | undefined, path: string): TextOperator {
  const policies = piiPolicies(spec);
  const enabled = new Set(PII_TYPES.filter((t) => policies[t] !== 'keep'));
  const pseudonymized = PII_TYPES.filter((t) => policies[t] === 'pseudonymize');
  if (pseudonymized.length > 0 && (pseudonymKey === undefined || pseudonymKey.length === 0)) {
    throw new ValidationError([{ path, message: `pseudonymize (for ${pseudonymized.join(', ')}) needs a secret key: pass pseudonymKey (16+ random bytes) to createPipeline, or use mask` }]);
  }
  return {
    apply(text) {
      if (enabled.size === 0) return KEEP;
      const matches = detectPii(text, enabled);
      if (matches.length === 0) return KEEP;
      const dropping = [...new Set(matches.filter((m) => policies[m.type] === 'drop').map((m) => m.type))];
      if (dropping.length > 0) return { kind: 'drop', reason: `contains ${dropping.join(', ')}` };
      let out = '';
      let at = 0;
      for (const m of matches) {
        const tag = PII_MASK_TAGS[m.type];
        out += text.slice(at, m.start) + (policies[m.type] === 'pseudonymize' ? pseudonymFor(pseudonymKey as Uint8Array, m.type, m.value, tag) : `[${tag}]`);
        at = m.end;
      }
      return { kind: 'change', text: out + text.slice(at) };
    },
  };
}
