/**
 * The workbench's UI text: every string the analyst reads comes from en.ts / ja.ts through t().
 *
 * Written here rather than taken from i18next: the typed check that a Japanese key is missing (a
 * compile error in ja.ts) needs both catalogues to have the same keys, which i18next's plural
 * suffixes break (English needs `_one` and `_other`, Japanese only `_other`); what is left to do —
 * `{name}` interpolation, a plural form chosen by Intl.PluralRules, numbers and dates by Intl in the
 * chosen locale — is these few lines.
 */
import { en, type Key, type Messages, type Plural } from './en';
import { ja } from './ja';

export type Lang = 'en' | 'ja';
export const LANGS: readonly Lang[] = ['en', 'ja'];
export type { Key };

const CATALOGUES: Record<Lang, Messages> = { en, ja };

let current: Lang = 'en';
let plural = new Intl.PluralRules('en');
let number = new Intl.NumberFormat('en', { maximumFractionDigits: 3 });

export function currentLang(): Lang {
  return current;
}

export function setLang(lang: Lang): void {
  current = lang;
  plural = new Intl.PluralRules(lang);
  number = new Intl.NumberFormat(lang, { maximumFractionDigits: 3 });
}

/** The language the system asks for (navigator.languages in order), English when it is neither. */
export function systemLang(languages: readonly string[] = globalThis.navigator?.languages ?? [globalThis.navigator?.language ?? 'en']): Lang {
  for (const l of languages) {
    const base = l.toLowerCase().split('-')[0];
    if ((LANGS as readonly string[]).includes(base)) return base as Lang;
  }
  return 'en';
}

export type Params = Record<string, string | number>;

/**
 * The text for `key` in the current language. `{name}` takes params.name (numbers formatted for the
 * locale); a plural entry picks its form by params.count.
 */
export function t(key: Key, params?: Params, lang: Lang = current): string {
  const entry = CATALOGUES[lang][key] as string | Plural;
  let text: string;
  if (typeof entry === 'string') text = entry;
  else {
    const n = Number(params?.count ?? 0);
    const rules = lang === current ? plural : new Intl.PluralRules(lang);
    const form = rules.select(n) as keyof Plural;
    text = entry[form] ?? entry.other;
  }
  if (!params) return text;
  const fmt = lang === current ? number : new Intl.NumberFormat(lang, { maximumFractionDigits: 3 });
  return text.replace(/\{(\w+)\}/g, (m, name: string) => {
    const v = params[name];
    return v === undefined ? m : typeof v === 'number' ? fmt.format(v) : v;
  });
}

/** Whether a key built at run time (a job kind, a metric part) is in the catalogues. */
export function isKey(k: string): k is Key {
  return Object.prototype.hasOwnProperty.call(en, k);
}

/** A number in the current locale (fixed decimals when given). */
export function formatNumber(n: number, decimals?: number): string {
  if (decimals === undefined) return number.format(n);
  return new Intl.NumberFormat(current, { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(n);
}

/** A date and time in the current locale. */
export function formatDateTime(iso: string | number | Date): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return new Intl.DateTimeFormat(current, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/** Every English text of a key (each plural form), for tests that look for untranslated strings. */
export function englishTexts(): Map<string, Key> {
  const out = new Map<string, Key>();
  for (const [k, v] of Object.entries(en) as [Key, string | Plural][]) {
    for (const s of typeof v === 'string' ? [v] : Object.values(v)) if (s) out.set(s, k);
  }
  return out;
}

export { en, ja };
