/**
 * Write-then-rename, so a reader (or a user after a crash) never sees half a file: the data goes to
 * `<dest>.partial-<pid>-<random>` beside the destination, which a failed write removes again.
 */
import fs from 'node:fs';

export function writeFileAtomic(dest: string, data: string | Uint8Array): void {
  const tmp = `${dest}.partial-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, dest);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}
