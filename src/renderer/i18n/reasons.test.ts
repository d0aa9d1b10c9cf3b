import { afterEach, describe, expect, it } from 'vitest';
import { setLang } from './index';
import { queueReason } from './reasons';

afterEach(() => setLang('en'));

// The wordings of core/service/queue.ts (its queue.test.ts checks the same shapes).
const REASON = 'modalities disagree (text +2.5 [+1.9, +3.0] vs audio -2.0 [-2.6, -1.4], 80 % intervals apart); wide fused interval [-1.2, +2.0]; fused score +0.3 near the positive/negative boundary';

describe('queueReason', () => {
  it('passes English through as the backend wrote it', () => {
    expect(queueReason(REASON)).toBe(REASON);
  });

  it('reads each part back into Japanese, keeping the numbers', () => {
    setLang('ja');
    expect(queueReason(REASON)).toBe('モダリティ間の不一致（テキスト +2.5 [+1.9, +3.0] 対 音声 -2.0 [-2.6, -1.4]、80 % 区間が離れている）；統合区間が広い [-1.2, +2.0]；統合スコア +0.3 がポジティブ／ネガティブの境目に近い');
    expect(queueReason('not analysed yet')).toBe('まだ解析されていません');
    expect(queueReason('fused +1.0, confidence 0.92')).toBe('統合 +1.0、確信度 0.92');
    expect(queueReason('fused +1.0, confidence 0.92; the same words as a segment labelled or ranked above')).toBe('統合 +1.0、確信度 0.92；ラベル済みまたは上位のセグメントと同じ言葉');
  });

  it('keeps a part it does not know as it came', () => {
    setLang('ja');
    expect(queueReason('low confidence 0.40; something new')).toBe('確信度が低い 0.40；something new');
  });
});
