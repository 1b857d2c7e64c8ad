import { describe, expect, it } from 'vitest';
import { ipDetector, isValidIpv4, isValidIpv6 } from './ip-address.js';

const values = (text: string) => ipDetector.find(text).map((m) => m.value);

describe('IP addresses', () => {
  it('finds IPv4 and IPv6 addresses', () => {
    expect(values('服务器 192.168.1.10 和 10.0.0.1.')).toEqual(['192.168.1.10', '10.0.0.1']);
    expect(values('v6 2001:db8::8a2e:370:7334 and fe80:0:0:0:202:b3ff:fe1e:8329')).toEqual(['2001:db8::8a2e:370:7334', 'fe80:0:0:0:202:b3ff:fe1e:8329']);
  });

  it('rejects octets over 255, leading zeros, longer dotted numbers and version strings', () => {
    expect(isValidIpv4('256.1.1.1')).toBe(false);
    expect(isValidIpv4('01.02.03.04')).toBe(false);
    expect(values('章节 1.2.3.4.5')).toEqual([]);
    expect(values('升级到 v1.2.3.4 或 version 2.0.0.1，版本 3.1.0.2')).toEqual([]);
  });

  it('rejects clock times and malformed IPv6', () => {
    expect(values('会议 12:30:45 开始')).toEqual([]);
    expect(isValidIpv6('1:2:3:4:5:6:7')).toBe(false);
    expect(isValidIpv6('1::2::3')).toBe(false);
    expect(isValidIpv6('12345::1')).toBe(false);
    expect(isValidIpv6('::1')).toBe(true);
  });
});
