import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A temp folder for generated fixtures, removed by the returned cleanup. */
export function tempDir(prefix = 'attune-formats-'): { dir: string; write: (name: string, data: string | Uint8Array) => string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    dir,
    write: (name, data) => {
      const p = path.join(dir, name);
      writeFileSync(p, data);
      return p;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
