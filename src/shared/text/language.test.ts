import { describe, expect, it } from 'vitest';
import { JAPANESE_SHARE_THRESHOLD, detectLanguage, scriptCounts } from './language';

describe('detectLanguage', () => {
  it('Japanese text is ja, English text en', () => {
    expect(detectLanguage('今日は価格について話しましょう。')).toBe('ja');
    expect(detectLanguage('カタカナだけ')).toBe('ja');
    expect(detectLanguage("Let's talk about the price today.")).toBe('en');
  });
  it('a Japanese meeting full of English terms is still ja', () => {
    const text = 'Q3のrevenue forecastをreviewしましょう';
    const { japanese, latin } = scriptCounts(text);
    expect(japanese / (japanese + latin)).toBeGreaterThan(JAPANESE_SHARE_THRESHOLD);
    expect(detectLanguage(text)).toBe('ja');
  });
  it('English naming a Japanese place stays en', () => {
    expect(detectLanguage('We met Tanaka-san at the office in 東京 yesterday.')).toBe('en');
  });
  it('text without letters (numbers, no transcript) is en', () => {
    expect(detectLanguage('')).toBe('en');
    expect(detectLanguage('123 456 !?')).toBe('en');
  });
  it('the threshold is the boundary: at the share ja, just below en', () => {
    // 1 Japanese letter among 5 letters is 0.2.
    expect(detectLanguage('あabcd')).toBe('ja');
    expect(detectLanguage('あabcde')).toBe('en');
  });
});
