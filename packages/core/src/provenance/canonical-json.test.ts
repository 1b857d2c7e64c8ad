import { describe, it, expect } from 'vitest';
import { canonicalJson, canonicalJsonBytes } from './canonical-json.js';
import { hex } from './encoding.js';

/** The double with the given IEEE 754 bit pattern (hex), as RFC 8785 Appendix B lists them. */
function fromBits(bits: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${bits}`));
  return view.getFloat64(0);
}

describe('canonicalJson: RFC 8785 examples', () => {
  // §3.2.2 (also the `values` case of the canonicalize package's test data): numbers, string escapes, literals.
  it('§3.2.2 sample: sorted keys, ES6 numbers, minimal string escapes', () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}',
    ) as unknown;
    expect(canonicalJson(input)).toBe('{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}');
  });

  it('§3.2.4: the UTF-8 bytes of that sample', () => {
    const input = JSON.parse('{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001], "string": "€$\\u000f\\nA\'B\\"\\\\\\\\\\"/", "literals": [null, true, false]}') as unknown;
    const expected =
      '7b226c69746572616c73223a5b6e756c6c2c747275652c66616c73655d2c226e756d62657273223a5b3333333333333333332e333333333333332c31' +
      '652b33302c342e352c302e3030322c31652d32375d2c22737472696e67223a22e282ac245c753030' +
      '30665c6e4127425c225c5c5c5c5c222f227d';
    expect(hex(canonicalJsonBytes(input))).toBe(expected);
  });

  it('§3.2.3: properties sorted by UTF-16 code units, not by locale or code point', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  // Appendix B "Number Serialization Samples": IEEE 754 bit pattern -> canonical text.
  const APPENDIX_B: [string, string][] = [
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ];

  it.each(APPENDIX_B)('Appendix B: %s -> %s', (bits, text) => {
    expect(canonicalJson(fromBits(bits))).toBe(text);
  });

  it('Appendix B: NaN and Infinity are errors', () => {
    expect(() => canonicalJson(fromBits('7fffffffffffffff'))).toThrow('NaN is not a JSON number');
    expect(() => canonicalJson(fromBits('7ff0000000000000'))).toThrow('Infinity is not a JSON number');
  });

  it('the examples from the brief: 1e+30, 4.5, 0.002, -0 -> 0', () => {
    expect(canonicalJson([1e30, 4.5, 2e-3, -0])).toBe('[1e+30,4.5,0.002,0]');
  });
});

describe('canonicalJson: other properties', () => {
  it('sorts nested objects, keeps array order, writes no whitespace', () => {
    // The canonicalize package's `structures` and `arrays` cases.
    expect(canonicalJson({ '1': { f: { f: 'hi', F: 5 }, '\n': 56.0 }, '10': {}, '': 'empty', a: {}, '111': [{ e: 'yes', E: 'no' }], A: { b: '123' } })).toBe(
      '{"":"empty","1":{"\\n":56,"f":{"F":5,"f":"hi"}},"10":{},"111":[{"E":"no","e":"yes"}],"A":{"b":"123"},"a":{}}',
    );
    expect(canonicalJson([56, { d: true, '10': null, '1': [] }])).toBe('[56,{"1":[],"10":null,"d":true}]');
  });

  it('is independent of property insertion order', () => {
    expect(canonicalJson({ b: 1, a: [{ y: 2, x: 1 }] })).toBe(canonicalJson({ a: [{ x: 1, y: 2 }], b: 1 }));
  });

  it('uses toJSON like JSON.stringify (a Date becomes its ISO string)', () => {
    expect(canonicalJson({ at: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)) })).toBe('{"at":"2024-01-02T03:04:05.000Z"}');
  });

  it('keeps a "__proto__" key as ordinary data', () => {
    expect(canonicalJson(JSON.parse('{"__proto__": {"x": 1}, "a": 2}') as unknown)).toBe('{"__proto__":{"x":1},"a":2}');
  });

  it('encodes characters above U+FFFF as UTF-8, not as escapes', () => {
    expect(hex(canonicalJsonBytes('😂'))).toBe('22f09f988222');
  });
});

describe('canonicalJson: what is not JSON throws, naming the path', () => {
  const cases: [string, unknown, string][] = [
    ['undefined property', { a: { b: undefined } }, 'canonicalJson: at a.b: undefined is not a JSON value'],
    ['undefined in an array', { items: [1, undefined] }, 'at items[1]: undefined is not a JSON value'],
    ['undefined at the root', undefined, 'canonicalJson: undefined is not a JSON value'],
    ['function', { f: () => 1 }, 'at f: a function is not a JSON value'],
    ['symbol', [Symbol('s')], 'at [0]: a symbol is not a JSON value'],
    ['bigint', { n: 10n }, 'at n: a bigint is not a JSON value'],
    ['NaN', { x: [0, Number.NaN] }, 'at x[1]: NaN is not a JSON number'],
    ['-Infinity', { x: -Infinity }, 'at x: -Infinity is not a JSON number'],
    ['odd key', { 'my key': { 'a.b': Infinity } }, 'at ["my key"]["a.b"]: Infinity is not a JSON number'],
    ['lone surrogate in a string', { s: 'a\ud800' }, 'at s: string contains a lone UTF-16 surrogate'],
    ['lone surrogate in a key', { '\udc00': 1 }, 'property name contains a lone UTF-16 surrogate'],
    ['sparse array', { a: Object.assign(new Array<number>(3), { 0: 1, 2: 3 }) }, 'at a[1]: hole in a sparse array'],
    ['Map', { m: new Map([['a', 1]]) }, 'at m: Map is not a plain JSON object'],
    ['typed array', { b: new Uint8Array(2) }, 'at b: Uint8Array is not a plain JSON object'],
    ['class instance', { c: new (class Point { x = 1 })() }, 'at c: Point is not a plain JSON object'],
  ];

  it.each(cases)('%s', (_name, value, message) => {
    expect(() => canonicalJson(value)).toThrow(message);
  });

  it('a cycle', () => {
    const a: { self?: unknown } = {};
    a.self = { back: a };
    expect(() => canonicalJson(a)).toThrow('at self.back: circular reference');
  });

  it('a shared (non-circular) object is fine', () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });

  it('accepts objects without a prototype', () => {
    const bare = Object.create(null) as Record<string, unknown>;
    bare.z = 1;
    bare.a = 2;
    expect(canonicalJson(bare)).toBe('{"a":2,"z":1}');
  });
});
