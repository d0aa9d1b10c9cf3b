/**
 * Write-then-rename, so a reader (or a user after a crash) never sees half a file: the data goes to
 * `<dest>.partial-<pid>-<random>` beside the destination, which a failed write removes again.
 */
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../../shared/errors';
import { fsReason } from './input-path';

/** Errors name `dest`, the file the user asked for, never the temporary one. */
export function writeFileAtomic(dest: string, data: string | Uint8Array): void {
  const tmp = `${dest}.partial-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, dest);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw new InputError(dest, writeReason(err, dest));
  }
}

function writeReason(err: unknown, dest: string): string {
  switch ((err as NodeJS.ErrnoException).code) {
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return `cannot write here: ${path.dirname(dest)} is not writable (${(err as NodeJS.ErrnoException).code})`;
    case 'ENOSPC':
      return 'cannot write: the disk is full';
    case 'ENOENT':
      return `cannot write: the folder ${path.dirname(dest)} does not exist`;
    case 'EISDIR':
      return 'is a folder; choose a file name';
    default:
      return `cannot write (${fsReason(err, 'destination')})`;
  }
}
