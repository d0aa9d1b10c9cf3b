/**
 * Per-speaker z-scores within one recording: each feature is compared with that speaker's own
 * mean and spread, so a naturally high voice or a loud microphone is not read as arousal.
 * A speaker with a single segment, or a constant feature, gets z = 0 (no evidence of deviation).
 */
export interface SpeakerRow<K extends string> {
  speaker: string | null;
  values: Record<K, number>;
}

export interface NormalizedRow<K extends string> {
  speaker: string | null;
  raw: Record<K, number>;
  z: Record<K, number>;
}

/** Rows of one recording, in order; rows without a speaker form one group of their own. */
export function normalizePerSpeaker<K extends string>(rows: SpeakerRow<K>[]): NormalizedRow<K>[] {
  const groups = new Map<string | null, number[]>();
  rows.forEach((r, i) => {
    const g = groups.get(r.speaker);
    if (g) g.push(i);
    else groups.set(r.speaker, [i]);
  });
  const out: NormalizedRow<K>[] = rows.map((r) => ({ speaker: r.speaker, raw: { ...r.values }, z: {} as Record<K, number> }));
  for (const idx of groups.values()) {
    const names = Object.keys(rows[idx[0]].values) as K[];
    for (const name of names) {
      let m = 0;
      for (const i of idx) m += rows[i].values[name];
      m /= idx.length;
      let v = 0;
      for (const i of idx) v += (rows[i].values[name] - m) ** 2;
      const sd = Math.sqrt(v / idx.length);
      for (const i of idx) out[i].z[name] = sd > 1e-12 ? (rows[i].values[name] - m) / sd : 0;
    }
  }
  return out;
}
