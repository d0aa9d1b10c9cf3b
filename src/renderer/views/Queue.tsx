import { useEffect, useRef } from 'react';
import { select } from '../state/controller';
import { findSegment, getState, useStore, type State } from '../state/store';
import { formatClock } from '../timeline/viewport';
import { fmtInt } from './Transcript';
import { LabelPanel } from './LabelPanel';
import { VideoPane } from './VideoPane';
import { t } from '../i18n';
import { queueReason } from '../i18n/reasons';

/** What to label next, most informative first; scoring here (keys 1–7) moves to the next open item. */
export function Queue() {
  const queue = useStore((s) => s.queue);
  const selectedId = useStore((s) => s.selectedId);
  const labels = useStore((s) => s.labels);
  const hasRecording = useStore((s) => s.recordingId !== null);
  // Every unlabelled segment of the project, not only the ones the list shows (it holds the top 100).
  const open = useStore(unlabelledCount);
  const listRef = useRef<HTMLOListElement>(null);
  useEffect(() => {
    if (!selectedId || !listRef.current) return;
    listRef.current.querySelector<HTMLElement>(`[data-segment-id="${CSS.escape(selectedId)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  return (
    <div className="queue-view">
      <div className="queue-list-wrap">
        <h2>
          {t('q.title')} <span className="muted" data-testid="queue-open">({queue.length > 0 && queue.length < open ? t('q.openBest', { count: open, shown: queue.length }) : t('q.open', { count: open })})</span>
        </h2>
        <p className="muted small" data-testid="queue-explain">
          {t('q.explain')}
        </p>
        {queue.length === 0 ? (
          <p className="muted" data-testid="queue">{t('q.empty')}</p>
        ) : (
          <ol className="queue-list" data-testid="queue" ref={listRef}>
            {queue.map((q) => {
              const seg = findSegment(getState(), q.segmentId);
              const label = labels.get(q.segmentId);
              return (
                <li
                  key={q.segmentId}
                  data-testid="queue-item"
                  data-segment-id={q.segmentId}
                  aria-current={q.segmentId === selectedId || undefined}
                  className={`queue-item${q.segmentId === selectedId ? ' selected' : ''}${label ? ' done' : ''}`}
                  onClick={() => select(q.segmentId)}
                >
                  <div className="qi-top">
                    <span className="seg-time">{seg ? formatClock(seg.startMs, 100) : ''}</span>
                    <span className="seg-speaker">{seg?.speaker ?? ''}</span>
                    <span className="qi-priority" title={t('q.priorityTitle')}>{q.priority.toFixed(2)}</span>
                    {label && <span className="chip label">{fmtInt(label.score)}</span>}
                  </div>
                  <div className="qi-text">{seg?.text ?? q.segmentId}</div>
                  <div className="qi-reason" data-testid="queue-reason">{queueReason(q.reason)}</div>
                </li>
              );
            })}
          </ol>
        )}
      </div>
      <div className="queue-side">
        {hasRecording && <VideoPane />}
        <LabelPanel />
      </div>
    </div>
  );
}

function unlabelledCount(s: State): number {
  let n = 0;
  for (const list of s.segmentsByRecording.values()) for (const seg of list) if (!s.labels.has(seg.id)) n++;
  return n;
}
