import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { compiledOnce } from './compiled-once.js';
import type { DB } from './schema.js';

// Compiles only: a Kysely whose driver runs nothing.
const db = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

describe('compiledOnce', () => {
  it('builds once and binds each call its own values, constants kept in place', () => {
    let builds = 0;
    const byEmail = compiledOnce((d, email: string, name: string) => {
      builds++;
      return d.selectFrom('users').select('id').where('email', '=', email).where('status' as never, '=', 'active' as never).where('name', '=', name).compile();
    });
    const first = byEmail(db, 'a@example.com', 'A');
    const second = byEmail(db, 'b@example.com', 'B');
    expect(builds).toBe(1);
    expect(second.sql).toBe(first.sql);
    expect(first.parameters).toEqual(['a@example.com', 'active', 'A']);
    expect(second.parameters).toEqual(['b@example.com', 'active', 'B']);
    // The same text a fresh build gives.
    expect(second.sql).toBe(db.selectFrom('users').select('id').where('email', '=', 'x').where('status' as never, '=', 'y' as never).where('name', '=', 'z').compile().sql);
  });

  it('binds an argument used twice in both places', () => {
    const twice = compiledOnce((d, id: string) => sql<{ n: number }>`SELECT ${id} AS a, ${id} AS b`.compile(d));
    expect(twice(db, 'u1').parameters).toEqual(['u1', 'u1']);
  });

  it('refuses an argument written into the text or changed before binding', () => {
    const inlined = compiledOnce((d, name: string) => sql`SELECT ${sql.lit(name)}`.compile(d));
    expect(() => inlined(db, 'x')).toThrow(/written into the statement's text/);
    const changed = compiledOnce((d, name: string) => sql`SELECT ${name.toUpperCase()}`.compile(d));
    expect(() => changed(db, 'x')).toThrow(/changed before it was bound/);
    const serialised = compiledOnce((d, name: string) => sql`SELECT ${JSON.stringify({ name })}::jsonb`.compile(d));
    expect(() => serialised(db, 'x')).toThrow(/changed before it was bound/);
  });
});
