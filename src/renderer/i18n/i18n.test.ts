import { afterEach, describe, expect, it } from 'vitest';
import { en } from './en';
import { ja } from './ja';
import { currentLang, formatNumber, setLang, systemLang, t } from './index';

afterEach(() => setLang('en'));

describe('t', () => {
  it('fills {name} and formats numbers for the locale', () => {
    expect(t('top.undoDepthAria', { undo: 1200, redo: 0 })).toBe('1,200 undo steps, 0 redo steps');
    setLang('ja');
    expect(t('top.undoDepthAria', { undo: 3, redo: 1 })).toBe('元に戻す 3 段、やり直し 1 段');
    expect(currentLang()).toBe('ja');
  });

  it('leaves an unknown placeholder visible instead of dropping it', () => {
    expect(t('fatal.load', {})).toBe('Could not load the project: {error}');
  });

  it('formats fixed decimals in the locale', () => {
    expect(formatNumber(0.5, 2)).toBe('0.50');
  });
});

describe('catalogues', () => {
  it('have the same keys, and Japanese is not a copy of the English', () => {
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
    const same = Object.keys(en).filter((k) => JSON.stringify((en as Record<string, unknown>)[k]) === JSON.stringify((ja as Record<string, unknown>)[k]));
    // Names of languages, metrics (MAE, Acc-7, VADER) and file columns (MMSA's label.csv) are the same in both; anything else equal is untranslated.
    const SAME = /^lang\.|^metric\.w\.(mae|acc\d|n|vader|ulgm)$|^ag\.mae$|^export\.note\.mmsa$/;
    expect(same.filter((k) => !SAME.test(k))).toEqual([]);
  });

  it('keep every {placeholder} of the English in the Japanese', () => {
    const holes = (v: unknown) => [...new Set(JSON.stringify(v).match(/\{\w+\}/g) ?? [])].sort();
    for (const k of Object.keys(en) as (keyof typeof en)[]) expect(holes(ja[k]), k).toEqual(holes(en[k]));
  });
});

describe('systemLang', () => {
  it('takes the first supported language the system lists', () => {
    expect(systemLang(['ja-JP', 'en-US'])).toBe('ja');
    expect(systemLang(['de-DE', 'en-GB'])).toBe('en');
    expect(systemLang(['fr'])).toBe('en');
  });
});
