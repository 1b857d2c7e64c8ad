import { readdir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { badRequest } from '../http/app-error.js';

/**
 * The folder a folder import may read, resolved inside the configured root (YUNGANG_IMPORT_ROOT).
 * Symbolic links are followed before the check (realpath), so a link inside the root that points
 * elsewhere is refused like `../..` is.
 */
export async function folderUnderRoot(root: string, requested: string): Promise<{ path: string; relative: string }> {
  const rootReal = await realpath(root).catch(() => {
    throw badRequest(`the import root ${root} (YUNGANG_IMPORT_ROOT) does not exist on the server; create it or fix the setting`);
  });
  const target = isAbsolute(requested) ? requested : join(rootReal, requested);
  const real = await realpath(resolve(target)).catch(() => {
    throw badRequest(`no folder "${requested}" under the import root; paths are relative to YUNGANG_IMPORT_ROOT`, { path: 'path' });
  });
  const rel = relative(rootReal, real);
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw badRequest(`"${requested}" is outside the import root; only folders under YUNGANG_IMPORT_ROOT can be imported`, { path: 'path' });
  }
  if (!(await stat(real)).isDirectory()) throw badRequest(`"${requested}" is a file, not a folder; name the folder that holds the images`, { path: 'path' });
  return { path: real, relative: rel };
}

/**
 * Every regular file under `dir` (hidden ones and symbolic links skipped), as paths relative to `dir`,
 * sorted so the tasks come out in a stable order. At most `max`: a folder with more is refused before
 * anything is read, so nobody waits an hour to learn that.
 */
export async function listFiles(dir: string, max: number): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(join(dir, rel), { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(child);
      else if (entry.isFile()) {
        out.push(child);
        if (out.length > max) throw badRequest(`the folder holds more than ${max} files; import it in parts (one subfolder at a time)`, { path: 'path' });
      }
    }
  };
  await walk('');
  return out.sort();
}
