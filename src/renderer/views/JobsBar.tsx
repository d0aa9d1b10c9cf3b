import { useEffect, useState } from 'react';
import { cancelJob } from '../state/controller';
import { dismissNotice, useStore, type Job } from '../state/store';
import { isKey, t, type Key } from '../i18n';

const ACTIVE: Job['state'][] = ['queued', 'running'];

/** Always on screen: every long job with its progress and a cancel button, whatever the view. */
export function JobsBar() {
  const jobs = useStore((s) => s.jobs);
  const [, tick] = useState(0);
  const active = [...jobs.values()].filter((j) => ACTIVE.includes(j.state));
  const recent = [...jobs.values()]
    .filter((j) => !ACTIVE.includes(j.state) && j.finishedAt && Date.now() - Date.parse(j.finishedAt) < 15_000)
    .slice(-2);

  // Finished jobs fade out of the bar after a while; re-render so they do.
  useEffect(() => {
    if (recent.length === 0) return;
    const t = setTimeout(() => tick((n) => n + 1), 5000);
    return () => clearTimeout(t);
  });

  if (active.length === 0 && recent.length === 0) return null;
  return (
    <div className="jobs-bar" data-testid="job-progress" aria-live="polite">
      {[...active, ...recent].map((j) => (
        <JobLine key={j.id} job={j} />
      ))}
    </div>
  );
}

function JobLine({ job }: { job: Job }) {
  const pct = job.total > 0 ? Math.min(100, (job.done / job.total) * 100) : null;
  const m = job.metrics ?? {};
  const bits: string[] = [];
  if (m.epoch !== undefined) bits.push(t('job.epoch', { n: `${m.epoch}${m.epochs !== undefined ? `/${m.epochs}` : ''}` }));
  if (m.loss !== undefined) bits.push(t('job.loss', { v: m.loss.toFixed(4) }));
  if (m.validMae !== undefined) bits.push(t('job.validMae', { v: m.validMae.toFixed(3) }));
  // Jobs may scale done/total (e.g. folds × epochs × 1000), so the share is what reads well.
  if (pct !== null) bits.push(`${Math.floor(pct)}%`);
  if (job.etaMs !== null && ACTIVE.includes(job.state)) bits.push(t('job.eta', { eta: formatEta(job.etaMs) }));
  // Tuning times whole trainings before it estimates (a cold training's first epochs, and a process's first training, mislead).
  else if (job.kind === 'tune' && job.state === 'running' && m.epoch !== undefined) bits.push(t('job.etaLater'));
  return (
    <div className={`job job-${job.state}`} data-job-id={job.id} data-kind={job.kind} data-state={job.state} data-eta-ms={job.etaMs ?? undefined}>
      <strong>{jobKind(job.kind)}</strong>
      <span className="job-stage" data-i18n="backend">{job.stage}</span>
      <span className="job-bar" role="progressbar" aria-label={t('job.progressAria', { kind: jobKind(job.kind) })} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct ?? undefined}>
        <span style={{ width: `${pct ?? 0}%` }} className={pct === null ? 'indeterminate' : undefined} />
      </span>
      <span className="job-metrics">{bits.join(' · ')}</span>
      {ACTIVE.includes(job.state) ? (
        <button type="button" data-testid="job-cancel" onClick={() => void cancelJob(job.id)}>
          {t('common.cancel')}
        </button>
      ) : (
        <span className="job-end">{job.state === 'done' || job.state === 'cancelled' ? jobState(job.state) : t('job.failed', { message: job.message ?? '' })}</span>
      )}
    </div>
  );
}

function formatEta(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s >= 60 ? t('job.minSec', { m: Math.floor(s / 60), s: s % 60 }) : t('job.sec', { s });
}

/** A job kind or state in words; one the catalogue does not know (a newer backend's) as it came. */
export function jobKind(kind: string): string {
  const k = `job.kind.${kind}`;
  return hasKey(k) ? t(k) : kind;
}

export function jobState(state: string): string {
  const k = `job.state.${state}`;
  return hasKey(k) ? t(k) : state;
}

function hasKey(k: string): k is Key {
  return isKey(k);
}

export function Notices() {
  const notices = useStore((s) => s.notices);
  if (notices.length === 0) return null;
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.slice(-4).map((n) => (
        <div key={n.id} className={`notice notice-${n.kind}`} data-testid={`notice-${n.kind}`}>
          <span>{n.message}</span>
          <button type="button" aria-label={t('notice.dismiss')} title={t('notice.dismiss')} onClick={() => dismissNotice(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
