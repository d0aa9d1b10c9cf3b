import type { Page } from '@playwright/test';
import { expect, shot, test } from './support/app';
import { cli, cliJson } from './support/host';
import { en } from '../src/renderer/i18n/en';
import { ja } from '../src/renderer/i18n/ja';

/**
 * Issue 18, item 14: every view in light and dark, English and Japanese. Screenshots go to
 * test-results/screenshots/<view>-<theme>-<lang>.png (they are looked at, not compared); what is
 * checked: the document and the canvas follow the theme, text has contrast on its background, and
 * no English text of the catalogue is left on a Japanese screen (nor Japanese on an English one).
 */

const VIEWS = ['library', 'review', 'queue', 'tune', 'agreement', 'export', 'keyboard'] as const;
type Theme = 'light' | 'dark';
type Lang = 'en' | 'ja';

/** Each catalogue text as a whole-string pattern ({x} matches anything), for texts that differ between the languages. */
function patterns(from: Record<string, unknown>, other: Record<string, unknown>): { key: string; re: RegExp }[] {
  const out: { key: string; re: RegExp }[] = [];
  for (const [key, v] of Object.entries(from)) {
    if (JSON.stringify(v) === JSON.stringify(other[key])) continue;
    for (const text of typeof v === 'string' ? [v] : Object.values(v as Record<string, string>)) {
      // Short words ('on', 'open', '前') are too likely inside data to be sure of; the long ones are what a missing t() leaves.
      if (text.replace(/\{\w+\}/g, '').trim().length < 4) continue;
      // A placeholder is one token (a number, a name): '{count} segments' must not match 'Most disputed segments'.
      const body = text.split(/\{\w+\}/).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\S+?');
      out.push({ key, re: new RegExp(`^${body}$`, 's') });
    }
  }
  return out;
}
const EN_ONLY = patterns(en, ja);
const JA_ONLY = patterns(ja, en);

/** Visible text nodes and the names a screen reader or a tooltip shows, trimmed. */
async function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      const text = n.textContent?.trim();
      if (!el || !text || el.closest('.seg-text, .qi-text, .lp-text, code, kbd, option')) continue;
      if (el.getClientRects().length === 0) continue;
      out.push(text);
    }
    for (const el of document.querySelectorAll('[title], [aria-label], [placeholder]')) {
      for (const a of ['title', 'aria-label', 'placeholder']) {
        const v = el.getAttribute(a)?.trim();
        if (v) out.push(v);
      }
    }
    // Whole elements too: a sentence split by <strong> or <code> is several text nodes.
    for (const el of document.querySelectorAll('p, h2, label, button, th, td, figcaption, summary, caption, span')) {
      const v = (el as HTMLElement).innerText?.trim();
      if (v && el.getClientRects().length > 0) out.push(v.replace(/\s+/g, ' '));
    }
    return out;
  });
}

/**
 * English left on a Japanese screen that the catalogue does not know (a string never put through
 * t()): two lowercase English words in a row. Data (transcript, names, paths) and text the backend
 * words in English (marked data-i18n="backend": job stages, error messages, tuning verdicts) are not UI text.
 */
async function strayEnglish(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const DATA = '[data-i18n="backend"], .seg-text, .qi-text, .lp-text, .seg-speaker, code, kbd, option, .rec-name, [data-testid="recording-name"], [data-testid="alpha-row"], .source, .file-name, .hover-card, .notices, .job-stage, th[data-testid="metric-head"], [data-testid="recent-projects"] td, .project-path, [data-testid="disputed-item"]';
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      const text = n.textContent?.trim() ?? '';
      // A Japanese sentence may quote a command or a tier name ('attune serve --project', 'sentiment:NAME').
      if (!el || !/\b[a-z]{3,} [a-z]{3,}\b/.test(text) || /[\u3040-\u30ff\u4e00-\u9fff]/.test(text) || el.closest(DATA) || el.getClientRects().length === 0) continue;
      out.push(text.slice(0, 80));
    }
    return out;
  });
}

/**
 * Text elements whose colour has less than 3:1 contrast on the background behind them (WCAG's
 * minimum for large text and UI; body text should have 4.5). Disabled controls are exempt, as WCAG does.
 */
async function lowContrast(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const parse = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const bgOf = (el: Element | null): number[] => {
      for (let e = el; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c.length >= 3 && (c.length < 4 || c[3] > 0.5)) return c.slice(0, 3);
      }
      return parse(getComputedStyle(document.documentElement).backgroundColor).slice(0, 3);
    };
    const bad: string[] = [];
    const seen = new Set<Element>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || seen.has(el) || !n.textContent?.trim() || el.getClientRects().length === 0) continue;
      seen.add(el);
      if (el.closest('button:disabled, [aria-disabled="true"], video, .queue-item.done, .lp-score.untrained, .chip')) continue;
      // Chart text is painted with fill, not color (SVG's default fill is black, whatever the theme).
      const inSvg = el.closest('svg') !== null;
      if (inSvg && el.tagName.toLowerCase() === 'title') continue;
      const fg = parse(inSvg ? getComputedStyle(el).fill : getComputedStyle(el).color);
      const bg = bgOf(el);
      const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
      const ratio = (a + 0.05) / (b + 0.05);
      if (ratio < 3) bad.push(`${ratio.toFixed(2)} ${el.tagName.toLowerCase()}.${el.className} "${n.textContent.trim().slice(0, 40)}"`);
    }
    return bad;
  });
}

/** The timeline canvas's most common colour: its background in the theme. */
async function canvasBackgroundLuminance(page: Page): Promise<number | null> {
  return page.evaluate(async () => {
    const canvases = [...document.querySelectorAll<HTMLCanvasElement>('[data-testid="timeline"] canvas')].filter((c) => c.width > 0 && c.height > 0);
    const c = canvases.sort((a, b) => b.width * b.height - a.width * a.height)[0];
    if (!c) return null;
    const tmp = document.createElement('canvas');
    tmp.width = c.width;
    tmp.height = c.height;
    const ctx = tmp.getContext('2d')!;
    ctx.drawImage(await createImageBitmap(c), 0, 0);
    const data = ctx.getImageData(0, 0, tmp.width, tmp.height).data;
    const counts = new Map<number, number>();
    for (let i = 0; i < data.length; i += 16) {
      const key = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
    const rgb = [(top >> 16) & 255, (top >> 8) & 255, top & 255].map((v) => v / 255);
    return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
  });
}

test('every view in light and dark, English and Japanese: themed, readable, translated', async ({ imported, project, app: page }) => {
  test.setTimeout(480_000);
  // Scores for the lanes and the queue, and two annotators for the Agreement view.
  expect(cli(['analyze', '--project', project]).status).toBe(0);
  const segs = cliJson<{ id: string }[]>(['segments', '--project', project]);
  for (const [i, s] of segs.slice(0, 4).entries()) {
    cli(['label', s.id, String((i % 3) - 1), '--annotator', 'Ada', '--project', project]);
    cli(['label', s.id, String((i % 3) - 2), '--annotator', 'Ben', '--project', project]);
  }
  await page.reload();
  await expect(page.locator('html[data-ready="true"]')).toHaveCount(1);
  expect(imported.segments).toBeGreaterThan(0);

  const problems: string[] = [];
  for (const theme of ['light', 'dark'] as Theme[]) {
    for (const lang of ['en', 'ja'] as Lang[]) {
      await page.getByTestId('pref-theme').selectOption(theme);
      await page.getByTestId('pref-lang').selectOption(lang);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      for (const view of VIEWS) {
        if (view === 'keyboard') {
          // The keyboard sheet over the last view (? works in every view).
          await page.locator('body').press('?');
          await expect(page.getByTestId('keyboard-sheet')).toBeVisible();
        } else {
          await page.getByTestId(`nav-${view}`).click();
          await expect(page.getByTestId(`nav-${view}`)).toHaveAttribute('aria-current', 'page');
        }
        if (view === 'review') await expect(page.getByTestId('timeline')).toBeVisible();
        await page.waitForTimeout(400);
        await shot(page, `${view}-${theme}-${lang}`);

        const scheme = await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme);
        expect(scheme, `${view} ${theme} ${lang}: color-scheme`).toBe(theme);
        const bg = await page.evaluate(() => {
          const [r, g, b] = (getComputedStyle(document.documentElement).backgroundColor.match(/\d+/g) ?? []).map(Number);
          return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
        });
        expect(theme === 'light' ? bg > 0.85 : bg < 0.15, `${view} ${theme}: page background luminance ${bg.toFixed(2)}`).toBe(true);
        if (view === 'review') {
          const lum = await canvasBackgroundLuminance(page);
          expect(lum, 'the timeline has a canvas').not.toBeNull();
          expect(theme === 'light' ? lum! > 0.85 : lum! < 0.15, `timeline ${theme}: canvas background luminance ${lum!.toFixed(2)}`).toBe(true);
        }
        for (const l of await lowContrast(page)) problems.push(`${view}-${theme}-${lang}: low contrast ${l}`);
        if (lang === 'ja') for (const x of await strayEnglish(page)) problems.push(`${view}-${theme}-${lang}: English not through t(): "${x}"`);
        const texts = await visibleTexts(page);
        for (const { key, re } of lang === 'ja' ? EN_ONLY : JA_ONLY) {
          const hit = texts.find((x) => re.test(x));
          if (hit) problems.push(`${view}-${theme}-${lang}: ${lang === 'ja' ? 'English' : 'Japanese'} text of ${key} shown: "${hit.slice(0, 80)}"`);
        }
        if (view === 'keyboard') {
          await page.keyboard.press('Escape');
          await expect(page.getByTestId('keyboard-sheet')).toHaveCount(0);
        }
      }
    }
  }
  expect([...new Set(problems)]).toEqual([]);
});
