import { useEffect } from 'react';
import { actionFor, isTyping } from './actions/registry';
import { navigate, report } from './state/controller';
import { startFollowing } from './state/follow';
import { getState, setState, useStore, type View } from './state/store';
import { Agreement } from './views/Agreement';
import { AnnotatorField } from './views/AnnotatorField';
import { Export } from './views/Export';
import { JobsBar, Notices } from './views/JobsBar';
import { KeyboardSheet } from './views/KeyboardSheet';
import { Library } from './views/Library';
import { Queue } from './views/Queue';
import { Review } from './views/Review';
import { Tune } from './views/Tune';
import { Prefs } from './views/Prefs';
import { t } from './i18n';
import { usePrefs } from './state/prefs';

const VIEWS: View[] = ['library', 'review', 'queue', 'tune', 'agreement', 'export'];

/** Views where the labelling keys act on the selection. */
const KEYED: View[] = ['review', 'queue'];

export function App() {
  const view = useStore((s) => s.view);
  const connection = useStore((s) => s.connection);
  const fatal = useStore((s) => s.fatal);
  const undoDepth = useStore((s) => s.undoDepth);
  const redoDepth = useStore((s) => s.redoDepth);
  // A new language re-mounts the views (below, key) so every t() in them reads it; the canvas
  // palette follows the theme through the Timeline's own subscription.
  const lang = usePrefs((p) => p.resolvedLang);

  useEffect(() => startFollowing(), []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setState({ sheetOpen: false });
      if (isTyping(e.target) || (e.repeat && !['ArrowLeft', 'ArrowRight'].includes(e.key))) return;
      const action = actionFor(e);
      if (!action) return;
      if (!action.global && !KEYED.includes(getState().view)) return;
      e.preventDefault();
      try {
        const r = action.perform(e);
        if (r instanceof Promise) r.catch(report);
      } catch (err) {
        report(err);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (fatal) return <div className="fatal" role="alert">{fatal}</div>;

  return (
    <div className="app" key={lang}>
      <header className="topbar">
        <span className="brand">Attune</span>
        <nav aria-label={t('nav.label')}>
          {VIEWS.map((v) => (
            <button key={v} type="button" data-testid={`nav-${v}`} className={v === view ? 'tab on' : 'tab'} aria-current={v === view ? 'page' : undefined} onClick={() => navigate(v)}>
              {t(`nav.${v}`)}
            </button>
          ))}
        </nav>
        <span className="spacer" />
        <AnnotatorField />
        <Prefs />
        <span className="muted small" data-testid="undo-depth" title={t('top.undoDepth')} aria-label={t('top.undoDepthAria', { undo: undoDepth, redo: redoDepth })}>↶ {undoDepth} · ↷ {redoDepth}</span>
        <button type="button" className="ghost" title={t('top.shortcuts')} aria-label={t('top.shortcuts')} onClick={() => setState((s) => ({ sheetOpen: !s.sheetOpen }))}>
          ?
        </button>
        <span className={`conn conn-${connection}`} data-testid="connection" role="img" aria-label={t('top.connection', { state: t(`conn.${connection}`) })} title={t('top.connection', { state: t(`conn.${connection}`) })} />
      </header>
      <Notices />
      <main className="content">
        {view === 'library' && <Library />}
        {view === 'review' && <Review />}
        {view === 'queue' && <Queue />}
        {view === 'tune' && <Tune />}
        {view === 'agreement' && <Agreement />}
        {view === 'export' && <Export />}
      </main>
      <JobsBar />
      <KeyboardSheet />
    </div>
  );
}
