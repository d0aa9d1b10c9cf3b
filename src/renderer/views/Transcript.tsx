import { memo, useEffect, useMemo, useRef, type ReactNode } from 'react';
import { select, step } from '../state/controller';
import { isFiltering, matchRanges, NO_FILTER, speakersOf, visibleSegments, type SegmentFilter } from '../state/filter';
import { currentSegments, setState, useStore, type Label, type Prediction, type Segment } from '../state/store';
import { formatClock } from '../timeline/viewport';
import { scoreColor, speakerColor, speakerIndexOf } from '../timeline/colors';
import { formatInterval } from '../../shared/uncertainty';
import { t } from '../i18n';
import { usePrefs } from '../state/prefs';

/**
 * Every segment is a real row (external checks count them); `content-visibility: auto` in the CSS
 * keeps 2,000 rows cheap to lay out. The selected row scrolls into view when the selection moves.
 */
export function Transcript() {
  // Speaker and score colours come from the theme's palette, so a theme change must redraw them.
  usePrefs((p) => p.resolvedTheme);
  const all = useStore(currentSegments);
  const segments = useStore(visibleSegments);
  const filter = useStore((s) => s.filter);
  const selectedId = useStore((s) => s.selectedId);
  const labels = useStore((s) => s.labels);
  const predictions = useStore((s) => s.predictions);
  const saveState = useStore((s) => s.saveState);
  const listRef = useRef<HTMLOListElement>(null);
  const query = filter.text.trim();
  // Colours by speaker over the whole recording, as the timeline's speaker lane has them.
  const speakerIndex = useMemo(() => speakerIndexOf(all), [all]);

  useEffect(() => {
    if (!selectedId || !listRef.current) return;
    const row = listRef.current.querySelector<HTMLElement>(`[data-segment-id="${CSS.escape(selectedId)}"]`);
    row?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  return (
    <div className="transcript-pane">
      <FilterBar all={all} shown={segments.length} filter={filter} />
      {all.length === 0 ? (
        <div className="transcript empty" data-testid="transcript">{t('tr.noSegments')}</div>
      ) : segments.length === 0 ? (
        <div className="transcript empty" data-testid="transcript">{t('tr.noMatch')} <button type="button" className="small" onClick={() => setState({ filter: NO_FILTER })}>{t('tr.clearFilters')}</button></div>
      ) : (
        <ol className="transcript" data-testid="transcript" ref={listRef}>
          {segments.map((s) => (
            <Row key={s.id} seg={s} selected={s.id === selectedId} label={labels.get(s.id)} prediction={predictions.get(s.id)} saving={saveState.get(s.id) === 'saving'} query={query} color={speakerColor(speakerIndex.get(s.speaker ?? '') ?? 0)} />
          ))}
        </ol>
      )}
    </div>
  );
}

/**
 * Search and filters over the transcript. Enter / Shift+Enter in the search field jump to the next /
 * previous match (so do ←/→ outside it while a filter is on); / puts the cursor in the field.
 */
function FilterBar({ all, shown, filter }: { all: Segment[]; shown: number; filter: SegmentFilter }) {
  const speakers = useMemo(() => speakersOf(all), [all]);
  const set = (patch: Partial<SegmentFilter>) => setState((s) => ({ filter: { ...s.filter, ...patch } }));
  const on = isFiltering(filter);
  return (
    <div className="filter-bar" role="search" aria-label={t('tr.searchFilter')}>
      <input
        type="text"
        data-testid="filter-text"
        aria-label={t('tr.searchAria')}
        placeholder={t('tr.searchPlaceholder')}
        value={filter.text}
        onChange={(e) => set({ text: e.target.value })}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            step(e.shiftKey ? -1 : 1);
          } else if (e.key === 'Escape') {
            (e.target as HTMLInputElement).blur();
          }
        }}
      />
      <select data-testid="filter-speaker" aria-label={t('tr.speaker')} value={filter.speaker === null ? 'all' : `sp:${filter.speaker}`} onChange={(e) => {
          set({ speaker: e.target.value === 'all' ? null : e.target.value.slice(3) });
          e.target.blur();
        }}>
        <option value="all">{t('tr.allSpeakers')}</option>
        {speakers.map((sp) => (
          <option key={sp} value={`sp:${sp}`}>
            {sp || t('tr.noSpeaker')}
          </option>
        ))}
      </select>
      <label title={t('tr.unlabelledTitle')}>
        <input type="checkbox" data-testid="filter-unlabelled" checked={filter.unlabelled} onChange={(e) => set({ unlabelled: e.target.checked })} /> {t('tr.unlabelled')}
      </label>
      <label title={t('tr.disagreeTitle')}>
        <input type="checkbox" data-testid="filter-disagreement" checked={filter.disagreement} onChange={(e) => set({ disagreement: e.target.checked })} /> {t('tr.disagree')}
      </label>
      <label title={t('tr.unsureTitle')}>
        <input type="checkbox" data-testid="filter-low-confidence" checked={filter.lowConfidence} onChange={(e) => set({ lowConfidence: e.target.checked })} /> {t('tr.unsure')}
      </label>
      <span className="spacer" />
      {on && (
        <>
          <span className="muted small" data-testid="filter-count" aria-live="polite">
            {t('tr.shownOf', { shown, total: all.length })}
          </span>
          <button type="button" className="small" data-testid="match-prev" title={t('tr.prevTitle')} aria-label={t('tr.prev')} onClick={() => step(-1)}>
            ↑
          </button>
          <button type="button" className="small" data-testid="match-next" title={t('tr.nextTitle')} aria-label={t('tr.next')} onClick={() => step(1)}>
            ↓
          </button>
          <button type="button" className="small" data-testid="filter-clear" onClick={() => setState({ filter: NO_FILTER })}>
            {t('tr.clear')}
          </button>
        </>
      )}
    </div>
  );
}

/** The text with each place the query's words occur marked. */
function Highlighted({ text, query }: { text: string; query: string }) {
  const ranges = query ? matchRanges(text, query) : [];
  if (ranges.length === 0) return <>{text}</>;
  const out: ReactNode[] = [];
  let at = 0;
  for (const [a, b] of ranges) {
    if (a > at) out.push(text.slice(at, a));
    out.push(<mark key={a}>{text.slice(a, b)}</mark>);
    at = b;
  }
  if (at < text.length) out.push(text.slice(at));
  return <>{out}</>;
}

const Row = memo(function Row({ seg, selected, label, prediction, saving, query, color }: { seg: Segment; selected: boolean; label?: Label; prediction?: Prediction; saving: boolean; query: string; color: string }) {
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
      <span className="seg-speaker" style={{ color }}>{seg.speaker ?? '—'}</span>
      <span className="seg-text">{seg.text ? <Highlighted text={seg.text} query={query} /> : <em className="muted">{t('tr.noText')}</em>}</span>
      <span className="seg-scores">
        {prediction && (
          <span className="chip" style={{ background: scoreColor(prediction.scores.fused), opacity: 0.35 + 0.65 * prediction.confidence }} title={t('tr.chipTitle', { score: prediction.scores.fused.toFixed(2), interval: fmtInterval(prediction.scores.fused, prediction.spread.fused), confidence: prediction.confidence.toFixed(2) })}>
            {fmt(prediction.scores.fused)}
          </span>
        )}
        {label && (
          <span className="chip label" data-testid="row-label" style={{ borderColor: scoreColor(label.score) }} title={t('tr.analystLabel')}>
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
