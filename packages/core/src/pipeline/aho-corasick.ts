/**
 * Aho–Corasick multi-pattern matching: built once over a word list (10,000+ words is the expected size),
 * then every occurrence of every word in a text is found in one left-to-right pass, in time linear in
 * the text length plus the number of matches, whatever the number of words.
 *
 * Layout, for a large list: transitions live in one Map keyed by node · 65536 + UTF-16 code unit rather
 * than a Map per node; failure links, word lengths and dictionary-suffix links are Int32Arrays.
 */

export interface KeywordMatch {
  start: number;
  end: number;
  /** Index of the word in the list given to the constructor (the first, for repeated words). */
  word: number;
}

/** Lower-cases ASCII letters only, so offsets in the folded text are offsets in the original. */
export function foldAsciiCase(text: string): string {
  return /[A-Z]/.test(text) ? text.replace(/[A-Z]+/g, (s) => s.toLowerCase()) : text;
}

export class AhoCorasick {
  readonly words: readonly string[];
  private readonly next = new Map<number, number>();
  private readonly fail: Int32Array;
  /** Word ending at the node (index), or -1. */
  private readonly output: Int32Array;
  /** Nearest node on the failure chain that ends a word, or -1: lets matching skip non-word nodes. */
  private readonly dictLink: Int32Array;
  private readonly foldCase: boolean;

  constructor(words: readonly string[], options: { caseSensitive?: boolean } = {}) {
    this.foldCase = options.caseSensitive !== true;
    this.words = words;
    const outputs: number[] = [-1];
    let nodes = 1;
    words.forEach((raw, index) => {
      const word = this.foldCase ? foldAsciiCase(raw) : raw;
      if (word.length === 0) return;
      let node = 0;
      for (let i = 0; i < word.length; i++) {
        const key = node * 65536 + word.charCodeAt(i);
        let child = this.next.get(key);
        if (child === undefined) {
          child = nodes++;
          this.next.set(key, child);
          outputs.push(-1);
        }
        node = child;
      }
      if (outputs[node] === -1) outputs[node] = index;
    });
    this.output = Int32Array.from(outputs);
    this.fail = new Int32Array(nodes);
    this.dictLink = new Int32Array(nodes).fill(-1);
    this.link(nodes);
  }

  get nodeCount(): number {
    return this.output.length;
  }

  /** Breadth-first over the trie: a node's failure link is found from its parent's. */
  private link(nodes: number): void {
    const children: number[][] = Array.from({ length: nodes }, () => []);
    const charOf = new Int32Array(nodes);
    for (const [key, child] of this.next) {
      (children[Math.floor(key / 65536)] as number[]).push(child);
      charOf[child] = key % 65536;
    }
    const queue: number[] = [...(children[0] as number[])];
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head] as number;
      for (const child of children[node] as number[]) {
        const c = charOf[child] as number;
        let f = this.fail[node] as number;
        while (f !== 0 && !this.next.has(f * 65536 + c)) f = this.fail[f] as number;
        const target = this.next.get(f * 65536 + c);
        const failTo = target !== undefined && target !== child ? target : 0;
        this.fail[child] = failTo;
        this.dictLink[child] = (this.output[failTo] as number) >= 0 ? failTo : (this.dictLink[failTo] as number);
        queue.push(child);
      }
    }
  }

  /** Every occurrence of every word (overlapping ones included), ordered by end, then longest first. */
  findAll(text: string, limit = Number.POSITIVE_INFINITY): KeywordMatch[] {
    const subject = this.foldCase ? foldAsciiCase(text) : text;
    const out: KeywordMatch[] = [];
    let node = 0;
    for (let i = 0; i < subject.length; i++) {
      const c = subject.charCodeAt(i);
      let child = this.next.get(node * 65536 + c);
      while (child === undefined && node !== 0) {
        node = this.fail[node] as number;
        child = this.next.get(node * 65536 + c);
      }
      node = child ?? 0;
      for (let hit = (this.output[node] as number) >= 0 ? node : (this.dictLink[node] as number); hit >= 0; hit = this.dictLink[hit] as number) {
        const word = this.output[hit] as number;
        const length = (this.words[word] as string).length;
        out.push({ start: i + 1 - length, end: i + 1, word });
        if (out.length >= limit) return out;
      }
    }
    return out;
  }
}
