import { describe, expect, it } from 'vitest';
import { AhoCorasick } from './aho-corasick.js';
import { createKeywordFilter, parseWordList } from './keyword-filter.js';
import { seededRandom } from '../random/seeded-random.js';

/** Naive reference: every occurrence of every word by indexOf. */
function naive(words: readonly string[], text: string): string[] {
  const out: string[] = [];
  words.forEach((w) => {
    for (let i = text.indexOf(w); i >= 0; i = text.indexOf(w, i + 1)) out.push(`${i}:${i + w.length}:${w}`);
  });
  return out.sort();
}

describe('Aho–Corasick', () => {
  it('finds overlapping and nested words (the classic he/she/his/hers case)', () => {
    const ac = new AhoCorasick(['he', 'she', 'his', 'hers']);
    const found = ac.findAll('ushers').map((m) => `${m.start}:${m.end}:${ac.words[m.word]}`);
    expect(found.sort()).toEqual(['1:4:she', '2:4:he', '2:6:hers']);
  });

  it('matches Chinese words and folds ASCII case unless asked not to', () => {
    expect(new AhoCorasick(['赌博', 'VPN']).findAll('翻墙用vpn和赌博').map((m) => [m.start, m.end])).toEqual([[3, 6], [7, 9]]);
    expect(new AhoCorasick(['VPN'], { caseSensitive: true }).findAll('vpn')).toEqual([]);
  });

  it('agrees with a naive search over a generated 10,000-word list', () => {
    const next = seededRandom(3);
    const alphabet = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过';
    const word = (min: number, max: number) => {
      let w = '';
      const length = min + Math.floor(next() * (max - min + 1));
      for (let i = 0; i < length; i++) w += alphabet[Math.floor(next() * alphabet.length)];
      return w;
    };
    const words = [...new Set(Array.from({ length: 12_000 }, () => word(2, 5)))].slice(0, 10_000);
    expect(words.length).toBe(10_000);
    const ac = new AhoCorasick(words);
    for (let t = 0; t < 20; t++) {
      const text = word(200, 400);
      const found = ac.findAll(text).map((m) => `${m.start}:${m.end}:${ac.words[m.word]}`).sort();
      expect(found).toEqual(naive(words, text));
    }
  });

  it('scans in time linear in the text, not in the number of words', () => {
    const words = Array.from({ length: 20_000 }, (_, i) => `w${i.toString(36)}x`);
    const ac = new AhoCorasick(words);
    const text = 'abc w1x w2zx '.repeat(20_000);
    const started = performance.now();
    const hits = ac.findAll(text).length;
    const elapsed = performance.now() - started;
    expect(hits).toBe(40_000); // w1x and w2zx are both words
    // 260,000 characters take milliseconds; a per-word scan would be 20,000 × that (minutes). The limit
    // is far above the first and far below the second, so a loaded shared machine does not make it flaky.
    expect(elapsed).toBeLessThan(10_000);
  }, 30_000);
});

describe('keyword filter', () => {
  it('reads an imported word list: one per line, comments, blanks and repeats skipped', () => {
    expect(parseWordList('\uFEFF# banned\r\n赌博\r\n  彩票 \n\n赌博\nVPN\n')).toEqual(['赌博', '彩票', 'VPN']);
  });

  it('drops records with enough hits, or masks them', () => {
    const drop = createKeywordFilter({ op: 'keyword-filter', words: ['赌博', '彩票'], minMatches: 2 }, {}, 'operators[0]');
    expect(drop.apply('买彩票', 0).kind).toBe('keep');
    expect(drop.apply('买彩票和赌博', 0)).toEqual({ kind: 'drop', reason: 'keywords: 彩票, 赌博' });
    const mask = createKeywordFilter({ op: 'keyword-filter', list: 'banned', action: 'mask' }, { banned: ['赌博'] }, 'operators[0]');
    expect(mask.apply('不要赌博!', 0)).toEqual({ kind: 'change', text: '不要**!' });
  });

  it('says which word lists exist when a list name is wrong', () => {
    expect(() => createKeywordFilter({ op: 'keyword-filter', list: 'nope' }, { banned: [] }, 'operators[3]')).toThrow('at operators[3].list: no word list named "nope"; imported lists: banned');
  });
});
