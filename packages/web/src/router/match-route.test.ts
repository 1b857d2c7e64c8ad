import { describe, expect, it } from 'vitest';
import { matchRoute } from './match-route.ts';

describe('matchRoute', () => {
  it('matches static and parameter segments', () => {
    expect(matchRoute('/projects', '/projects')).toEqual({});
    expect(matchRoute('/projects', '/projects/')).toEqual({});
    expect(matchRoute('/projects/:id', '/projects/a%20b')).toEqual({ id: 'a b' });
    expect(matchRoute('/projects/:id/annotate', '/projects/7/annotate')).toEqual({ id: '7' });
  });

  it('supports an optional last segment', () => {
    expect(matchRoute('/projects/:id/:tab?', '/projects/7')).toEqual({ id: '7' });
    expect(matchRoute('/projects/:id/:tab?', '/projects/7/import')).toEqual({ id: '7', tab: 'import' });
  });

  it('rejects other paths', () => {
    expect(matchRoute('/projects/:id', '/projects')).toBeNull();
    expect(matchRoute('/projects/:id', '/projects/1/2')).toBeNull();
    expect(matchRoute('/projects/new', '/projects/old')).toBeNull();
    expect(matchRoute('/projects/:id', '/projects/%E0%A4%A')).toBeNull();
  });
});
