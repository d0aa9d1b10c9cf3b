import { memo, useEffect, useRef } from 'react';
import { select } from '../state/controller';
import { currentSegments, useStore, type Label, type Prediction, type Segment } from '../state/store';
import { formatClock } from '../timeline/viewport';
import { scoreColor } from '../timeline/colors';
import { formatInterval } from '../../shared/uncertainty';

/**
 * Every segment is a real row (external checks count them); `content-visibility: auto` in the CSS
 * keeps 2,000 rows cheap to lay out. The selected row scrolls into view when the selection moves.
 */
export function Transcript() {
  const segments = useStore(currentSegments);
  const selectedId = useStore((s) => s.selectedId);
  const labels = useStore((s) => s.labels);
  const predictions = useStore((s) => s.predictions);
  const saveState = useStore((s) => s.saveState);
  const listRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    if (!selectedId || !listRef.current) return;
    const row = listRef.current.querySelector<HTMLElement>(`[data-segment-id="${CSS.escape(selectedId)}"]`);
    row?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  if (segments.length === 0) return <div className="transcript empty" data-testid="transcript">No segments in this recording.</div>;
  return (
    <ol className="transcript" data-testid="transcript" ref={listRef}>
      {segments.map((s) => (
        <Row key={s.id} seg={s} selected={s.id === selectedId} label={labels.get(s.id)} prediction={predictions.get(s.id)} saving={saveState.get(s.id) === 'saving'} />
      ))}
    </ol>
  );
}

const Row = memo(function Row({ seg, selected, label, prediction, saving }: { seg: Segment; selected: boolean; label?: Label; prediction?: Prediction; saving: boolean }) {
  return (
    <li
      data-testid="segment-row"
      data-segment-id={seg.id}
      data-selected={selected || undefined}
      aria-current={selected || undefined}
      className={selected ? 'seg-row selected' : 'seg-row'}
      onClick={() => select(seg.id)}
    >
      <span className="seg-time">{formatClock(seg.startMs, 100)}</span>
      <span className="seg-speaker">{seg.speaker ?? '—'}</span>
      <span className="seg-text">{seg.text || <em className="muted">(no text)</em>}</span>
      <span className="seg-scores">
        {prediction && (
          <span className="chip" style={{ background: scoreColor(prediction.scores.fused), opacity: 0.35 + 0.65 * prediction.confidence }} title={`fused ${prediction.scores.fused.toFixed(2)} ${fmtInterval(prediction.scores.fused, prediction.spread.fused)} (80 %), sign confidence ${prediction.confidence.toFixed(2)}`}>
            {fmt(prediction.scores.fused)}
          </span>
        )}
        {label && (
          <span className="chip label" data-testid="row-label" style={{ borderColor: scoreColor(label.score) }} title="analyst label">
            {saving ? '…' : fmtInt(label.score)}
          </span>
        )}
      </span>
    </li>
  );
});

export function fmt(n: number): string {
  const r = Math.round(n * 10) / 10;
  return r === 0 ? '0.0' : (r > 0 ? '+' : '') + r.toFixed(1);
}
export function fmtInt(n: number): string {
  return (n > 0 ? '+' : '') + String(Math.round(n * 10) / 10);
}

/** "[lo, hi]" of the 80 % interval, or '' where the head has no spread. */
export function fmtInterval(score: number, sd: number | null): string {
  return formatInterval(score, sd, fmt);
}
