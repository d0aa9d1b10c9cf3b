/** Speaker colours: distinct on a dark background and for the common colour-vision deficiencies. */
const SPEAKER = ['#4c9be8', '#e8a33c', '#b07be8', '#4cc9b0', '#e8677c', '#9bbf4a', '#d8c35a', '#7f8fa6'];

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
  return SPEAKER[((index % SPEAKER.length) + SPEAKER.length) % SPEAKER.length];
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

function computeColor(score: number): string {
  const t = Math.max(-1, Math.min(1, score / 3));
  const grey = [138, 143, 152];
  const end = t < 0 ? [232, 93, 86] : [74, 196, 110];
  const k = Math.abs(t);
  const c = grey.map((g, i) => Math.round(g + (end[i] - g) * k));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

export const THEME = {
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
};
