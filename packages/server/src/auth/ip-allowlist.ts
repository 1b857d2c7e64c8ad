import { BlockList, isIP } from 'node:net';
import type { ValidationIssue } from '@yungang/core';

/**
 * An organisation's IP allow-list: CIDR ranges, IPv4 and IPv6. Matching uses Node's `BlockList`, which
 * also matches an IPv4-mapped IPv6 address (`::ffff:10.0.0.7`, what a dual-stack listener reports for an
 * IPv4 client) against IPv4 ranges, so one list works whichever way the server listens.
 */
export interface ParsedAllowlist {
  /** Normalised entries (`10.0.0.0/8`, `2001:db8::/32`; a bare address gets /32 or /128). */
  entries: string[];
  issues: ValidationIssue[];
}

export function parseAllowlist(raw: readonly string[], path = 'ipAllowlist'): ParsedAllowlist {
  const entries: string[] = [];
  const issues: ValidationIssue[] = [];
  raw.forEach((value, i) => {
    const parsed = parseCidr(value.trim());
    if (typeof parsed === 'string') issues.push({ path: `${path}[${i}]`, message: `"${value}" ${parsed}` });
    else if (!entries.includes(parsed.text)) entries.push(parsed.text);
  });
  return { entries, issues };
}

/** True when `address` lies in one of `entries` (already normalised by `parseAllowlist`). An empty list allows all. */
export function isAllowed(entries: readonly string[], address: string): boolean {
  if (entries.length === 0) return true;
  const family = isIP(address);
  if (family === 0) return false;
  const list = new BlockList();
  for (const entry of entries) {
    const parsed = parseCidr(entry);
    if (typeof parsed !== 'string') list.addSubnet(parsed.address, parsed.prefix, parsed.type);
  }
  return list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

interface Cidr {
  address: string;
  prefix: number;
  type: 'ipv4' | 'ipv6';
  text: string;
}

/** A CIDR, or why the text is not one (the message completes "<value> …"). */
function parseCidr(value: string): Cidr | string {
  const hint = 'is not an IPv4 or IPv6 address or CIDR range; write for example 203.0.113.0/24, 10.1.2.3 or 2001:db8::/32';
  const [address = '', prefixText, extra] = value.split('/');
  if (extra !== undefined) return hint;
  const family = isIP(address);
  if (family === 0) return hint;
  const max = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= max)) return `has a prefix length outside 0–${max}; write for example ${address}/${family === 4 ? 24 : 64}`;
  return { address, prefix, type: family === 4 ? 'ipv4' : 'ipv6', text: `${address.toLowerCase()}/${prefix}` };
}
