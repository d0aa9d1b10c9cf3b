import { t } from '../i18n';
import { setLangPref, setThemePref, THEME_PREFS, usePrefs, type LangPref, type ThemePref } from '../state/prefs';

const LANG_PREFS: LangPref[] = ['system', 'en', 'ja'];

/** Theme and language, each kept on this machine ('System' follows the OS setting). */
export function Prefs() {
  const theme = usePrefs((p) => p.theme);
  const lang = usePrefs((p) => p.lang);
  return (
    <span className="prefs small">
      <label className="muted" title={t('top.theme')}>
        {t('top.theme')}
        <select data-testid="pref-theme" aria-label={t('top.theme')} value={theme} onChange={(e) => setThemePref(e.target.value as ThemePref)}>
          {THEME_PREFS.map((p) => (
            <option key={p} value={p}>
              {t(`theme.${p}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="muted" title={t('top.language')}>
        {t('top.language')}
        <select data-testid="pref-lang" aria-label={t('top.language')} value={lang} onChange={(e) => setLangPref(e.target.value as LangPref)}>
          {LANG_PREFS.map((p) => (
            <option key={p} value={p}>
              {t(`lang.${p}`)}
            </option>
          ))}
        </select>
      </label>
    </span>
  );
}
