/**
 * Labels through a merge and its undo, per annotator (issue 16): every annotator keeps their own
 * label of the merged segment — the first segment's, else the second's, carried over as an event in
 * that annotator's name (source 'merge'); one annotator's equal scores keep the score and join the
 * notes, different ones refuse the merge (which one they mean is theirs to say). The gold label
 * then follows from the project's rule as for any segment. The undo puts each annotator's own label
 * of the first segment back as it was; the second segment's events never moved.
 */
import { AttuneError } from '../../shared/errors';
import type { Db } from '../store/db';
import { appendLabel, getLabel, segmentOwnLabels, type OwnLabel } from '../store/labels';

const fmtScore = (v: number) => (v > 0 ? `+${v}` : `${v}`);

/** Refuses a merge where one annotator gave the two segments different scores. */
export function refuseOwnConflicts(db: Db, firstId: string, secondId: string): void {
  const b = new Map(segmentOwnLabels(db, secondId).map((l) => [l.annotator, l]));
  for (const la of segmentOwnLabels(db, firstId)) {
    const lb = b.get(la.annotator);
    if (lb && lb.score !== la.score) {
      throw new AttuneError('USAGE', `Cannot merge: ${la.annotator} labelled the two segments ${fmtScore(la.score)} and ${fmtScore(lb.score)}. Clear or change one of their labels first, so the merged segment has the score they mean.`);
    }
  }
}

/**
 * Carries the second segment's labels onto the first, annotator by annotator; returns the first's
 * own labels as they were, for the undo. Carried events go in the order their labels were made, and
 * the newest label of all is the last event, so the 'latest' gold rule reads what it read before.
 */
export function carryLabelsOnMerge(db: Db, firstId: string, secondId: string): OwnLabel[] {
  const before = segmentOwnLabels(db, firstId);
  const a = new Map(before.map((l) => [l.annotator, l]));
  const carry: { from: OwnLabel; note: string | null }[] = [];
  for (const lb of segmentOwnLabels(db, secondId)) {
    const la = a.get(lb.annotator);
    if (!la) carry.push({ from: lb, note: lb.note });
    else {
      const note = [...new Set([la.note, lb.note].filter((n): n is string => !!n))].join(' / ') || null;
      if (note !== la.note) carry.push({ from: lb.seq > la.seq ? lb : la, note });
    }
  }
  carry.sort((x, y) => x.from.seq - y.from.seq);
  for (const c of carry) appendLabel(db, firstId, c.from.score, c.note, 'merge', c.from.annotator);
  const newest = [...before, ...carry.map((c) => c.from)].sort((x, y) => y.seq - x.seq)[0];
  if (carry.length && newest && carry[carry.length - 1].from.annotator !== newest.annotator) {
    const own = segmentOwnLabels(db, firstId).find((l) => l.annotator === newest.annotator)!;
    appendLabel(db, firstId, own.score, own.note, 'merge', own.annotator);
  }
  return before;
}

/** The undo: each annotator's own label of the first segment back as `before` had it (none: cleared). */
export function restoreLabelsOnUnmerge(db: Db, segmentId: string, before: OwnLabel[]): void {
  const now = segmentOwnLabels(db, segmentId);
  const was = new Map(before.map((l) => [l.annotator, l]));
  // Clears first, then the labels in the order they were made: the newest of them is the last event.
  for (const l of now) if (!was.has(l.annotator)) appendLabel(db, segmentId, null, null, 'unmerge', l.annotator);
  const nowBy = new Map(now.map((l) => [l.annotator, l]));
  const restore = [...before].sort((x, y) => x.seq - y.seq).filter((l) => nowBy.get(l.annotator)?.score !== l.score || nowBy.get(l.annotator)?.note !== l.note);
  for (const l of restore) appendLabel(db, segmentId, l.score, l.note, 'unmerge', l.annotator);
  // Only clears were needed: the newest label before the merge is the segment's last event again.
  const newest = [...before].sort((x, y) => y.seq - x.seq)[0];
  if (!restore.length && newest && now.some((l) => !was.has(l.annotator)) && getLabel(db, segmentId)?.score !== newest.score) {
    appendLabel(db, segmentId, newest.score, newest.note, 'unmerge', newest.annotator);
  }
}
