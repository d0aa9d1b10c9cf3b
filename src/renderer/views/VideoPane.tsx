import { useCallback, useEffect, useRef } from 'react';
import { applyRate, RATES, setRate } from '../state/playback';
import { attachMedia, detachMedia, seekMs, startPosition } from '../state/player';
import { currentSegments, findSegment, getState, setState, useStore } from '../state/store';
import { t } from '../i18n';

/** The one media element; the recording plays here and every other view reads its clock. */
export function VideoPane() {
  const url = useStore((s) => s.mediaUrl);
  const recordingId = useStore((s) => s.recordingId);
  const recording = useStore((s) => s.recordings.find((r) => r.id === s.recordingId));
  const loop = useStore((s) => s.loop);
  const index = useStore((s) => currentSegments(s).findIndex((x) => x.id === s.selectedId));
  const count = useStore((s) => currentSegments(s).length);
  const rate = useStore((s) => s.rate);

  const mine = useRef<HTMLVideoElement | null>(null);
  const ref = useCallback((el: HTMLVideoElement | null) => {
    if (el) attachMedia((mine.current = el));
    else if (mine.current) detachMedia(mine.current);
  }, []);
  useEffect(() => applyRate(mine.current), [rate, url]);

  return (
    <div className="video-pane">
      <video
        key={recordingId ?? 'none'}
        ref={ref}
        data-testid="video"
        data-recording-id={recordingId ?? undefined}
        onLoadedMetadata={() => {
          // A fresh element (after switching views) resumes where the analyst was, or at the selection.
          const s = getState();
          const at = (recordingId && startPosition(recordingId)) ?? findSegment(s, s.selectedId)?.startMs;
          if (at) seekMs(at);
          applyRate(mine.current);
        }}
        src={url ?? undefined}
        preload="auto"
        controls
        playsInline
        onPlay={() => setState({ playing: true })}
        onPause={() => setState({ playing: false })}
        onRateChange={(e) => {
          // The element's own menu (⋮ → Playback speed) changes the speed too: keep the state in step.
          const r = (e.target as HTMLVideoElement).playbackRate;
          if (r !== getState().rate && (RATES as readonly number[]).includes(r)) setRate(r);
        }}
        className={recording && !recording.hasVideo ? 'audio-only' : undefined}
      />
      <div className="video-caption">
        <span className="rec-name" title={recording?.mediaPath}>{recording?.name ?? t('vp.noRecording')}</span>
        {index >= 0 && (
          <span className="muted">
            {t('vp.segmentOf', { n: index + 1, count })}
          </span>
        )}
        {loop && <span className="badge loop">{t('vp.loop')}</span>}
        <span className="spacer" />
        <label className="small muted" title={t('vp.speedTitle')}>
          {t('vp.speed')}{' '}
          <select data-testid="playback-rate" aria-label={t('vp.speedAria')} value={String(rate)} onChange={(e) => {
            setRate(Number(e.target.value));
            // Back to the keys: a focused menu would take the next Space or arrow.
            e.target.blur();
          }}>
            {RATES.map((r) => (
              <option key={r} value={String(r)}>
                {r}×
              </option>
            ))}
          </select>
        </label>
      </div>
    </div>
  );
}

