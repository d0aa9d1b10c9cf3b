/**
 * Sentence and word units of transcript text, in English and in character-based scripts (Japanese
 * writes no spaces between words and ends sentences with 。！？). Intl.Segmenter (ICU, in Node and
 * Chromium) finds the boundaries: its sentence rules know 。！？ and full-width ！？, its word rules
 * use ICU's dictionary for Japanese. README "Segmentation" states the rules.
 */

const sentenceSegmenter = new Intl.Segmenter('ja', { granularity: 'sentence' });
const wordSegmenter = new Intl.Segmenter('ja', { granularity: 'word' });

/**
 * Letters of scripts written without spaces between words (Han, Hiragana, Katakana) and the
 * punctuation that goes with them (、。「」・ー, full-width forms): across such a boundary two pieces
 * of text join with nothing between them, elsewhere with one space.
 */
const CHARACTER_BASED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\u30fb\u30fc\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]/u;

export function isCharacterBased(ch: string): boolean {
  return CHARACTER_BASED.test(ch);
}

/** Two pieces of one utterance as one text: no space where either side is character-based. */
export function joinText(a: string, b: string): string {
  if (a === '') return b;
  if (b === '') return a;
  const last = [...a].pop()!;
  const first = [...b][0];
  return isCharacterBased(last) || isCharacterBased(first) ? `${a}${b}` : `${a} ${b}`;
}

/** Joins several pieces pairwise with `joinText`. */
export function joinTexts(pieces: readonly string[]): string {
  return pieces.reduce((acc, p) => joinText(acc, p), '');
}

/** The text's sentences, trimmed, in order; punctuation and closing quotes stay with their sentence. */
export function sentences(text: string): string[] {
  return [...sentenceSegmenter.segment(text)].map((s) => s.segment.trim()).filter(Boolean);
}

/** Does the text end a sentence (. ! ? … 。 ！ ？, closing quotes or brackets after it allowed)? */
export function endsSentence(text: string): boolean {
  return /[.!?…。！？‼⁇⁈⁉][\s"'”’)\]」』）]*$/u.test(text);
}

/**
 * Offsets (0 < offset < text.length) where the text may be cut between words: before a word, never
 * before punctuation or a space (the cut's punctuation stays with the word before it). In Japanese
 * these are ICU's dictionary word boundaries, in English the starts of words.
 */
export function wordCuts(text: string): number[] {
  const cuts: number[] = [];
  for (const s of wordSegmenter.segment(text)) if (s.index > 0 && s.isWordLike) cuts.push(s.index);
  return cuts;
}

/** The words of the text (ICU word-like segments): what counts as a word in any script. */
export function words(text: string): string[] {
  return [...wordSegmenter.segment(text)].filter((s) => s.isWordLike).map((s) => s.segment);
}

/** Offsets (0 < offset < text.length) where a sentence starts. */
export function sentenceCuts(text: string): number[] {
  const cuts: number[] = [];
  for (const s of sentenceSegmenter.segment(text)) if (s.index > 0 && s.segment.trim() !== '') cuts.push(s.index);
  return cuts;
}

/** The text cut at the offsets (ascending), each piece trimmed, empty pieces dropped: no character is lost or added but the spaces at the cuts. */
export function cutAt(text: string, offsets: readonly number[]): string[] {
  const bounds = [0, ...offsets, text.length];
  const out: string[] = [];
  for (let i = 1; i < bounds.length; i++) {
    const piece = text.slice(bounds[i - 1], bounds[i]).trim();
    if (piece) out.push(piece);
  }
  return out;
}
