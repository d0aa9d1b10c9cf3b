import { advance, clearLabel, mergeWithNext, nudge, redo, select, setBlind, setLabel, splitAtPlayhead, step, undo } from '../state/controller';
import { changeRate, playSegmentOnce } from '../state/playback';
import { togglePlay } from '../state/player';
import { getLanePrefs, setShowOthers, toggleSpeakerLanes } from '../timeline/lane-prefs';
import { speakerIndexOf } from '../timeline/colors';
import { t } from '../i18n';
import { cycleTheme } from '../state/prefs';
import { currentSegments, getState, pushNotice, setState } from '../state/store';

/**
 * Every keyboard command is one action object: what it is called, which keys trigger it, and what
 * it does. The keyboard sheet is generated from this list, so what it shows cannot drift from
 * what the keys do. Undoable actions record their own history entry inside `perform` (see
 * state/controller), which is what Ctrl/Cmd+Z walks back.
 */
export interface Action {
  id: string;
  label: string;
  /** As shown to the analyst. */
  shortcut: string;
  /** Whether a history entry is recorded, i.e. Ctrl/Cmd+Z reverses it. */
  undoable: boolean;
  /** Works in every view (the labelling keys act only where a segment is selected: Review, Queue). */
  global?: boolean;
  matches(e: KeyLike): boolean;
  perform(e: KeyLike): void | Promise<void>;
}

export type KeyLike = Pick<KeyboardEvent, 'key' | 'code' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey'>;

const mod = (e: KeyLike) => e.ctrlKey || e.metaKey;
const plain = (e: KeyLike) => !e.ctrlKey && !e.metaKey && !e.altKey;

function scoreFromKey(e: KeyLike): number | null {
  const m = /^(?:Digit|Numpad)([1-7])$/.exec(e.code) ?? (/^[1-7]$/.test(e.key) ? [e.key, e.key] : null);
  return m ? Number(m[1]) - 4 : null;
}

function selected(): string | null {
  return getState().selectedId;
}

export const actions: Action[] = [
  {
    id: 'play',
    label: 'Play / pause',
    shortcut: 'Space',
    undoable: false,
    matches: (e) => plain(e) && !e.shiftKey && (e.key === ' ' || e.code === 'Space'),
    perform: () => {
      // A plain Space after Shift+Space plays on past the segment's end.
      setState({ playOnce: null });
      togglePlay();
    },
  },
  {
    id: 'play-segment',
    label: 'Play the segment only (from its start, stopping at its end)',
    shortcut: 'Shift Space',
    undoable: false,
    matches: (e) => plain(e) && e.shiftKey && (e.key === ' ' || e.code === 'Space'),
    perform: () => playSegmentOnce(),
  },
  {
    id: 'slower',
    label: 'Slower (0.5× … 2×)',
    shortcut: '<',
    undoable: false,
    matches: (e) => !mod(e) && !e.altKey && e.key === '<',
    perform: () => changeRate(-1),
  },
  {
    id: 'faster',
    label: 'Faster (0.5× … 2×)',
    shortcut: '>',
    undoable: false,
    matches: (e) => !mod(e) && !e.altKey && e.key === '>',
    perform: () => changeRate(1),
  },
  {
    id: 'prev',
    label: 'Previous segment',
    shortcut: '←',
    undoable: false,
    matches: (e) => plain(e) && e.key === 'ArrowLeft',
    perform: () => step(-1),
  },
  {
    id: 'next',
    label: 'Next segment',
    shortcut: '→',
    undoable: false,
    matches: (e) => plain(e) && e.key === 'ArrowRight',
    perform: () => step(1),
  },
  {
    id: 'score',
    label: 'Score −3 … +3 (4 = 0) and advance',
    shortcut: '1 – 7',
    undoable: true,
    matches: (e) => plain(e) && !e.shiftKey && scoreFromKey(e) !== null,
    perform: async (e) => {
      const id = selected();
      const score = scoreFromKey(e);
      if (!id || score === null) return;
      // Advance at once so labelling keeps pace with the analyst; the row's status shows the write.
      const ok = setLabel(id, score);
      advance();
      await ok;
    },
  },
  {
    id: 'clear-label',
    label: 'Clear the label',
    shortcut: 'Delete / Backspace',
    undoable: true,
    matches: (e) => plain(e) && (e.key === 'Delete' || e.key === 'Backspace'),
    perform: async () => {
      const id = selected();
      if (id) await clearLabel(id);
    },
  },
  {
    id: 'loop',
    label: 'Loop the segment',
    shortcut: 'L',
    undoable: false,
    matches: (e) => plain(e) && e.key.toLowerCase() === 'l',
    perform: () => {
      setState((s) => ({ loop: !s.loop }));
      const id = selected();
      if (getState().loop && id) select(id);
    },
  },
  {
    id: 'split',
    label: 'Split at the playhead',
    shortcut: 'S',
    undoable: true,
    matches: (e) => plain(e) && e.key.toLowerCase() === 's',
    perform: () => splitAtPlayhead(),
  },
  {
    id: 'merge',
    label: 'Merge with the next',
    shortcut: 'M',
    undoable: true,
    matches: (e) => plain(e) && e.key.toLowerCase() === 'm',
    perform: () => mergeWithNext(),
  },
  {
    id: 'nudge-start',
    label: 'Start 100 ms earlier (Shift: 10 ms; Alt: later)',
    shortcut: '[',
    undoable: true,
    matches: (e) => !mod(e) && e.code === 'BracketLeft',
    perform: (e) => nudge('start', (e.shiftKey ? 10 : 100) * (e.altKey ? 1 : -1)),
  },
  {
    id: 'nudge-end',
    label: 'End 100 ms later (Shift: 10 ms; Alt: earlier)',
    shortcut: ']',
    undoable: true,
    matches: (e) => !mod(e) && e.code === 'BracketRight',
    perform: (e) => nudge('end', (e.shiftKey ? 10 : 100) * (e.altKey ? -1 : 1)),
  },
  {
    id: 'edit-text',
    label: 'Edit the words (Enter or leaving the field saves, Escape cancels)',
    shortcut: 'E',
    undoable: true,
    matches: (e) => plain(e) && !e.shiftKey && e.key.toLowerCase() === 'e',
    perform: () => {
      if (selected()) setState({ editing: 'text' });
    },
  },
  {
    id: 'edit-speaker',
    label: "Reassign the segment's speaker, or rename the speaker everywhere",
    shortcut: 'Shift E',
    undoable: true,
    matches: (e) => plain(e) && e.shiftKey && e.key.toLowerCase() === 'e',
    perform: () => {
      if (selected()) setState({ editing: 'speaker' });
    },
  },
  {
    id: 'blind',
    // A project setting, not an edit: pressing it again turns it back, as with loop.
    label: "Label blind: show only your own labels, not other annotators' nor the gold label (a project setting)",
    shortcut: 'Shift B',
    undoable: false,
    global: true,
    matches: (e) => plain(e) && e.shiftKey && e.key.toLowerCase() === 'b',
    perform: () => setBlind(!getState().blind),
  },
  {
    id: 'search',
    label: 'Search the transcript (Enter / Shift+Enter: next / previous match; with a filter on, ←/→ go match to match)',
    shortcut: '/',
    undoable: false,
    matches: (e) => !mod(e) && e.key === '/',
    perform: () => document.querySelector<HTMLInputElement>('[data-testid="filter-text"]')?.focus(),
  },
  {
    id: 'speaker-lanes',
    // A view setting, not an edit: pressing it again turns it back.
    label: 'Timeline: a lane per speaker, or all speakers in one lane',
    shortcut: 'Shift T',
    undoable: false,
    matches: (e) => plain(e) && e.shiftKey && e.key.toLowerCase() === 't',
    perform: () => toggleSpeakerLanes(speakerIndexOf(currentSegments(getState())).size),
  },
  {
    id: 'other-annotators',
    label: "Timeline: show or hide other annotators' labels, a lane each (not while labelling blind)",
    shortcut: 'Shift O',
    undoable: false,
    matches: (e) => plain(e) && e.shiftKey && e.key.toLowerCase() === 'o',
    perform: () => {
      if (getState().blind) pushNotice('info', t('lanes.blindNotice'));
      else setShowOthers(!getLanePrefs().showOthers);
    },
  },
  {
    id: 'undo',
    label: 'Undo',
    shortcut: 'Ctrl/⌘ Z',
    undoable: false,
    global: true,
    matches: (e) => mod(e) && !e.shiftKey && e.key.toLowerCase() === 'z',
    perform: () => undo(),
  },
  {
    id: 'redo',
    label: 'Redo',
    shortcut: 'Ctrl/⌘ Shift Z',
    undoable: false,
    global: true,
    matches: (e) => mod(e) && ((e.shiftKey && e.key.toLowerCase() === 'z') || (!e.shiftKey && e.key.toLowerCase() === 'y')),
    perform: () => redo(),
  },
  {
    id: 'theme',
    label: 'Theme: System → Light → Dark (kept on this machine)',
    shortcut: 'T',
    undoable: false,
    global: true,
    matches: (e) => plain(e) && !e.shiftKey && e.key.toLowerCase() === 't',
    perform: () => void cycleTheme(),
  },
  {
    id: 'sheet',
    label: 'Keyboard sheet',
    shortcut: '?',
    undoable: false,
    global: true,
    matches: (e) => e.key === '?',
    perform: () => setState((s) => ({ sheetOpen: !s.sheetOpen })),
  },
];

export function actionFor(e: KeyLike): Action | null {
  return actions.find((a) => a.matches(e)) ?? null;
}

/** Keys typed into a text field belong to the field, except Escape. */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable) return true;
  if (tag === 'INPUT') {
    const type = (el as HTMLInputElement).type;
    return !['button', 'checkbox', 'radio', 'range', 'submit', 'file'].includes(type);
  }
  return false;
}
