
/**
 * Each speaker's colour index in a recording: the order in which they first speak. The timeline's
 * speaker lane and the transcript both colour by it, so a speaker has one colour everywhere.
 */
export function speakerIndexOf(segments: readonly { speaker: string | null }[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const s of segments) if (!m.has(s.speaker ?? '')) m.set(s.speaker ?? '', m.size);
  return m;
}

export function speakerColor(index: number): string {
  const sp = THEME.speakers;
  return sp[((index % sp.length) + sp.length) % sp.length];
}

/** Diverging scale for sentiment in [-3, 3]: red for negative, grey at 0, green for positive. */
export function scoreColor(score: number): string {
  // Quantised to 0.05 and cached: the timeline asks for thousands of these per redraw.
  const q = Math.round(Math.max(-3, Math.min(3, score)) * 20);
  let c = cache.get(q);
  if (!c) cache.set(q, (c = computeColor(q / 20)));
  return c;
}

const cache = new Map<number, string>();
const inkCache = new Map<number, string>();

/**
 * A score written as text (the label panel's numbers): the scale's colour, and in the light theme
 * its darker twin, so that it has 4.5:1 on white as the bars' colours do not.
 */
export function scoreInk(score: number): string {
  if (THEME !== PALETTES.light) return scoreColor(score);
  const q = Math.round(Math.max(-3, Math.min(3, score)) * 20);
  let c = inkCache.get(q);
  if (!c) inkCache.set(q, (c = computeColor(q / 20, [87, 96, 106], [176, 32, 40], [22, 112, 48])));
  return c;
}

function computeColor(score: number, grey = [138, 143, 152], red = [232, 93, 86], green = [74, 196, 110]): string {
  const t = Math.max(-1, Math.min(1, score / 3));
  const end = t < 0 ? red : green;
  const k = Math.abs(t);
  const c = grey.map((g, i) => Math.round(g + (end[i] - g) * k));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

export interface TimelinePalette {
  bg: string;
  rowAlt: string;
  grid: string;
  text: string;
  dim: string;
  accent: string;
  selection: string;
  playhead: string;
  wave: string;
  loop: string;
  /** Text and word ticks drawn over a coloured block (speaker segment, label). */
  onBlock: string;
  /** Text over the selected segment's block, drawn at full strength. */
  onSelectedBlock: string;
  wordTick: string;
  /** The diagonal hatching over an untrained head's lane. */
  hatch: string;
  /**
   * Speaker colours, distinct for the common colour-vision deficiencies; in the light theme darker,
   * so a speaker's name in that colour reads on white (4.5:1) and its block under dark text.
   */
  speakers: readonly string[];
}

/** One palette per theme (styles.css holds the same choices as CSS variables for the DOM). */
export const PALETTES: Record<'dark' | 'light', TimelinePalette> = {
  dark: {
    bg: '#15181d',
    rowAlt: '#1a1e24',
    grid: '#2a2f38',
    text: '#c9d1d9',
    dim: '#7d8590',
    accent: '#f0c53d',
    selection: 'rgba(240, 197, 61, 0.13)',
    playhead: '#ff5a5f',
    wave: '#5b7fa8',
    loop: 'rgba(76, 155, 232, 0.18)',
    onBlock: '#0d1014',
    onSelectedBlock: '#0d1014',
    wordTick: 'rgba(13, 16, 20, 0.35)',
    hatch: 'rgba(201, 209, 217, 0.12)',
    speakers: ['#4c9be8', '#e8a33c', '#b07be8', '#4cc9b0', '#e8677c', '#9bbf4a', '#d8c35a', '#7f8fa6'],
  },
  light: {
    bg: '#ffffff',
    rowAlt: '#f3f5f8',
    grid: '#d0d7de',
    text: '#1f2328',
    dim: '#57606a',
    accent: '#b07800',
    selection: 'rgba(212, 160, 23, 0.16)',
    playhead: '#d1242f',
    wave: '#4f7cad',
    loop: 'rgba(9, 105, 218, 0.13)',
    onBlock: '#0d1014',
    onSelectedBlock: '#ffffff',
    wordTick: 'rgba(13, 16, 20, 0.35)',
    hatch: 'rgba(31, 35, 40, 0.13)',
    speakers: ['#0969da', '#b35900', '#8250df', '#1a7f74', '#c4314b', '#4d7a0c', '#8a6a00', '#57606a'],
  },
};

/**
 * The palette in effect; state/prefs swaps it when the theme changes (an ES live binding, so
 * draw.ts reads the current one without being told).
 */
export let THEME: TimelinePalette = PALETTES.dark;

export function setTimelinePalette(theme: 'dark' | 'light'): void {
  THEME = PALETTES[theme];
}
