import { describe, it, expect } from 'vitest';
import { csvField, csvRow } from './csv.js';

describe('csvField', () => {
  it('leaves plain text unquoted, Unicode included', () => {
    expect(csvField('hello')).toBe('hello');
    expect(csvField('张三在北京')).toBe('张三在北京');
    expect(csvField('😀👨‍👩‍👧')).toBe('😀👨‍👩‍👧');
    expect(csvField('cafe\u0301')).toBe('cafe\u0301');
    expect(csvField('')).toBe('');
  });

  it('quotes commas, quotes, CR and LF, doubling inner quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('a\nb')).toBe('"a\nb"');
    expect(csvField('a\r\nb')).toBe('"a\r\nb"');
    expect(csvField('你好，世界')).toBe('你好，世界'); // the full-width comma is not a separator
  });

  it('quotes leading and trailing whitespace so readers keep it', () => {
    expect(csvField(' a')).toBe('" a"');
    expect(csvField('a ')).toBe('"a "');
    expect(csvField('a b')).toBe('a b');
  });

  it('writes null and undefined as empty', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
  });

  it('writes numbers, booleans, bigints and dates as text', () => {
    expect(csvField(42)).toBe('42');
    expect(csvField(-3.5)).toBe('-3.5');
    expect(csvField(true)).toBe('true');
    expect(csvField(10n)).toBe('10');
    expect(csvField(new Date(Date.UTC(2024, 0, 2, 3, 4, 5)))).toBe('2024-01-02T03:04:05.000Z');
  });

  it('JSON-encodes objects and arrays, quoting as needed', () => {
    expect(csvField({ a: 1 })).toBe('"{""a"":1}"');
    expect(csvField([1, 2])).toBe('"[1,2]"');
    expect(csvField(['人名'])).toBe('"[""人名""]"');
    expect(csvField({})).toBe('{}');
  });

  it('defuses spreadsheet formulas by default', () => {
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('+86 10 1234')).toBe("'+86 10 1234");
    expect(csvField('-5')).toBe("'-5");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\t=cmd')).toBe("'\t=cmd");
    expect(csvField('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvField('a=b')).toBe('a=b');
  });

  it('can leave formulas alone when asked', () => {
    expect(csvField('=1+1', { safeFormulas: false })).toBe('=1+1');
    expect(csvField('\t=cmd', { safeFormulas: false })).toBe('"\t=cmd"');
  });
});

describe('csvRow', () => {
  it('joins fields with commas and ends with CRLF', () => {
    expect(csvRow(['1', '张三, 李四', null, 3, { x: '😀' }])).toBe('1,"张三, 李四",,3,"{""x"":""😀""}"\r\n');
    expect(csvRow([])).toBe('\r\n');
  });

  it('passes options to every field', () => {
    expect(csvRow(['=a', '=b'])).toBe("'=a,'=b\r\n");
    expect(csvRow(['=a', '=b'], { safeFormulas: false })).toBe('=a,=b\r\n');
  });
});
