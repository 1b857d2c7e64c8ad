/**
 * Search tokens of the dataset catalog (docs/catalog.md). Chinese has no spaces between words and
 * PostgreSQL has no Chinese segmenter, so text is indexed as character unigrams and bigrams of every run
 * of Han (and kana/hangul) characters, plus lower-cased words of other scripts. A query is tokenised
 * the same way and every token must match: "交通数据" matches a card containing "交通数据集" through
 * its bigrams 交通, 通数 and 数据, without a dictionary. Tokens only ever hold letters and digits, so
 * they are safe to put into a `to_tsquery` expression.
 */

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|[\p{L}\p{N}]+/gu;
/** Longer words than this are cut: a tsvector lexeme has a size limit, and nobody searches for them whole. */
const MAX_WORD = 60;

function runs(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(RUN) ?? [];
}

/** Every token a text is indexed under (unique): CJK unigrams and bigrams, other words whole. */
export function indexTokens(text: string): string[] {
  const out = new Set<string>();
  for (const run of runs(text)) {
    if (CJK.test(run[0]!)) {
      const chars = [...run];
      for (let i = 0; i < chars.length; i++) {
        out.add(chars[i]!);
        if (i + 1 < chars.length) out.add(chars[i]! + chars[i + 1]!);
      }
    } else out.add(run.slice(0, MAX_WORD));
  }
  return [...out];
}

/** The tokens a query must all match: CJK bigrams (a single character stays a unigram), other words as prefixes. */
export interface QueryTokens {
  exact: string[];
  prefix: string[];
}

export function queryTokens(query: string): QueryTokens {
  const exact = new Set<string>();
  const prefix = new Set<string>();
  for (const run of runs(query)) {
    if (CJK.test(run[0]!)) {
      const chars = [...run];
      if (chars.length === 1) exact.add(chars[0]!);
      for (let i = 0; i + 1 < chars.length; i++) exact.add(chars[i]! + chars[i + 1]!);
    } else prefix.add(run.slice(0, MAX_WORD));
  }
  return { exact: [...exact], prefix: [...prefix] };
}

/** The `to_tsquery('simple', …)` text of a query, or null when it holds nothing searchable. */
export function tsQueryText(query: string): string | null {
  const { exact, prefix } = queryTokens(query);
  const terms = [...exact.map((t) => `'${t}'`), ...prefix.map((t) => `'${t}':*`)];
  return terms.length === 0 ? null : terms.join(' & ');
}
