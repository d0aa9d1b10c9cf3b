/**
 * The workbench's English text, the reference catalogue: ja.ts must have exactly these keys (the
 * type below makes a missing or extra one a compile error). `{name}` is filled from t()'s params; a
 * { one, other } entry is a plural chosen by params.count.
 */
export interface Plural {
  zero?: string;
  one?: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
}

export const en = {
  // The top bar
  'nav.library': 'Library',
  'nav.review': 'Review',
  'nav.queue': 'Queue',
  'nav.tune': 'Tune',
  'nav.agreement': 'Agreement',
  'nav.export': 'Export',
  'nav.label': 'Views',
  'top.undoDepth': 'undo / redo steps (kept with the project)',
  'top.undoDepthAria': '{undo} undo steps, {redo} redo steps',
  'top.shortcuts': 'Keyboard shortcuts',
  'top.connection': 'Connection to the backend: {state}',
  'conn.connecting': 'connecting',
  'conn.open': 'open',
  'conn.closed': 'closed',
  'top.theme': 'Theme',
  'top.language': 'Language',
  'theme.system': 'System',
  'theme.light': 'Light',
  'theme.dark': 'Dark',
  'lang.system': 'System',
  'lang.en': 'English',
  'lang.ja': '日本語',
  'fatal.load': 'Could not load the project: {error}',
  'fatal.noToken': 'No access token. Open the URL that `attune serve` printed (it ends in ?token=…).',
  // Blind labelling (issue 16)
  'blind.toggle': 'Label blind: each analyst sees only their own labels',
  'blind.hidden': 'Agreement is hidden while the project labels blind: it would show how the other annotators scored. Turn blind labelling off to see it.',
  'blind.badge': 'blind',
  'blind.badgeTitle': "The project labels blind: you see only your own labels, not other annotators' nor the gold label (Agreement view, or Shift+B)",
} satisfies Record<string, string | Plural>;

export type Key = keyof typeof en;
/** Another language's catalogue: every key, a plain text where English has one, plural forms where English has them. */
export type Messages = { [K in Key]: (typeof en)[K] extends string ? string : Plural };
