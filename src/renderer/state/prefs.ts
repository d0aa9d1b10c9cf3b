/**
 * Per-machine display preferences (issue 18, item 14): the theme and the UI language. Kept in
 * localStorage like the annotator name; 'system' follows the OS (prefers-color-scheme,
 * navigator.languages) and changes with it. The document carries the resolved values
 * (data-theme, lang, color-scheme) so CSS, the canvas palette and screen readers all follow.
 */
import { useSyncExternalStore } from 'react';
import { setLang, systemLang, type Lang, LANGS } from '../i18n';
import { setTimelinePalette } from '../timeline/colors';

export type ThemePref = 'system' | 'light' | 'dark';
export type LangPref = 'system' | Lang;
export const THEME_PREFS: readonly ThemePref[] = ['system', 'light', 'dark'];

const THEME_KEY = 'attune.theme';
const LANG_KEY = 'attune.lang';

export interface Prefs {
  theme: ThemePref;
  lang: LangPref;
  /** What is in effect now. */
  resolvedTheme: 'light' | 'dark';
  resolvedLang: Lang;
}

function read(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    if (value === 'system') globalThis.localStorage?.removeItem(key);
    else globalThis.localStorage?.setItem(key, value);
  } catch {}
}

const darkQuery = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;

function resolve(theme: ThemePref, lang: LangPref): Prefs {
  const resolvedTheme = theme === 'system' ? (darkQuery && !darkQuery.matches ? 'light' : 'dark') : theme;
  return { theme, lang, resolvedTheme, resolvedLang: lang === 'system' ? systemLang() : lang };
}

function stored(): Prefs {
  const th = read(THEME_KEY);
  const la = read(LANG_KEY);
  return resolve(THEME_PREFS.includes(th as ThemePref) ? (th as ThemePref) : 'system', (LANGS as readonly string[]).includes(la ?? '') ? (la as Lang) : 'system');
}

let prefs: Prefs = stored();
const listeners = new Set<() => void>();

function apply(): void {
  setLang(prefs.resolvedLang);
  setTimelinePalette(prefs.resolvedTheme);
  const root = globalThis.document?.documentElement;
  if (root) {
    root.dataset.theme = prefs.resolvedTheme;
    root.lang = prefs.resolvedLang;
  }
}

function update(next: Prefs): void {
  prefs = next;
  apply();
  for (const l of listeners) l();
}

apply();
darkQuery?.addEventListener('change', () => update(resolve(prefs.theme, prefs.lang)));
globalThis.addEventListener?.('languagechange', () => update(resolve(prefs.theme, prefs.lang)));

export function getPrefs(): Prefs {
  return prefs;
}

export function setThemePref(theme: ThemePref): void {
  write(THEME_KEY, theme);
  update(resolve(theme, prefs.lang));
}

export function setLangPref(lang: LangPref): void {
  write(LANG_KEY, lang);
  update(resolve(prefs.theme, lang));
}

/** The theme action: System → Light → Dark → System. */
export function cycleTheme(): ThemePref {
  const next = THEME_PREFS[(THEME_PREFS.indexOf(prefs.theme) + 1) % THEME_PREFS.length];
  setThemePref(next);
  return next;
}

export function usePrefs<T>(selector: (p: Prefs) => T): T {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => selector(prefs),
  );
}
