import { describe, expect, it } from 'vitest';
import { emailDetector } from './email.js';
import { licencePlateDetector } from './licence-plate.js';
import { passportDetector } from './passport.js';
import type { PiiDetector } from './pii-match.js';

const values = (d: PiiDetector, text: string) => d.find(text).map((m) => m.value);

describe('emails', () => {
  it('finds addresses and rejects malformed ones', () => {
    expect(values(emailDetector, '联系 zhang.san+cv@example.com.cn 或 li@mail.qq.com。')).toEqual(['zhang.san+cv@example.com.cn', 'li@mail.qq.com']);
    expect(values(emailDetector, 'a..b@example.com, .a@example.com, x@localhost, @handle, user@-bad.com')).toEqual([]);
  });

  it('rejects a hostile long input quickly', () => {
    const started = performance.now();
    expect(values(emailDetector, `a@${'b'.repeat(100_000)}`)).toEqual([]);
    // The pattern has no nested ambiguous repetition; the limit is generous for loaded shared machines.
    expect(performance.now() - started).toBeLessThan(5_000);
  }, 15_000);
});

describe('licence plates', () => {
  it('finds ordinary and new-energy plates', () => {
    expect(values(licencePlateDetector, '车牌京A12345，粤B·D12345，沪AD12345，苏E12345D，川A1234学')).toEqual(['京A12345', '粤B·D12345', '沪AD12345', '苏E12345D', '川A1234学']);
  });

  it('rejects plates with I or O, without digits, or glued to other letters', () => {
    expect(values(licencePlateDetector, '京I12345 京A1O345 苏ABCDE 京A12345678 京ABCDEFG')).toEqual([]);
  });
});

describe('passports', () => {
  it('finds the formats of PRC passports', () => {
    expect(values(passportDetector, '护照号 E12345678，EA1234567，G12345678，DE1234567')).toEqual(['E12345678', 'EA1234567', 'G12345678', 'DE1234567']);
  });

  it('rejects look-alikes', () => {
    expect(values(passportDetector, 'E1234567 EI1234567 X12345678 E123456789 TE12345678')).toEqual([]);
  });
});
