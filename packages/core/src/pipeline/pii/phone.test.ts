import { describe, expect, it } from 'vitest';
import { isValidMobile, landlineDetector, mobileDetector } from './phone.js';

const values = (text: string, d = mobileDetector) => d.find(text).map((m) => m.value);

describe('mobile numbers', () => {
  it('accepts allocated segments with or without country code and separators', () => {
    expect(values('电话13812345678，或者+86 139-1234-5678，或 8619912345678')).toEqual(['13812345678', '+86 139-1234-5678', '8619912345678']);
    expect(values('call 158 1234 5678 now')).toEqual(['158 1234 5678']);
    expect(values('138 1234-5678')).toEqual([]);
  });

  it('rejects 11-digit numbers on unallocated segments and digits inside longer runs', () => {
    expect(isValidMobile('12012345678')).toBe(false);
    expect(isValidMobile('15412345678')).toBe(false);
    expect(isValidMobile('14012345678')).toBe(false);
    expect(isValidMobile('19412345678')).toBe(false);
    expect(values('订单 12345678901 与 10086123456')).toEqual([]);
    expect(values('流水号 2023138123456789')).toEqual([]);
    expect(values('SKU13812345678')).toEqual([]);
  });
});

describe('landline numbers', () => {
  it('accepts valid area codes written with a separator or parentheses', () => {
    expect(values('座机 010-62345678，(0755) 8765432，021 55556666-123', landlineDetector)).toEqual(['010-62345678', '(0755) 8765432', '021 55556666-123']);
  });

  it('rejects bare digit strings, invalid area codes and local numbers starting 0 or 1', () => {
    expect(values('编号 01062345678', landlineDetector)).toEqual([]);
    expect(values('011-62345678 与 0123-6234567', landlineDetector)).toEqual([]);
    expect(values('010-12345678', landlineDetector)).toEqual([]);
  });
});
