/**
 * The queue's reasons in the analyst's language. The backend (core/service/queue.ts) words them in
 * English from a handful of fixed patterns; these are read back here, and a part that matches none
 * (a newer backend's wording) is shown as it came, never dropped.
 */
import { currentLang, t } from './index';

const HEADS: Record<string, 'head.text' | 'head.audio' | 'head.video' | 'head.fused'> = { text: 'head.text', audio: 'head.audio', video: 'head.video', fused: 'head.fused' };

function headSide(side: string): string {
  const m = /^(text|audio|video|fused) (.+)$/.exec(side.trim());
  return m ? `${t(HEADS[m[1]])} ${m[2]}` : side;
}

function pair(p: string): string {
  const [a, b] = p.split(' vs ');
  return b === undefined ? p : t('q.reason.vs', { a: headSide(a), b: headSide(b) });
}

const PARTS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^not analysed yet$/, () => t('q.reason.notAnalysed')],
  [/^modalities disagree \((.+), 80 % intervals apart\)$/, (m) => t('q.reason.disagreeApart', { pair: pair(m[1]) })],
  [/^modalities disagree \((.+)\)$/, (m) => t('q.reason.disagree', { pair: pair(m[1]) })],
  [/^wide fused interval (.+)$/, (m) => t('q.reason.wide', { interval: m[1] })],
  [/^low confidence (\S+)$/, (m) => t('q.reason.lowConfidence', { value: m[1] })],
  [/^fused score (\S+) near the positive\/negative boundary$/, (m) => t('q.reason.nearZero', { score: m[1] })],
  [/^fused (\S+), confidence (\S+)$/, (m) => t('q.reason.plain', { score: m[1], confidence: m[2] })],
  [/^the same words as a segment labelled or ranked above$/, () => t('q.reason.repeat')],
];

export function queueReason(reason: string): string {
  if (currentLang() === 'en') return reason;
  return reason
    .split('; ')
    .map((part) => {
      for (const [re, fn] of PARTS) {
        const m = re.exec(part);
        if (m) return fn(m);
      }
      return part;
    })
    .join(t('q.reason.sep'));
}
