import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FUSE } from '../src/main/fuses';
import { applyFuses } from './electron-fuses';

// Electron's fuse wire: a sentinel, the wire version, its length, then one byte per fuse ('0' off, '1' on).
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
function fakeBinary(wire: string): string {
  const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'attune-fuses-')), 'electron');
  fs.writeFileSync(f, Buffer.concat([Buffer.from('ELF…padding…'), Buffer.from(SENTINEL), Buffer.from([1, wire.length]), Buffer.from(wire), Buffer.from('…rest')]));
  return f;
}
const ON = 49;
const OFF = 48;

describe('electron fuses', () => {
  it('turns run-as-node and NODE_OPTIONS off and cookie encryption on in a development binary', async () => {
    // Electron's defaults: RunAsNode on, cookie encryption off, NODE_OPTIONS on, --inspect on, asar checks off.
    const wire = await applyFuses(fakeBinary('10110001'), false);
    expect(wire[FUSE.RunAsNode]).toBe(OFF);
    expect(wire[FUSE.EnableCookieEncryption]).toBe(ON);
    expect(wire[FUSE.EnableNodeOptionsEnvironmentVariable]).toBe(OFF);
    expect(wire[FUSE.EnableNodeCliInspectArguments]).toBe(ON);
    expect(wire[FUSE.OnlyLoadAppFromAsar]).toBe(OFF);
  });

  it('adds ASAR integrity and asar-only loading, and drops --inspect, when packaged', async () => {
    const wire = await applyFuses(fakeBinary('10110001'), true);
    expect(wire[FUSE.EnableEmbeddedAsarIntegrityValidation]).toBe(ON);
    expect(wire[FUSE.OnlyLoadAppFromAsar]).toBe(ON);
    expect(wire[FUSE.EnableNodeCliInspectArguments]).toBe(OFF);
    expect(wire[FUSE.RunAsNode]).toBe(OFF);
  });

  it('refuses a file that is not an Electron binary', async () => {
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'attune-fuses-')), 'not-electron');
    fs.writeFileSync(f, 'hello');
    await expect(applyFuses(f, false)).rejects.toThrow(/sentinel/);
    await expect(applyFuses('/nonexistent/electron', false)).rejects.toThrow(/no Electron binary/);
  });
});
