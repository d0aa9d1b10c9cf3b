import { z } from 'zod';

/**
 * A recording's language, from its transcript's script statistics (README "Japanese and other
 * character-based text"). Only English and Japanese are known; a Japanese recording's text is not
 * scored by the English text encoder (see predictions).
 */
export const LANGUAGES = ['en', 'ja'] as const;
export const LanguageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof LanguageSchema>;
export const DEFAULT_LANGUAGE: Language = 'en';

/**
 * Languages the text encoder reads: all-MiniLM-L6-v2 is English (on Japanese sentences its text head
 * correlates 0.12 with the truth, issue 15). A recording in another language has no text evidence:
 * its text head has no score and the fused score comes from voice and face (README "Japanese").
 */
export const TEXT_ENCODER_LANGUAGES: readonly Language[] = ['en'];

export function textIsScored(language: Language): boolean {
  return TEXT_ENCODER_LANGUAGES.includes(language);
}

/**
 * Share of Japanese letters (Hiragana, Katakana, Han) among Japanese + Latin letters at or above
 * which a transcript is Japanese. Japanese meetings mix in English words ("Q3のrevenue forecastを
 * reviewしましょう" is 0.24 Japanese by letters, since an English word takes 5-8 letters where a
 * Japanese one takes 1-3), while English text naming a Japanese place or person stays far below
 * ("We met Tanaka-san in 東京" is 0.11).
 */
export const JAPANESE_SHARE_THRESHOLD = 0.2;

const JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/gu;
const LATIN = /\p{Script=Latin}/gu;

export interface ScriptCounts {
  japanese: number;
  latin: number;
}

export function scriptCounts(text: string): ScriptCounts {
  return { japanese: text.match(JAPANESE)?.length ?? 0, latin: text.match(LATIN)?.length ?? 0 };
}

/**
 * 'ja' when Japanese letters are at least JAPANESE_SHARE_THRESHOLD of the letters, else 'en' (also
 * for text without letters, e.g. a VAD-only import). Han without any kana (Chinese) counts as 'ja'
 * too: with two languages known, it is not English either.
 */
export function detectLanguage(text: string): Language {
  const { japanese, latin } = scriptCounts(text);
  if (japanese + latin === 0) return DEFAULT_LANGUAGE;
  return japanese / (japanese + latin) >= JAPANESE_SHARE_THRESHOLD ? 'ja' : 'en';
}
