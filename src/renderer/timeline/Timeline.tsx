import { useEffect, useMemo, useRef, useState } from 'react';
import { select, setEdge, startJob } from '../state/controller';
import { untrainedHeads } from '../state/models';
import { currentSegments, useStore } from '../state/store';
import type { TimelineData } from './draw';
import { speakerColor, speakerIndexOf, THEME } from './colors';
import { TimelineRenderer } from './renderer';
import { layoutTracks, SCORE_TRACKS, type ScoreTrack, type TrackSpec } from './tracks';
import { perSpeaker, setShowOthers, toggleSpeakerLanes, useLanePrefs } from './lane-prefs';
import { useLabelLanes } from './annotator-lanes';
import { t } from '../i18n';
import { formatClock } from './viewport';
import { fmtInterval } from '../views/Transcript';
import { headScore } from '../../shared/presence';
import { usePrefs } from '../state/prefs';

export function Timeline() {
  const segments = useStore(currentSegments);
  const predictions = useStore((s) => s.predictions);
  const peaks = useStore((s) => s.peaks);
  const selectedId = useStore((s) => s.selectedId);
  const loop = useStore((s) => s.loop);
  const models = useStore((s) => s.models);
  const recordingId = useStore((s) => s.recordingId);
  const recordings = useStore((s) => s.recordings);
  // A new theme swaps the canvas palette (state/prefs); setting the data again redraws with it.
  const theme = usePrefs((p) => p.resolvedTheme);
  const blind = useStore((s) => s.blind);
  const lanePrefs = useLanePrefs();
  const lang = usePrefs((p) => p.resolvedLang);
  const lanes = useLabelLanes(lanePrefs.showOthers);
  const analysing = useStore((s) => [...s.jobs.values()].some((j) => j.kind === 'analyze' && (j.state === 'running' || j.state === 'queued')));

  const hostRef = useRef<HTMLDivElement>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  const baseRef = useRef<HTMLCanvasElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);
  const clockRef = useRef<HTMLSpanElement>(null);
  const renderer = useRef<TimelineRenderer | null>(null);
  const [hover, setHover] = useState<{ segmentId: string; x: number; y: number } | null>(null);

  useEffect(() => {
    const r = new TimelineRenderer(
      hostRef.current!,
      wrapRef.current!,
      baseRef.current!,
      overlayRef.current!,
      clockRef.current,
      (id) => {
        if (id) select(id, { seek: false });
      },
      (h) => setHover((prev) => (prev?.segmentId === h?.segmentId && h && prev && Math.abs(prev.x - h.x) < 12 ? prev : h)),
      (id, edge, ms) => void setEdge(id, edge, ms),
    );
    renderer.current = r;
    return () => r.dispose();
  }, []);

  const untrained = useMemo(() => untrainedHeads(models), [models]);
  const speakerIndex = useMemo(() => speakerIndexOf(segments), [segments]);
  const speakers = useMemo(() => [...speakerIndex.keys()], [speakerIndex]);
  const split = perSpeaker(lanePrefs.speakerLanes, speakers.length);
  const others = useMemo(() => [...lanes.others.keys()], [lanes.others]);
  const layout = useMemo(() => layoutTracks({ speakers: split ? speakers : null, me: lanes.me, others }), [split, speakers, lanes.me, others, lang]);
  const maxLenMs = useMemo(() => segments.reduce((m, s) => Math.max(m, s.endMs - s.startMs), 0), [segments]);
  const recording = recordings.find((r) => r.id === recordingId);
  const durationMs = Math.max(recording?.durationMs ?? 0, segments.length ? segments[segments.length - 1].endMs : 0, 1000);
  const absent = useMemo(() => new Set<ScoreTrack>(recording && !recording.hasVideo ? ['video'] : []), [recording]);
  const predicted = useMemo(() => segments.reduce((n, s) => n + (predictions.has(s.id) ? 1 : 0), 0), [segments, predictions]);
  const labelled = useMemo(() => segments.reduce((n, s) => n + (lanes.mine.has(s.id) ? 1 : 0), 0), [segments, lanes.mine]);
  // Segments per speaker lane and labels per annotator lane, for the rows' data attributes: counted
  // once per change, not on every render (a selection re-renders the timeline).
  const laneCounts = useMemo(() => {
    const m = new Map<string, number>();
    for (const s of segments) m.set(`speaker:${s.speaker ?? ''}`, (m.get(`speaker:${s.speaker ?? ''}`) ?? 0) + 1);
    for (const [a, labels] of lanes.others) m.set(`annotator:${a}`, segments.reduce((n, s) => n + (labels.has(s.id) ? 1 : 0), 0));
    return m;
  }, [segments, lanes.others]);

  useEffect(() => {
    const data: TimelineData = {
      durationMs, segments, maxLenMs, speakerIndex, predictions, labels: lanes.mine, others: lanes.others, layout, theme: THEME,
      peaks: peaks && peaks.recordingId === recordingId ? peaks : null, selectedId, loop, untrained, absent,
    };
    renderer.current?.setData(data);
  }, [durationMs, segments, maxLenMs, speakerIndex, predictions, lanes, layout, peaks, recordingId, selectedId, loop, untrained, absent, theme]);

  useEffect(() => {
    const sel = segments.find((s) => s.id === selectedId);
    if (sel) renderer.current?.reveal(sel.startMs, sel.endMs);
  }, [selectedId, segments]);

  const rowInfo = (lane: TrackSpec): Record<string, string> => {
    const id = lane.kind;
    if (absent.has(id as ScoreTrack)) return { 'data-count': '0', 'data-empty': 'true', 'data-absent': 'true' };
    if ((SCORE_TRACKS as string[]).includes(id)) {
      return { 'data-count': String(predicted), 'data-empty': String(predicted === 0), 'data-untrained': String(untrained.has(id as ScoreTrack)) };
    }
    if (id === 'labels') return { 'data-count': String(labelled), 'data-empty': String(labelled === 0), 'data-annotator': lanes.me ?? '' };
    if (id === 'annotator') return { 'data-count': String(laneCounts.get(lane.id) ?? 0), 'data-annotator': lane.annotator! };
    if (id === 'speaker') return { 'data-count': String(laneCounts.get(lane.id) ?? 0), 'data-speaker': lane.speaker! };
    if (id === 'segments') return { 'data-count': String(segments.length) };
    if (id === 'waveform') return { 'data-empty': String(!peaks || peaks.recordingId !== recordingId) };
    return {};
  };

  return (
    <div className="timeline" data-testid="timeline" ref={hostRef}>
      <div className="timeline-toolbar">
        <span className="clock" ref={clockRef} data-testid="clock">0:00</span>
        <span className="spacer" />
        {predicted === 0 && segments.length > 0 && (
          <button type="button" className="primary small" data-testid="review-analyze" disabled={analysing} onClick={() => void startJob({ kind: 'analyze', params: {} })}>
            {analysing ? t('common.analysing') : t('common.analyse')}
          </button>
        )}
        <button
          type="button"
          data-testid="speaker-lanes"
          aria-pressed={split}
          title={t(split ? 'lanes.perSpeakerTitle' : 'lanes.oneLaneTitle')}
          onClick={() => toggleSpeakerLanes(speakers.length)}
        >
          {t(split ? 'lanes.perSpeaker' : 'lanes.oneLane')}
        </button>
        <label className="muted small" title={t(blind ? 'lanes.blindTitle' : 'lanes.showOthersTitle')}>
          <input type="checkbox" data-testid="show-others" checked={lanePrefs.showOthers && !blind} disabled={blind} onChange={(e) => setShowOthers(e.target.checked)} /> {t('lanes.showOthers')}
          {blind && <span data-testid="others-blind"> {t('lanes.blindOff')}</span>}
        </label>
        <span className="hint">{t('tl.hint')}</span>
        <button type="button" data-testid="zoom-out" title={t('tl.zoomOut')} aria-label={t('tl.zoomOut')} onClick={() => renderer.current?.zoom(2)}>−</button>
        <button type="button" data-testid="zoom-in" title={t('tl.zoomInTitle')} aria-label={t('tl.zoomIn')} onClick={() => renderer.current?.zoom(0.5)}>+</button>
        <button type="button" data-testid="zoom-fit" title={t('tl.fitTitle')} aria-label={t('tl.fitTitle')} onClick={() => renderer.current?.fit()}>{t('tl.fit')}</button>
      </div>
      <div className="timeline-body">
        <div className="timeline-canvas" ref={wrapRef}>
          <canvas ref={baseRef} role="img" aria-label={t('tl.canvasAria')} />
          <canvas ref={overlayRef} className="overlay" aria-hidden="true" />
          {hover && <HoverCard segmentId={hover.segmentId} x={hover.x} y={hover.y} />}
        </div>
        <div className="timeline-rows" aria-hidden="false">
          {layout.tracks.map((lane) => (
            <div key={lane.id} className={`timeline-row row-${lane.kind}`} style={{ height: lane.height }} data-testid={lane.testId} {...rowInfo(lane)}>
              <div className="row-head" role={lane.title ? 'group' : undefined} title={legendOf(lane.kind)} aria-label={legendOf(lane.kind) ? `${lane.title}: ${legendOf(lane.kind)}` : lane.title || undefined}>
                <span className="row-title" style={lane.kind === 'speaker' ? { color: speakerColor(speakerIndex.get(lane.speaker!) ?? 0) } : undefined}>
                  {lane.title}
                </span>
                {(SCORE_TRACKS as string[]).includes(lane.id) && (
                  <span className="row-scale" data-testid={`scale-${lane.id}`} aria-hidden="true">
                    <span>+3</span>
                    <span>−3</span>
                  </span>
                )}
                {absent.has(lane.id as ScoreTrack) && <span className="badge" title={t('tl.noVideoTitle')}>{t('tl.noVideo')}</span>}
                {untrained.has(lane.id as ScoreTrack) && !absent.has(lane.id as ScoreTrack) && <span className="badge untrained" title={t('tl.untrainedTitle')}>{t('tl.untrained')}</span>}
              </div>
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}

/** What a lane shows, for its head's tooltip and screen readers (issue 18, feature 11). */
export function legendOf(id: string): string | undefined {
  const head = id === 'text' || id === 'audio' || id === 'video' || id === 'fused' ? t(`tl.legend.${id}`) : null;
  if (head) return t('tl.legendScores', { head });
  if (id === 'labels') return t('tl.legendLabels');
  if (id === 'annotator') return t('lanes.legendAnnotator');
  if (id === 'speaker') return t('lanes.legendSpeaker');
  if (id === 'segments') return t('tl.legendSegments');
  if (id === 'waveform') return t('tl.legendWaveform');
  return undefined;
}

function HoverCard({ segmentId, x, y }: { segmentId: string; x: number; y: number }) {
  const seg = useStore((s) => currentSegments(s).find((x) => x.id === segmentId));
  const p = useStore((s) => s.predictions.get(segmentId));
  const l = useStore((s) => s.labels.get(segmentId));
  if (!seg) return null;
  const f = (n: number) => (n > 0 ? '+' : '') + n.toFixed(1);
  const face = p ? headScore(p, 'video') : null;
  // No text score without words, or in a language the text model does not read (a Japanese recording).
  const textScore = p ? headScore(p, 'text') : null;
  return (
    <div className="hover-card" style={{ left: Math.min(x + 12, (window.innerWidth || 1200) - 420), top: Math.max(0, y - 70) }}>
      <div className="muted">
        {formatClock(seg.startMs, 100)} – {formatClock(seg.endMs, 100)} · {seg.speaker ?? '—'}
      </div>
      <div>{seg.text}</div>
      {p && (
        <div className="muted">
          {t('head.text')} {textScore === null ? '—' : `${f(textScore)} ${fmtInterval(textScore, p.spread.text)}`} · {t('head.audio')} {f(p.scores.audio)} {fmtInterval(p.scores.audio, p.spread.audio)} · {t('head.video')} {face === null ? t('tl.noVideoDash') : `${f(face)} ${fmtInterval(face, p.spread.video)}`} · {t('head.fused')} {f(p.scores.fused)} {fmtInterval(p.scores.fused, p.spread.fused)} (80 %)
        </div>
      )}
      {l && <div>{t('tl.analyst')} {f(l.score)}{l.note ? ` — ${l.note}` : ''}</div>}
    </div>
  );
}
