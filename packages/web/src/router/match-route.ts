/** Parameters captured by `:name` segments of a route pattern. */
export type RouteParams = Record<string, string>;

/**
 * Matches a path against a pattern such as "/projects/:id/:tab?". A trailing "?" makes the last
 * segment optional. Returns the decoded parameters, or null when the path does not match.
 * Example: `matchRoute('/projects/:id', '/projects/7')` → `{ id: '7' }`.
 */
export function matchRoute(pattern: string, path: string): RouteParams | null {
  const want = pattern.split('/').filter(Boolean);
  const have = path.replace(/\/+$/, '').split('/').filter(Boolean);
  const params: RouteParams = {};
  const required = want.filter((s) => !s.endsWith('?')).length;
  if (have.length < required || have.length > want.length) return null;
  for (let i = 0; i < want.length; i++) {
    const segment = want[i] ?? '';
    const actual = have[i];
    if (segment.startsWith(':')) {
      const name = segment.slice(1).replace(/\?$/, '');
      if (actual === undefined) continue;
      try {
        params[name] = decodeURIComponent(actual);
      } catch {
        return null;
      }
    } else if (segment !== actual) {
      return null;
    }
  }
  return params;
}
