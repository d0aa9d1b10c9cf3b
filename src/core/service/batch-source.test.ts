import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSource } from './batch-source';

let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-batch-source-'))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('a batch manifest', () => {
  it('keeps each row\'s file line for its speaker map, with or without a header and across blank lines', () => {
    const m = path.join(dir, 'm.csv');
    fs.writeFileSync(m, 'a.mp4,a.vtt,A=Ada;B=Ben\n\nb.mp4,,\n"c.mp4","c.vtt","A=Ada, PhD"\n');
    const { entries, root } = readSource(m);
    expect(root).toBe(dir);
    expect(entries.map((e) => [path.basename(e.media), e.transcript && path.basename(e.transcript), e.speakerMap?.text ?? null, e.speakerMap?.at.line ?? null])).toEqual([
      ['a.mp4', 'a.vtt', 'A=Ada;B=Ben', 1],
      ['b.mp4', null, null, null],
      ['c.mp4', 'c.vtt', 'A=Ada, PhD', 4],
    ]);
    fs.writeFileSync(m, 'media,transcript,speakers\nx.mp4,x.vtt,X=Xi\n');
    expect(readSource(m).entries[0].speakerMap).toEqual({ text: 'X=Xi', at: { file: m, line: 2 } });
  });

  it('names the line of a row without media', () => {
    const m = path.join(dir, 'bad.csv');
    fs.writeFileSync(m, 'media,transcript\na.mp4,a.vtt\n,b.vtt\n');
    expect(() => readSource(m)).toThrow(`${m}:3: a row without a media path`);
  });
});
