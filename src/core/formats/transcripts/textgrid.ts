import type { Cue } from '../../../shared/types';
import { parseTextGridDocument } from './textgrid-doc';
import { finishCues, secondsToMs, type RawCue } from './cues';

/** Tier names our export uses for scores ("sentiment", "sentiment #2"); they are not speech. */
export const TEXTGRID_SENTIMENT_TIER = /^sentiment(?: #\d+)?$/;

/** One cue per non-empty interval of each interval tier; the tier name is the speaker. Point tiers are skipped. */
export function parseTextGrid(file: string, text: string): Cue[] {
  const tg = parseTextGridDocument(file, text);
  const cues: RawCue[] = [];
  for (const tier of tg.tiers) {
    if (tier.kind !== 'interval' || TEXTGRID_SENTIMENT_TIER.test(tier.name)) continue;
    for (const iv of tier.intervals) {
      if (iv.text.trim() === '') continue;
      cues.push({ startMs: secondsToMs(iv.xmin), endMs: secondsToMs(iv.xmax), speaker: tier.name, text: iv.text, line: iv.line });
    }
  }
  return finishCues(file, cues);
}
