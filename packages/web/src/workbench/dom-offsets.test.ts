import { describe, expect, it } from 'vitest';
import { domPointToUtf16, utf16RangeToCodePoints, utf16ToDomPoint, type OffsetNode } from './dom-offsets.ts';
import { TextModel } from './text-model.ts';

interface FakeNode extends OffsetNode {
  childNodes: FakeNode[];
  parentNode: FakeNode | null;
}

function text(value: string): FakeNode {
  return { nodeType: 3, parentNode: null, childNodes: [], textContent: value };
}

function element(attrs: Record<string, string>, children: FakeNode[]): FakeNode {
  const node: FakeNode = {
    nodeType: 1,
    parentNode: null,
    childNodes: children,
    get textContent() {
      return children.map((c) => c.textContent ?? '').join('');
    },
    getAttribute: (name) => attrs[name] ?? null,
  };
  for (const c of children) c.parentNode = node;
  return node;
}

// "李明😀在北京" rendered as segments [李明][😀][caret][在北京] with data-o = UTF-16 starts.
function renderedField() {
  const t1 = text('李明');
  const t2 = text('😀');
  const t3 = text('在北京');
  const seg1 = element({ 'data-o': '0' }, [t1]);
  const seg2 = element({ 'data-o': '2' }, [t2]);
  const caret = element({ 'data-o': '4' }, []);
  const seg3 = element({ 'data-o': '4' }, [t3]);
  const root = element({}, [seg1, seg2, caret, seg3]);
  return { root, t1, t2, t3, seg2, seg3 };
}

describe('domPointToUtf16', () => {
  it('maps text-node positions through the segment offset', () => {
    const { root, t1, t3 } = renderedField();
    expect(domPointToUtf16(root, t1, 1)).toBe(1);
    expect(domPointToUtf16(root, t3, 0)).toBe(4);
    expect(domPointToUtf16(root, t3, 3)).toBe(7);
  });

  it('maps element positions (root child index, segment child index)', () => {
    const { root, seg2, seg3 } = renderedField();
    expect(domPointToUtf16(root, root, 0)).toBe(0);
    expect(domPointToUtf16(root, root, 2)).toBe(4);
    expect(domPointToUtf16(root, root, 4)).toBe(7);
    expect(domPointToUtf16(root, seg2, 0)).toBe(2);
    expect(domPointToUtf16(root, seg2, 1)).toBe(4);
    expect(domPointToUtf16(root, seg3, 1)).toBe(7);
  });

  it('ignores points outside the field', () => {
    const { root } = renderedField();
    const elsewhere = text('other');
    expect(domPointToUtf16(root, elsewhere, 0)).toBeNull();
  });
});

describe('utf16RangeToCodePoints', () => {
  it('converts Chinese and emoji offsets to code points, in either order', () => {
    const m = new TextModel('李明😀在北京');
    expect(utf16RangeToCodePoints(m, 4, 7)).toEqual({ start: 3, end: 6 }); // 在北京
    expect(utf16RangeToCodePoints(m, 7, 4)).toEqual({ start: 3, end: 6 });
    expect(utf16RangeToCodePoints(m, 2, 4)).toEqual({ start: 2, end: 3 }); // 😀
    expect(m.slice(3, 6)).toBe('在北京');
  });

  it('widens a selection that cuts into an emoji sequence or a combining mark', () => {
    const family = '👨‍👩‍👧';
    const m = new TextModel(`我${family}e\u0301你`);
    // From inside the family to between "e" and its accent.
    const span = utf16RangeToCodePoints(m, 3, 10);
    expect(span).toEqual({ start: 1, end: 8 });
    expect(m.slice(1, 8)).toBe(`${family}e\u0301`);
    // Half a surrogate pair alone widens to the whole pair.
    const smile = new TextModel('a😀b');
    expect(utf16RangeToCodePoints(smile, 1, 2)).toEqual({ start: 1, end: 2 });
  });

  it('returns null for an empty selection', () => {
    const m = new TextModel('abc');
    expect(utf16RangeToCodePoints(m, 2, 2)).toBeNull();
  });
});

describe('utf16ToDomPoint', () => {
  it('finds the text node and offset of a UTF-16 position', () => {
    const { root, t1, t2, t3 } = renderedField();
    expect(utf16ToDomPoint(root, 0)).toEqual({ node: t1, offset: 0 });
    expect(utf16ToDomPoint(root, 1)).toEqual({ node: t1, offset: 1 });
    expect(utf16ToDomPoint(root, 2)).toEqual({ node: t2, offset: 0 });
    // 4 is where the empty caret element and "在北京" both start: the text wins.
    expect(utf16ToDomPoint(root, 4)).toEqual({ node: t3, offset: 0 });
    expect(utf16ToDomPoint(root, 7)).toEqual({ node: t3, offset: 3 });
  });

  it('round-trips with domPointToUtf16 and is null without text', () => {
    const { root } = renderedField();
    for (let u = 0; u <= 7; u++) {
      const point = utf16ToDomPoint(root, u);
      expect(point && domPointToUtf16(root, point.node, point.offset)).toBe(u);
    }
    expect(utf16ToDomPoint(element({}, []), 0)).toBeNull();
  });
});
