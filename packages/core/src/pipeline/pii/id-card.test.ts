import { describe, expect, it } from 'vitest';
import { idCardCheckChar, idCardDetector, isValidIdCard } from './id-card.js';

describe('resident ID numbers', () => {
  it('computes the GB 11643 check character', () => {
    expect(idCardCheckChar('11010519491231002')).toBe('X');
    expect(idCardCheckChar('44030619900307281')).toBe('7');
  });

  it('accepts valid numbers, with a lower-case x too', () => {
    expect(isValidIdCard('11010519491231002X')).toBe(true);
    expect(isValidIdCard('11010519491231002x')).toBe(true);
    expect(isValidIdCard('440306199003072817')).toBe(true);
  });

  it('rejects wrong check digits, impossible dates and unknown provinces', () => {
    expect(isValidIdCard('110105194912310021')).toBe(false); // check should be X
    expect(isValidIdCard('440306199003072818')).toBe(false);
    expect(isValidIdCard('440306199002302810')).toBe(false); // 30 February
    expect(isValidIdCard('991234199003072810')).toBe(false); // no province 99
    expect(isValidIdCard('440306180003072810')).toBe(false); // born 1800
  });

  it('finds IDs in text but not inside longer digit runs or codes', () => {
    const found = idCardDetector.find('身份证号：440306199003072817，另一个11010519491231002X。');
    expect(found.map((m) => m.value)).toEqual(['440306199003072817', '11010519491231002X']);
    expect(idCardDetector.find('订单号 4403061990030728170 和 A440306199003072817')).toEqual([]);
    expect(idCardDetector.find('序列号 123456789012345678')).toEqual([]);
  });
});
