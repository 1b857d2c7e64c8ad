import { describe, expect, it } from 'vitest';
import { watermarkBackground, watermarkLines, watermarkStyle, watermarkSvg, watermarkTime } from './watermark.ts';

const who = { name: '标注员小李', email: 'li@example.com', userId: '0b6c2f8e-1d2a-4c5b-9e7f-123456789abc', orgName: '云冈标注公司' };

describe('watermark', () => {
  it('names the person, the organisation and the time to the minute', () => {
    const now = new Date(2025, 2, 7, 9, 5, 59);
    expect(watermarkTime(now)).toBe('2025-03-07 09:05');
    expect(watermarkLines(who, now)).toEqual(['标注员小李 · li@example.com', '云冈标注公司', '2025-03-07 09:05 · 0b6c2f8e']);
    expect(watermarkLines({ ...who, name: who.email, orgName: null }, now)).toEqual(['li@example.com', '2025-03-07 09:05 · 0b6c2f8e']);
  });

  it('clips very long names so the tile stays readable', () => {
    const [first] = watermarkLines({ ...who, name: '很'.repeat(80) }, new Date());
    expect([...first!].length).toBe(48);
    expect(first!.endsWith('…')).toBe(true);
  });

  it('escapes user text inside the SVG', () => {
    const svg = watermarkSvg(['<script>alert("x")</script> & co']);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  });

  it('is a CSS url() whose decoded SVG holds every line', () => {
    const lines = watermarkLines(who, new Date(2025, 0, 1, 12, 0));
    const css = watermarkBackground(lines);
    const match = /^url\("data:image\/svg\+xml;charset=utf-8,(.*)"\)$/.exec(css);
    expect(match).not.toBeNull();
    const svg = decodeURIComponent(match![1]!);
    for (const line of lines) expect(svg).toContain(line);
    // Nothing in the encoded part can end the url("…") early.
    expect(match![1]).not.toMatch(/["\s]/);
  });

  it('covers the viewport above everything and never takes a click', () => {
    const style = watermarkStyle('url("x")');
    expect(style).toMatchObject({ position: 'fixed', inset: '0', 'pointer-events': 'none', 'z-index': '2147483647', display: 'block', 'background-repeat': 'repeat' });
  });
});
