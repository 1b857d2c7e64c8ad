import { CompiledQuery } from 'kysely';
import type { Tx } from './database.js';

// Stands in for argument i while the statement is first built.
const MARK = 'yungang-argument-';
const mark = (i: number) => `\u0000${MARK}${i}\u0000`;
// Any trace of a placeholder, also after escaping or case changes.
const traced = (s: string) => s.toLowerCase().includes(MARK);

/**
 * A statement whose SQL text depends only on its shape: Kysely builds and compiles it on first use, with
 * placeholders for the arguments, and every later call sends that same text with its own values. Building and
 * compiling the hot statements of a claim and a submit anew on every request cost about a tenth of an API
 * process's CPU (issue 10, a CPU profile of the 1,000-annotator run).
 *
 * `build` must compile the statement and must not branch on its arguments' values (they are placeholders the
 * first time); each argument must reach the statement as a bound value, unchanged. The first build checks the
 * last rule: an argument inlined into the text or changed before binding throws there, on the first call.
 */
export function compiledOnce<Args extends string[], R>(build: (db: Tx, ...args: Args) => CompiledQuery<R>): (db: Tx, ...args: Args) => CompiledQuery<R> {
  let shape: { text: string; slots: ({ argument: number } | { value: unknown })[] } | undefined;
  return (db, ...args) => {
    if (!shape) {
      const marks = args.map((_, i) => mark(i)) as Args;
      const compiled = build(db, ...marks);
      if (traced(compiled.sql)) throw new Error(`compiledOnce: an argument was written into the statement's text, not bound: ${compiled.sql}`);
      const slots = compiled.parameters.map((p) => {
        const argument = typeof p === 'string' ? marks.indexOf(p) : -1;
        if (argument !== -1) return { argument };
        if (typeof p === 'string' && traced(p)) throw new Error(`compiledOnce: an argument was changed before it was bound (${JSON.stringify(p)}); build this statement anew each time instead`);
        return { value: p };
      });
      shape = { text: compiled.sql, slots };
    }
    return CompiledQuery.raw(shape.text, shape.slots.map((s) => ('argument' in s ? args[s.argument] : s.value))) as CompiledQuery<R>;
  };
}
