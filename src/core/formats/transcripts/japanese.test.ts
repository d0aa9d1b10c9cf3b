/** Japanese transcripts in every input format (issue 15, item 4): text, speakers and times exact. */
import { afterAll, describe, expect, it } from 'vitest';
import { parseTranscript } from './index';
import { tempDir } from '../test-util/tmp';

const tmp = tempDir('attune-ja-transcripts-');
afterAll(() => tmp.cleanup());

const WANT = [
  [0, 1500, '田中', '本日はありがとうございます。'],
  [1500, 3250, '佐藤', '価格はいかがですか？ＯＫです！'],
];
const shape = (cues: { startMs: number; endMs: number; speaker: string | null; text: string }[]) => cues.map((c) => [c.startMs, c.endMs, c.speaker, c.text]);

describe('Japanese transcripts', () => {
  it('SRT with the Zoom-style prefix and the full-width colon', async () => {
    const srt = '1\n00:00:00,000 --> 00:00:01,500\n田中: 本日はありがとうございます。\n\n2\n00:00:01,500 --> 00:00:03,250\n佐藤：価格はいかがですか？ＯＫです！\n';
    expect(shape(await parseTranscript(tmp.write('ja.srt', srt)))).toEqual(WANT);
  });

  it('Praat TextGrid saved as UTF-16 with a BOM, as Praat does for non-ASCII text', async () => {
    const tg = [
      'File type = "ooTextFile"', 'Object class = "TextGrid"', '', 'xmin = 0', 'xmax = 3.25', 'tiers? <exists>', 'size = 2', 'item []:',
      '    item [1]:', '        class = "IntervalTier"', '        name = "田中"', '        xmin = 0', '        xmax = 3.25', '        intervals: size = 2',
      '        intervals [1]:', '            xmin = 0', '            xmax = 1.5', '            text = "本日はありがとうございます。"',
      '        intervals [2]:', '            xmin = 1.5', '            xmax = 3.25', '            text = ""',
      '    item [2]:', '        class = "IntervalTier"', '        name = "佐藤"', '        xmin = 0', '        xmax = 3.25', '        intervals: size = 2',
      '        intervals [1]:', '            xmin = 0', '            xmax = 1.5', '            text = ""',
      '        intervals [2]:', '            xmin = 1.5', '            xmax = 3.25', '            text = "価格はいかがですか？ＯＫです！"', '',
    ].join('\n');
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tg, 'utf16le')]);
    expect(shape(await parseTranscript(tmp.write('ja.TextGrid', bytes)))).toEqual(WANT);
  });

  it('CSV with a BOM (as Excel saves "CSV UTF-8") and quoted Japanese text', async () => {
    const csv = '\ufeffstart_ms,end_ms,speaker,text\n0,1500,田中,本日はありがとうございます。\n1500,3250,佐藤,"価格はいかがですか？ＯＫです！"\n';
    expect(shape(await parseTranscript(tmp.write('ja.csv', csv)))).toEqual(WANT);
  });

  it('Whisper JSON (escaped and raw Japanese)', async () => {
    const json = JSON.stringify({ segments: [{ start: 0, end: 1.5, text: ' 本日はありがとうございます。', speaker: '田中' }, { start: 1.5, end: 3.25, text: '価格はいかがですか？ＯＫです！', speaker: '佐藤' }] });
    expect(shape(await parseTranscript(tmp.write('ja.json', json.replace('本日', '\\u672c\\u65e5'))))).toEqual(WANT);
  });
});
