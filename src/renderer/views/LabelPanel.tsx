import { useEffect, useRef, useState } from 'react';
import { clearLabel, setLabel } from '../state/controller';
import { headNotes, untrainedHeads } from '../state/models';
import { findSegment, useStore } from '../state/store';
import { scoreColor } from '../timeline/colors';
import { formatClock } from '../timeline/viewport';
import { fmt, fmtInterval } from './Transcript';
import { headScore } from '../../shared/presence';

const SCORES = [-3, -2, -1, 0, 1, 2, 3];

export function LabelPanel() {
  const seg = useStore((s) => findSegment(s, s.selectedId));
  const label = useStore((s) => (s.selectedId ? s.labels.get(s.selectedId) : undefined));
  const prediction = useStore((s) => (s.selectedId ? s.predictions.get(s.selectedId) : undefined));
  const save = useStore((s) => (s.selectedId ? s.saveState.get(s.selectedId) : undefined));
  const models = useStore((s) => s.models);
  const [note, setNote] = useState('');
  // The note as typed, for the segment it was typed on: saved on blur, and when the selection
  // moves or the panel goes away (another view) before the field lost focus.
  const draft = useRef<{ segmentId: string; score: number; saved: string; note: string } | null>(null);
  const saveDraft = () => {
    const d = draft.current;
    if (!d || d.note === d.saved) return;
    draft.current = { ...d, saved: d.note };
    void setLabel(d.segmentId, d.score, d.note || null);
  };

  useEffect(() => {
    setNote(label?.note ?? '');
    draft.current = seg && label ? { segmentId: seg.id, score: label.score, saved: label.note ?? '', note: label.note ?? '' } : null;
  }, [seg?.id, label?.note, label?.score]);
  useEffect(() => () => saveDraft(), [seg?.id]);

  if (!seg) return <div className="label-panel empty">Select a segment to label it.</div>;
  const untrained = untrainedHeads(models);
  const notes = headNotes(models);
  // `saved` appears only after setLabel resolved: the host answers once the write is durable.
  const noteChanged = (label?.note ?? '') !== note;
  const status = save === 'saving' ? 'saving…' : save === 'error' ? 'not saved' : label && noteChanged ? 'note not saved' : label ? 'saved' : 'not labelled';

  return (
    <div className="label-panel" data-testid="label-panel">
      <div className="lp-head">
        <span className="muted">{formatClock(seg.startMs, 100)} – {formatClock(seg.endMs, 100)}</span>
        <span className="seg-speaker">{seg.speaker ?? '—'}</span>
        <span className={`label-status ${save === 'saving' || save === 'error' ? save : label && noteChanged ? 'unsaved' : save ?? (label ? 'saved' : 'none')}`} data-testid="label-status" role="status">{status}</span>
      </div>
      <p className="lp-text">{seg.text || <em className="muted">(no text)</em>}</p>
      <div className="lp-scores" data-testid="model-scores">
        {(['text', 'audio', 'video', 'fused'] as const).map((m) => {
          // "—" both before a segment is scored (a fresh split half) and where it has no such modality.
          const v = prediction ? headScore(prediction, m) : null;
          const missing = prediction && v === null ? (m === 'video' ? 'no video in this recording' : `no ${m === 'audio' ? 'voice' : m} in this segment`) : undefined;
          return (
            <div key={m} data-testid={`score-${m}`} className={`lp-score${untrained.has(m) && !missing ? ' untrained' : ''}`} title={missing ?? (untrained.has(m) ? `untrained head${notes[m] ? `: ${notes[m]}` : ''}` : notes[m] ? `trained on ${notes[m]}` : undefined)}>
              <span className="lp-mod">{m === 'audio' ? 'voice' : m === 'video' ? 'face' : m}</span>
              <span className="lp-val" data-testid={`score-value-${m}`} style={v !== null ? { color: scoreColor(v) } : undefined}>{v !== null ? fmt(v) : '—'}</span>
              <span className="lp-ivl" data-testid={`interval-${m}`} title="80 % interval">{prediction && v !== null ? fmtInterval(v, prediction.spread[m]) : ''}</span>
            </div>
          );
        })}
        <div className="lp-score">
          <span className="lp-mod" title="confidence in the sign: the probability that the true score has the fused score's sign, under the fused interval">conf.</span>
          <span className="lp-val">{prediction ? prediction.confidence.toFixed(2) : '—'}</span>
        </div>
      </div>
      <div className="lp-buttons" role="radiogroup" aria-label="Analyst score">
        {SCORES.map((v) => (
          <button
            key={v}
            type="button"
            role="radio"
            aria-checked={label?.score === v}
            data-testid="score-button"
            data-score={v}
            className={label?.score === v ? 'score on' : 'score'}
            style={{ borderColor: scoreColor(v) }}
            // The note in the field goes with the score (its blur save may still be on its way).
            onClick={() => void setLabel(seg.id, v, draft.current?.segmentId === seg.id ? draft.current.note || null : undefined)}
            title={`key ${v + 4}`}
          >
            {v > 0 ? `+${v}` : v}
          </button>
        ))}
      </div>
      <textarea
        className="lp-note"
        data-testid="label-note"
        placeholder={label ? 'Note (optional) — saved when you leave the field' : 'Score first, then add a note'}
        value={note}
        disabled={!label}
        onChange={(e) => {
          setNote(e.target.value);
          if (draft.current) draft.current = { ...draft.current, note: e.target.value };
        }}
        onBlur={saveDraft}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && label) saveDraft();
          if (e.key === 'Escape') (e.target as HTMLElement).blur();
        }}
      />
      <div className="lp-actions">
        {label && noteChanged && (
          <button type="button" className="primary small" onClick={saveDraft}>
            Save note
          </button>
        )}
        {label && (
          <button type="button" className="small" data-testid="clear-label" title="Remove the label (Delete or Backspace); undo brings it back" onClick={() => void clearLabel(seg.id)}>
            Clear label
          </button>
        )}
      </div>
    </div>
  );
}
