/**
 * Metric keys as an analyst reads them (issue 18, feature 11): `heldOut.mosiDev.fused.acc5` becomes
 * "held out · MOSI dev · fused · Acc-5". The raw key stays available as the cell's tooltip. The
 * words are the catalogue's `metric.w.<part>` and `metric.what.<metric>` (i18n/en.ts, ja.ts).
 */
import { isKey, t } from '../i18n';

/** before_mae → "MAE before" (the k-fold estimate of the starting version), after_corr → "Corr after". */
const PHASE = /^(before|after)_(.+)$/;

function word(part: string): string | null {
  const k = `metric.w.${part}`;
  return isKey(k) ? t(k) : null;
}

function words(part: string): string {
  const known = word(part);
  if (known !== null) return known;
  const phase = PHASE.exec(part);
  if (phase) return t('metric.phase', { metric: words(phase[2]), phase: t(phase[1] === 'before' ? 'metric.before' : 'metric.after') });
  // camelCase and snake_case to words.
  return part
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

export function metricName(key: string): string {
  return word(key) ?? key.split('.').map(words).join(' · ');
}

/** What a metric means, for the tooltip (with its key, as the CLI prints it). */
export function metricTitle(key: string): string {
  const last = key.split('.').pop() ?? key;
  const base = PHASE.exec(last)?.[2] ?? last;
  const whatKey = `metric.what.${base}`;
  const what = isKey(whatKey) ? t(whatKey) : null;
  const phase = PHASE.exec(last)?.[1];
  const when = phase === 'before' ? t('metric.whenBefore') : phase === 'after' ? t('metric.whenAfter') : null;
  const text = what && when ? `${what} — ${when}. ` : what ? `${what}. ` : when ? `${when.charAt(0).toUpperCase()}${when.slice(1)}. ` : '';
  return `${text}${t('metric.key', { key })}`;
}
