import { useEffect, useRef, useState } from 'react';
import { assignSpeaker, clearLabel, editText, segmentsOfSpeaker, setLabel } from '../state/controller';
import { speakersOf } from '../state/filter';
import { headNotes, untrainedHeads } from '../state/models';
import { currentSegments, findSegment, getState, setState, useStore, type Segment } from '../state/store';
import { scoreColor, scoreInk, speakerColor, speakerIndexOf } from '../timeline/colors';
import { formatClock } from '../timeline/viewport';
import { fmt, fmtInterval } from './Transcript';
import { headScore } from '../../shared/presence';
import { textIsScored } from '../../shared/text/language';
import { t } from '../i18n';
import { usePrefs } from '../state/prefs';

const SCORES = [-3, -2, -1, 0, 1, 2, 3];

export function LabelPanel() {
  // Speaker and score colours come from the theme's palette, so a theme change must redraw them.
  usePrefs((p) => p.resolvedTheme);
  const seg = useStore((s) => findSegment(s, s.selectedId));
  const label = useStore((s) => (s.selectedId ? s.labels.get(s.selectedId) : undefined));
  const prediction = useStore((s) => (s.selectedId ? s.predictions.get(s.selectedId) : undefined));
  const save = useStore((s) => (s.selectedId ? s.saveState.get(s.selectedId) : undefined));
  const models = useStore((s) => s.models);
  const language = useStore((s) => (seg ? s.recordings.find((r) => r.id === seg.recordingId)?.language : undefined));
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
  const editing = useStore((s) => s.editing);
  // The speaker's colour in this recording, as the transcript and the timeline's speaker lane show it.
  const speakerIndex = useStore((s) => (seg ? (speakerIndexOf(currentSegments(s)).get(seg.speaker ?? '') ?? 0) : 0));
  useEffect(() => {
    if (getState().editing) setState({ editing: null });
  }, [seg?.id]);

  if (!seg) return <div className="label-panel empty">{t('lp.select')}</div>;
  const untrained = untrainedHeads(models);
  const notes = headNotes(models);
  // `saved` appears only after setLabel resolved: the host answers once the write is durable.
  const noteChanged = (label?.note ?? '') !== note;
  const status = t(save === 'saving' ? 'lp.saving' : save === 'error' ? 'lp.notSaved' : label && noteChanged ? 'lp.noteNotSaved' : label ? 'lp.saved' : 'lp.notLabelled');

  return (
    <div className="label-panel" data-testid="label-panel">
      <div className="lp-head">
        <span className="muted">{formatClock(seg.startMs, 100)} – {formatClock(seg.endMs, 100)}</span>
        <span className="seg-speaker" data-testid="panel-speaker" style={{ color: speakerColor(speakerIndex) }}>{seg.speaker ?? '—'}</span>
        <button type="button" className="ghost small" data-testid="edit-speaker" title={t('lp.editSpeakerTitle')} aria-label={t('lp.editSpeaker')} onClick={() => setState({ editing: 'speaker' })}>
          ✎
        </button>
        <span className={`label-status ${save === 'saving' || save === 'error' ? save : label && noteChanged ? 'unsaved' : save ?? (label ? 'saved' : 'none')}`} data-testid="label-status" role="status">{status}</span>
      </div>
      {editing === 'speaker' && <SpeakerEditor seg={seg} />}
      {editing === 'text' ? (
        <TextEditor seg={seg} />
      ) : (
        <p className="lp-text" data-testid="panel-text" title={t('lp.editTextTitle')} onDoubleClick={() => setState({ editing: 'text' })}>
          {seg.text || <em className="muted">{t('tr.noText')}</em>}
        </p>
      )}
      <div className="lp-scores" data-testid="model-scores">
        {(['text', 'audio', 'video', 'fused'] as const).map((m) => {
          // "—" both before a segment is scored (a fresh split half) and where it has no such modality.
          const v = prediction ? headScore(prediction, m) : null;
          const missing = prediction && v === null ? (m === 'video' ? t('lp.noVideo') : m === 'text' && language && !textIsScored(language) ? t('lp.textNotScored', { language }) : t('lp.noModality', { head: t(`head.${m}`) })) : undefined;
          return (
            <div key={m} data-testid={`score-${m}`} className={`lp-score${untrained.has(m) && !missing ? ' untrained' : ''}`} title={missing ?? (untrained.has(m) ? (notes[m] ? t('lp.untrainedNote', { note: notes[m] }) : t('lp.untrained')) : notes[m] ? t('lp.trainedOn', { note: notes[m] }) : undefined)}>
              <span className="lp-mod">{t(`head.${m}`)}</span>
              <span className="lp-val" data-testid={`score-value-${m}`} style={v !== null ? { color: scoreInk(v) } : undefined}>{v !== null ? fmt(v) : '—'}</span>
              <span className="lp-ivl" data-testid={`interval-${m}`} title={t('lp.interval')}>{prediction && v !== null ? fmtInterval(v, prediction.spread[m]) : ''}</span>
            </div>
          );
        })}
        <div className="lp-score">
          <span className="lp-mod" title={t('lp.confTitle')}>{t('lp.conf')}</span>
          <span className="lp-val">{prediction ? prediction.confidence.toFixed(2) : '—'}</span>
        </div>
      </div>
      <div className="lp-buttons" role="radiogroup" aria-label={t('lp.scoreGroup')}>
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
            title={t('lp.key', { key: v + 4 })}
            aria-label={t('lp.scoreAria', { score: v > 0 ? `+${v}` : String(v), key: v + 4 })}
          >
            {v > 0 ? `+${v}` : v}
          </button>
        ))}
      </div>
      <textarea
        className="lp-note"
        data-testid="label-note"
        placeholder={label ? t('lp.notePlaceholder') : t('lp.scoreFirst')}
        aria-label={t('lp.note')}
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
            {t('lp.saveNote')}
          </button>
        )}
        {label && (
          <button type="button" className="small" data-testid="clear-label" title={t('lp.clearTitle')} onClick={() => void clearLabel(seg.id)}>
            {t('lp.clear')}
          </button>
        )}
      </div>
    </div>
  );
}

/** The words of the segment in a field: Enter or leaving it saves (an undoable edit), Escape cancels, Shift+Enter breaks the line. */
function TextEditor({ seg }: { seg: Segment }) {
  const [text, setText] = useState(seg.text);
  const done = useRef(false);
  const finish = (save: boolean) => {
    if (done.current) return;
    done.current = true;
    setState({ editing: null });
    if (save && text !== seg.text) void editText(seg.id, text);
  };
  return (
    <textarea
      className="lp-text-edit"
      data-testid="text-editor"
      aria-label={t('lp.wordsAria')}
      autoFocus
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={() => finish(true)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && !e.shiftKey) {
          e.preventDefault();
          finish(true);
        } else if (e.key === 'Escape') {
          e.preventDefault();
          finish(false);
        }
      }}
    />
  );
}

/** A speaker for this segment only, or a new name for every segment of its speaker in the recording. */
function SpeakerEditor({ seg }: { seg: Segment }) {
  const [name, setName] = useState(seg.speaker ?? '');
  const speakers = useStore((s) => speakersOf(currentSegments(s)).filter(Boolean).join('\u0001'));
  const all = segmentsOfSpeaker(seg.id);
  const close = () => setState({ editing: null });
  const apply = (ids: string[]) => {
    close();
    void assignSpeaker(ids, name.trim() || null);
  };
  return (
    <form
      className="lp-speaker-edit"
      data-testid="speaker-editor"
      onSubmit={(e) => {
        e.preventDefault();
        apply([seg.id]);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') close();
      }}
    >
      <input type="text" data-testid="speaker-input" aria-label={t('tr.speaker')} list="attune-speakers" autoFocus value={name} placeholder={t('tr.noSpeaker')} onChange={(e) => setName(e.target.value)} />
      <datalist id="attune-speakers">
        {speakers.split('\u0001').filter(Boolean).map((sp) => (
          <option key={sp} value={sp} />
        ))}
      </datalist>
      <button type="submit" className="small" data-testid="speaker-this" title={t('lp.thisSegmentTitle')}>
        {t('lp.thisSegment')}
      </button>
      {all.length > 1 && (
        <button type="button" className="small" data-testid="speaker-all" title={t('lp.allTitle', { speaker: seg.speaker ?? t('lp.unnamed'), count: all.length })} onClick={() => apply(all)}>
          {t('lp.all', { speaker: seg.speaker ?? t('tr.noSpeaker'), count: all.length })}
        </button>
      )}
      <button type="button" className="ghost small" onClick={close}>
        {t('common.cancel')}
      </button>
    </form>
  );
}
