/**
 * What changed between a dataset bundle's manifest and the files actually found: the check a recipient
 * runs before trusting a delivery. Paths are compared exactly (no normalisation: "a/b" and "a\\b" are
 * different files), digests case-insensitively (hex is hex).
 */

/** One file of a bundle: its path inside the bundle, lowercase hex SHA-256 of its bytes, and its size. */
export type ManifestFile = { path: string; sha256: string; bytes: number };

/** Paths whose content differs, paths found but not listed, paths listed but not found; each sorted. */
export type ManifestComparison = { changed: string[]; added: string[]; missing: string[] };

/** Files by path; a path listed twice keeps every entry, so a duplicate cannot hide a difference. */
function byPath(files: ManifestFile[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const file of files) {
    const fingerprints = map.get(file.path) ?? [];
    fingerprints.push(`${file.sha256.toLowerCase()}/${file.bytes}`);
    map.set(file.path, fingerprints);
  }
  return map;
}

const sameEntries = (a: string[], b: string[]): boolean => a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/**
 * Compares the manifest's list (`expected`) with the files present (`found`). A path is `changed` when
 * its digest or size differs (or it is listed a different number of times); sorting is by UTF-16 code
 * units, so the result does not depend on the locale.
 */
export function compareManifest(expected: ManifestFile[], found: ManifestFile[]): ManifestComparison {
  const want = byPath(expected);
  const have = byPath(found);
  const changed: string[] = [];
  const added: string[] = [];
  const missing: string[] = [];
  for (const [path, entries] of want) {
    const present = have.get(path);
    if (present === undefined) missing.push(path);
    else if (!sameEntries(entries, present)) changed.push(path);
  }
  for (const path of have.keys()) if (!want.has(path)) added.push(path);
  return { changed: changed.sort(), added: added.sort(), missing: missing.sort() };
}
