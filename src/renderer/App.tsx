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

const VIEWS: { id: View; title: string }[] = [
  { id: 'library', title: 'Library' },
  { id: 'review', title: 'Review' },
  { id: 'queue', title: 'Queue' },
  { id: 'tune', title: 'Tune' },
  { id: 'agreement', title: 'Agreement' },
  { id: 'export', title: 'Export' },
];

/** Views where the labelling keys act on the selection. */
const KEYED: View[] = ['review', 'queue'];

export function App() {
  const view = useStore((s) => s.view);
  const connection = useStore((s) => s.connection);
  const fatal = useStore((s) => s.fatal);
  const undoDepth = useStore((s) => s.undoDepth);
  const redoDepth = useStore((s) => s.redoDepth);

  useEffect(() => startFollowing(), []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setState({ sheetOpen: false });
      if (isTyping(e.target) || (e.repeat && !['ArrowLeft', 'ArrowRight'].includes(e.key))) return;
      const action = actionFor(e);
      if (!action) return;
      if (action.id !== 'sheet' && action.id !== 'undo' && action.id !== 'redo' && !KEYED.includes(getState().view)) return;
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
    <div className="app">
      <header className="topbar">
        <span className="brand">Attune</span>
        <nav>
          {VIEWS.map((v) => (
            <button key={v.id} type="button" data-testid={`nav-${v.id}`} className={v.id === view ? 'tab on' : 'tab'} onClick={() => navigate(v.id)}>
              {v.title}
            </button>
          ))}
        </nav>
        <span className="spacer" />
        <AnnotatorField />
        <span className="muted small" data-testid="undo-depth" title="undo / redo steps (kept with the project)">↶ {undoDepth} · ↷ {redoDepth}</span>
        <button type="button" className="ghost" title="Keyboard shortcuts" onClick={() => setState((s) => ({ sheetOpen: !s.sheetOpen }))}>
          ?
        </button>
        <span className={`conn conn-${connection}`} data-testid="connection" title={`connection: ${connection}`} />
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
