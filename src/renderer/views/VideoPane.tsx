import { useCallback, useRef } from 'react';
import { attachMedia, detachMedia, seekMs, startPosition } from '../state/player';
import { currentSegments, findSegment, getState, setState, useStore } from '../state/store';

/** The one media element; the recording plays here and every other view reads its clock. */
export function VideoPane() {
  const url = useStore((s) => s.mediaUrl);
  const recordingId = useStore((s) => s.recordingId);
  const recording = useStore((s) => s.recordings.find((r) => r.id === s.recordingId));
  const loop = useStore((s) => s.loop);
  const index = useStore((s) => currentSegments(s).findIndex((x) => x.id === s.selectedId));
  const count = useStore((s) => currentSegments(s).length);

  const mine = useRef<HTMLVideoElement | null>(null);
  const ref = useCallback((el: HTMLVideoElement | null) => {
    if (el) attachMedia((mine.current = el));
    else if (mine.current) detachMedia(mine.current);
  }, []);

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
        }}
        src={url ?? undefined}
        preload="auto"
        controls
        playsInline
        onPlay={() => setState({ playing: true })}
        onPause={() => setState({ playing: false })}
        className={recording && !recording.hasVideo ? 'audio-only' : undefined}
      />
      <div className="video-caption">
        <span className="rec-name" title={recording?.mediaPath}>{recording?.name ?? 'No recording'}</span>
        {index >= 0 && (
          <span className="muted">
            segment {index + 1} of {count}
          </span>
        )}
        {loop && <span className="badge loop">loop</span>}
      </div>
    </div>
  );
}

