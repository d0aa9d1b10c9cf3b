/**
 * The label lanes' data (issue 16 item 2): my own labels (the "Labelling as" annotator's, 'unknown'
 * without a name) always, and each other annotator's when asked for. While the project labels
 * blind, others' labels are neither shown nor fetched. Fetched again whenever the store's labels
 * change (an edit here, a change event from elsewhere, a new name in "Labelling as").
 */
import { useEffect, useMemo, useState } from 'react';
import { UNKNOWN_ANNOTATOR } from '../../shared/contract';
import { getAnnotator } from '../state/annotator';
import { getApi, report } from '../state/controller';
import { useStore } from '../state/store';
import type { LaneLabel } from './draw';

export interface LabelLanes {
  /** My name, or null when I have not named myself (my labels are then 'unknown''s). */
  me: string | null;
  mine: Map<string, LaneLabel>;
  /** Other annotators' labels by name, in the order listAnnotators gives; empty unless shown. */
  others: Map<string, Map<string, LaneLabel>>;
}

const EMPTY: LabelLanes = { me: null, mine: new Map(), others: new Map() };

const byId = (ls: { segmentId: string; score: number }[]) => new Map(ls.map((l) => [l.segmentId, { score: l.score }]));

/** Who else has labelled, given who I am: everyone in the list but me. */
export function otherAnnotators(all: readonly string[], me: string | null): string[] {
  const self = me ?? UNKNOWN_ANNOTATOR;
  return all.filter((a) => a !== self);
}

export function useLabelLanes(showOthers: boolean): LabelLanes {
  const labels = useStore((s) => s.labels);
  const blind = useStore((s) => s.blind);
  const connected = useStore((s) => s.connection === 'open');
  const [lanes, setLanes] = useState<LabelLanes>(EMPTY);
  useEffect(() => {
    if (!connected) return;
    let live = true;
    const me = getAnnotator();
    const api = getApi();
    const others = showOthers && !blind;
    void (async () => {
      const [mine, names] = await Promise.all([api.listLabels({ annotator: me ?? UNKNOWN_ANNOTATOR }), others ? api.listAnnotators({}) : Promise.resolve([])]);
      const shown = otherAnnotators(
        names.map((n) => n.annotator),
        me,
      );
      const theirs = await Promise.all(shown.map((annotator) => api.listLabels({ annotator })));
      if (live) setLanes({ me, mine: byId(mine), others: new Map(shown.map((n, i) => [n, byId(theirs[i])])) });
    })().catch((err: unknown) => {
      if (live) report(err);
    });
    return () => {
      live = false;
    };
  }, [labels, blind, showOthers, connected]);
  // Blind switched on while others were shown: drop them at once, not after the next fetch.
  return useMemo(() => (blind && lanes.others.size > 0 ? { ...lanes, others: EMPTY.others } : lanes), [blind, lanes]);
}
