/**
 * Keyword filtering over a word list with one Aho–Corasick automaton built per run: drop records with at
 * least `minMatches` occurrences, or mask each occurrence with one * per character.
 */
import { ValidationError } from '../validation/validation-error.js';
import { AhoCorasick } from './aho-corasick.js';
import { KEEP, type TextOperator } from './operator.js';
import type { KeywordFilterOperatorSpec } from './pipeline-spec.js';

/**
 * Reads an imported word list: one word per line (UTF-8 text, CRLF or LF), blank lines and lines
 * starting with # skipped, surrounding whitespace trimmed, repeats removed (first kept).
 */
export function parseWordList(text: string): string[] {
  const words = new Set<string>();
  for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const word = line.trim();
    if (word !== '' && !word.startsWith('#')) words.add(word);
  }
  return [...words];
}

export function createKeywordFilter(spec: KeywordFilterOperatorSpec, wordLists: Readonly<Record<string, readonly string[]>>, path: string): TextOperator {
  const words = [...(spec.words ?? [])];
  if (spec.list !== undefined) {
    const list = wordLists[spec.list];
    if (!list) {
      const known = Object.keys(wordLists);
      throw new ValidationError([{ path: `${path}.list`, message: `no word list named "${spec.list}"; ${known.length > 0 ? `imported lists: ${known.join(', ')}` : 'no word lists were imported'}` }]);
    }
    words.push(...list);
  }
  const matcher = new AhoCorasick(
    words.map((w) => w.trim()).filter((w) => w !== ''),
    { caseSensitive: spec.caseSensitive === true },
  );
  const minMatches = spec.minMatches ?? 1;
  const mask = spec.action === 'mask';
  return {
    apply(text) {
      if (!mask) {
        const hits = matcher.findAll(text, minMatches);
        if (hits.length < minMatches) return KEEP;
        const shown = [...new Set(hits.map((h) => matcher.words[h.word]))].slice(0, 3).join(', ');
        return { kind: 'drop', reason: `keyword${hits.length > 1 ? 's' : ''}: ${shown}` };
      }
      const hits = matcher.findAll(text);
      if (hits.length === 0) return KEEP;
      const chars = text.split('');
      for (const h of hits) for (let i = h.start; i < h.end; i++) chars[i] = '*';
      // A masked surrogate pair becomes two stars; that keeps offsets stable and is still fully masked.
      return { kind: 'change', text: chars.join('') };
    },
  };
}
