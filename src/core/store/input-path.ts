/**
 * The one place that turns a user-given path into the real, regular file it names, with an error
 * that says what is wrong with it (a link loop is not "not found", a folder is not a file).
 */
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../../shared/errors';

export function fsReason(err: unknown, what: string): string {
  switch ((err as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return `${what} not found`;
    case 'ELOOP':
      return `${what} is a symbolic link loop (a link that points back at itself)`;
    case 'EACCES':
    case 'EPERM':
      return `${what} cannot be read: permission denied`;
    case 'ENAMETOOLONG':
      return `${what}: the path is too long`;
    case 'ENOTDIR':
      return `${what} not found (a part of the path is not a folder)`;
    default:
      return `${what} cannot be opened (${(err as NodeJS.ErrnoException).code ?? String(err)})`;
  }
}

/** The real path of an existing regular file; InputError naming `p` otherwise. */
export function realRegularFile(p: string, what: string): string {
  const abs = path.resolve(p);
  let real: string;
  let st: fs.Stats;
  try {
    real = fs.realpathSync(abs);
    st = fs.statSync(real);
  } catch (err) {
    throw new InputError(abs, fsReason(err, what));
  }
  if (st.isDirectory()) throw new InputError(abs, `${what} is a folder, not a file`);
  if (!st.isFile()) throw new InputError(abs, `${what} is not a regular file`);
  return real;
}

/**
 * True when `p` is a regular file reached without any symbolic link, i.e. the file registered at
 * import and not something swapped in under its name since.
 */
export function isUnlinkedRegularFile(p: string): boolean {
  try {
    return fs.realpathSync(p) === path.resolve(p) && fs.lstatSync(p).isFile();
  } catch {
    return false;
  }
}
