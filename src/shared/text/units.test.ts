import { describe, expect, it } from 'vitest';
import { endsSentence, joinText, joinTexts, sentences, wordCuts, words } from './units';

describe('sentences', () => {
  it('cuts Japanese at 。！？ and full-width ！？ with no spaces between', () => {
    expect(sentences('今日は商談です。価格はどうですか？高いです！では、次へ')).toEqual(['今日は商談です。', '価格はどうですか？', '高いです！', 'では、次へ']);
  });
  it('keeps a closing bracket with its sentence (ICU then starts a new one after it)', () => {
    expect(sentences('「本当ですか？」と聞きました。はい。')).toEqual(['「本当ですか？」', 'と聞きました。', 'はい。']);
  });
  it('cuts mixed Japanese and English text', () => {
    expect(sentences('Let us start. 今日のKPIについて話します。OK?')).toEqual(['Let us start.', '今日のKPIについて話します。', 'OK?']);
  });
  it('cuts English at . ! ? followed by a space (an abbreviation too: ICU has no list of them here)', () => {
    expect(sentences('Dr. Smith came. He left!')).toEqual(['Dr.', 'Smith came.', 'He left!']);
    expect(sentences('It costs 3.5 million.')).toEqual(['It costs 3.5 million.']);
  });
});

describe('endsSentence', () => {
  it.each([
    ['はい。', true],
    ['本当？', true],
    ['すごい！', true],
    ['「そうです。」', true],
    ['Yes.', true],
    ['それで、', false],
    ['and then', false],
  ])('%s -> %s', (text, want) => expect(endsSentence(text)).toBe(want));
});

describe('words and cuts', () => {
  it('finds Japanese words without spaces (ICU dictionary)', () => {
    expect(words('今日は商談です。')).toEqual(['今日', 'は', '商談', 'です']);
  });
  it('never cuts before punctuation, so a cut piece keeps its 。', () => {
    const text = '今日は商談です。価格は';
    const cuts = wordCuts(text);
    expect(cuts).not.toContain(text.indexOf('。'));
    expect(cuts).toContain(text.indexOf('価'));
  });
  it('cuts English at word starts', () => {
    expect(wordCuts('hello big world')).toEqual([6, 10]);
  });
});

describe('joinText', () => {
  it('joins Japanese with nothing between, English with a space', () => {
    expect(joinText('今日は', '商談です。')).toBe('今日は商談です。');
    expect(joinText('hello', 'world')).toBe('hello world');
    expect(joinText('今日のKPIは', 'good')).toBe('今日のKPIはgood');
    expect(joinText('the KPI', 'について')).toBe('the KPIについて');
    expect(joinText('', 'x')).toBe('x');
    expect(joinTexts(['はい。', 'そうです！', 'OK.', 'Next'])).toBe('はい。そうです！OK. Next');
  });
});
