/**
 * Flips Attune's Electron fuses (src/main/fuses.ts) into an Electron binary.
 *   node bin/run-ts.mjs scripts/electron-fuses.ts <electron binary> [--packaged]
 * Prints the wire before and after, so a packaging log shows what shipped.
 */
import { flipFuses, FuseVersion, getCurrentFuseWire } from '@electron/fuses';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fuseConfig } from '../src/main/fuses';

export async function applyFuses(binary: string, packaged: boolean): Promise<Record<string, unknown>> {
  if (!fs.existsSync(binary)) throw new Error(`${binary}: no Electron binary there`);
  const want = fuseConfig(packaged);
  const now = (await getCurrentFuseWire(binary)) as unknown as Record<string, number>;
  // Rewrite (and on macOS re-sign) only when a fuse differs, so every `npm start` does not touch the binary.
  const differs = Object.entries(want).some(([i, on]) => now[i] !== (on ? 49 : 48));
  if (differs) await flipFuses(binary, { version: FuseVersion.V1, resetAdHocDarwinSignature: process.platform === 'darwin', ...want });
  return (await getCurrentFuseWire(binary)) as unknown as Record<string, unknown>;
}

const [binary, flag] = process.argv.slice(2);
if (binary && process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  applyFuses(binary, flag === '--packaged').then(
    (wire) => console.log(`electron-fuses: ${binary}: ${JSON.stringify(wire)}`),
    (err) => {
      console.error(`electron-fuses: ${(err as Error).message}`);
      process.exit(1);
    },
  );
}
