import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateLabelFile, findMedia, readLabelCsv } from './eval';
import { defaultModelDir } from './models';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-eval-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};

describe('attune eval', () => {
  it('reads MMSA label.csv and id,text,label files, refusing bad rows by line', () => {
    const mmsa = readLabelCsv(write('label.csv', 'video_id,clip_id,text,label,label_T,label_A,label_V,annotation,mode\nvidA,3,"great, really",2.2,,,,Positive,test\nvidA,4,awful,-1.8,,,,Negative,train\n'));
    expect(mmsa.map((r) => [r.id, r.videoId, r.clipId, r.text, r.label, r.mode])).toEqual([
      ['vidA_3', 'vidA', '3', 'great, really', 2.2, 'test'],
      ['vidA_4', 'vidA', '4', 'awful', -1.8, 'train'],
    ]);
    expect(() => readLabelCsv(write('bad.csv', 'id,text,label\na,fine,1\nb,oops,not-a-number\n'))).toThrow(/bad\.csv:3.*not a number/);
    expect(() => readLabelCsv(write('cols.csv', 'name,score\nx,1\n'))).toThrow(/cols\.csv:1.*expected columns/);
  });

  it('finds media in MMSA Raw layout or by id', () => {
    fs.mkdirSync(path.join(dir, 'Raw', 'vidA'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'Raw', 'vidA', '3.mp4'), '');
    fs.writeFileSync(path.join(dir, 'Raw', 'solo.wav'), '');
    expect(findMedia(path.join(dir, 'Raw'), { id: 'vidA_3', videoId: 'vidA', clipId: '3', text: '', label: 0, mode: null, line: 2 })).toBe(path.join(dir, 'Raw', 'vidA', '3.mp4'));
    expect(findMedia(path.join(dir, 'Raw'), { id: 'solo', videoId: null, clipId: null, text: '', label: 0, mode: null, line: 2 })).toBe(path.join(dir, 'Raw', 'solo.wav'));
    expect(findMedia(path.join(dir, 'Raw'), { id: 'none', videoId: null, clipId: null, text: '', label: 0, mode: null, line: 2 })).toBeNull();
  });

  it('scores the text path of the shipped model with MMSA metrics and draws the plot', async () => {
    const rows = [
      ['p1', 'I absolutely love this and it is wonderful', 2.6],
      ['p2', 'this is great and I am very happy', 2.2],
      ['p3', 'pretty good overall', 1.2],
      ['n1', 'this is terrible and I hate it', -2.6],
      ['n2', 'the worst movie I have ever seen', -2.8],
      ['n3', 'boring and disappointing', -1.6],
    ];
    const file = write('small.csv', `id,text,label,mode\n${rows.map((r) => r.join(',')).join('\n')}\n`);
    const plot = path.join(dir, 'plot.svg');
    const m = await evaluateLabelFile(file, { modelDir: defaultModelDir(), ep: 'cpu', plot });
    expect(m.n).toBe(6);
    expect(m.has0_acc2).toBe(1); // the text head gets the polarity of these plain sentences right
    expect(m.corr).toBeGreaterThan(0.8);
    expect(m.mae).toBeLessThan(1.5);
    expect(fs.readFileSync(plot, 'utf8')).toMatch(/^(<\?xml[^>]*>\s*)?<svg[\s\S]*<\/svg>\s*$/);
  });
});
