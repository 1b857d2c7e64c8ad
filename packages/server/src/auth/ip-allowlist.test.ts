import { describe, expect, it } from 'vitest';
import { isAllowed, parseAllowlist } from './ip-allowlist.js';

describe('parseAllowlist', () => {
  it('normalises IPv4 and IPv6 ranges, gives bare addresses a full prefix and drops duplicates', () => {
    expect(parseAllowlist([' 10.0.0.0/8', '2001:DB8::/32', '192.0.2.7', '::1', '10.0.0.0/8'])).toEqual({
      entries: ['10.0.0.0/8', '2001:db8::/32', '192.0.2.7/32', '::1/128'],
      issues: [],
    });
  });

  it('says which entry is wrong and how to write it', () => {
    const { issues } = parseAllowlist(['10.0.0.0/8', '10.0.0.0/33', 'office', '1.2.3.4/8/1', '::/x']);
    expect(issues.map((i) => i.path)).toEqual(['ipAllowlist[1]', 'ipAllowlist[2]', 'ipAllowlist[3]', 'ipAllowlist[4]']);
    expect(issues[0]!.message).toBe('"10.0.0.0/33" has a prefix length outside 0–32; write for example 10.0.0.0/24');
    expect(issues[1]!.message).toMatch(/^"office" is not an IPv4 or IPv6 address or CIDR range; write for example/);
  });
});

describe('isAllowed', () => {
  const list = parseAllowlist(['203.0.113.0/24', '2001:db8::/32']).entries;
  it('matches addresses inside the ranges, IPv4-mapped IPv6 included', () => {
    expect(isAllowed(list, '203.0.113.77')).toBe(true);
    expect(isAllowed(list, '::ffff:203.0.113.77')).toBe(true);
    expect(isAllowed(list, '2001:db8:ffff::1')).toBe(true);
  });
  it('refuses everything else, and what is not an address', () => {
    for (const address of ['203.0.114.1', '127.0.0.1', '::1', '2001:db9::1', 'unknown', '']) expect(isAllowed(list, address), address).toBe(false);
  });
  it('an empty list allows every address', () => {
    expect(isAllowed([], '198.51.100.1')).toBe(true);
  });
});
