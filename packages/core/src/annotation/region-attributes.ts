/**
 * Checking the attribute values an image region carries (`value.attributes`) against its control's
 * declarations: only declared names, numbers for `number`, an option for `choice`, and a value for every
 * required attribute. Empty text counts as absent, so the stored form never holds `""`.
 */
import type { RegionAttribute } from '../label-config/label-config.types.js';
import type { RegionAttributeValues } from './result.types.js';

type Issue = (segments: (string | number)[], message: string) => void;

/**
 * Returns the values to store (undefined when there are none), reporting problems at `at` + name. `raw`
 * is the untrusted `value.attributes`.
 */
export function checkRegionAttributes(declared: readonly RegionAttribute[] | undefined, raw: unknown, at: (string | number)[], issue: Issue): RegionAttributeValues | undefined {
  const byName = new Map((declared ?? []).map((a) => [a.name, a]));
  const names = [...byName.keys()].join(', ') || 'none';
  const out: RegionAttributeValues = {};
  if (raw !== undefined && (typeof raw !== 'object' || raw === null || Array.isArray(raw))) {
    issue(at, `must be an object of attribute values by name, got ${JSON.stringify(raw)}`);
    return undefined;
  }
  for (const [name, v] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
    const a = byName.get(name);
    if (a === undefined) issue([...at, name], `no attribute named ${JSON.stringify(name)} on this control (attributes: ${names})`);
    else if (a.type === 'number' && (typeof v !== 'number' || !Number.isFinite(v))) issue([...at, name], `must be a number, got ${JSON.stringify(v)}`);
    else if (a.type !== 'number' && typeof v !== 'string') issue([...at, name], `must be a string, got ${JSON.stringify(v)}`);
    else if (a.type === 'choice' && v !== '' && !(a.options ?? []).includes(v as string)) issue([...at, name], `${JSON.stringify(v)} is not an option of ${JSON.stringify(name)} (options: ${(a.options ?? []).join(', ')})`);
    else if (v !== '') out[name] = v as string | number;
  }
  for (const a of declared ?? []) {
    // A wrong value already has its own issue; "required" would only add noise.
    const given = (raw as Record<string, unknown> | undefined)?.[a.name];
    if (a.required === true && out[a.name] === undefined && (given === undefined || given === '')) issue(at, `attribute ${JSON.stringify(a.name)} is required`);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Attribute values read from a file that stores every value as text (CVAT XML) → the declared types:
 * numbers parsed, undeclared names and unreadable numbers reported in `skipped` and left out.
 */
export function regionAttributesFromText(declared: readonly RegionAttribute[] | undefined, raw: Readonly<Record<string, string | number>>, where: string, skipped: string[]): RegionAttributeValues | undefined {
  const byName = new Map((declared ?? []).map((a) => [a.name, a]));
  const out: RegionAttributeValues = {};
  for (const [name, v] of Object.entries(raw)) {
    const a = byName.get(name);
    if (a === undefined) {
      skipped.push(`${where}: attribute ${JSON.stringify(name)} not kept (the control declares no such attribute)`);
      continue;
    }
    if (v === '') continue;
    if (a.type === 'number') {
      const n = typeof v === 'number' ? v : Number(v);
      if (Number.isFinite(n) && String(v).trim() !== '') out[name] = n;
      else skipped.push(`${where}: attribute ${JSON.stringify(name)} = ${JSON.stringify(v)} is not a number, not kept`);
    } else out[name] = String(v);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
