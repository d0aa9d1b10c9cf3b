import { describe, expect, it } from 'vitest';
import { metricName, metricTitle } from './metric-names';

describe('metric names (issue 18, feature 11)', () => {
  it('reads keys as words', () => {
    expect(metricName('mosiDev.fused.acc5')).toBe('MOSI dev · fused · Acc-5');
    expect(metricName('heldOut.meldDev.text.non0_f1')).toBe('held out · MELD dev · text · F1 (without 0)');
    expect(metricName('heldOut.mosiDev.video.coverage80')).toBe('held out · MOSI dev · face · 80 % interval coverage');
    expect(metricName('before_mae')).toBe('MAE before');
    expect(metricName('after_acc2')).toBe('Acc-2 after');
    expect(metricName('labelled')).toBe('labels');
    expect(metricName('data.faceCalibration')).toBe('data · face calibration');
    expect(metricName('some_newThing')).toBe('some new thing');
  });

  it('explains a metric and keeps its key', () => {
    expect(metricTitle('after_mae')).toBe('mean absolute error on the −3…+3 scale (lower is better) — k-fold estimate of the tuned version. Key: after_mae');
    expect(metricTitle('heldOut.mosiDev.fused.corr')).toMatch(/^Pearson correlation.*Key: heldOut\.mosiDev\.fused\.corr$/);
    expect(metricTitle('epochs')).toBe('Key: epochs');
  });
});

describe('metric names in Japanese', () => {
  it('uses the Japanese words and keeps the key', async () => {
    const { setLang } = await import('../i18n');
    setLang('ja');
    try {
      expect(metricName('heldOut.mosiDev.video.coverage80')).toBe('ホールドアウト · MOSI 開発 · 表情 · 80 % 区間の被覆率');
      expect(metricName('before_mae')).toBe('MAE（前）');
      expect(metricTitle('after_mae')).toBe('−3…+3 の尺度での平均絶対誤差（低いほど良い） — チューニング後のバージョンの交差検証による推定. キー：after_mae');
    } finally {
      setLang('en');
    }
  });
});
