import type { JobKind, JobParamsIn, JobResult } from '../shared/contract';
import type { AttuneService } from '../core/service';
import { progressPrinter } from './context';

/** Runs a service job from the CLI: progress on stderr, Ctrl-C cancels it cleanly; the result typed by its kind (contract/jobs.ts). */
export async function runJob<K extends JobKind>(svc: AttuneService, kind: K, params: JobParamsIn<K>): Promise<JobResult<K>> {
  const print = progressPrinter(kind);
  const off = svc.events.on((e) => {
    if (e.type === 'job' && e.job.kind === kind && e.job.state === 'running') {
      const m = Object.entries(e.job.metrics ?? {}).map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(4)}`).join(', ');
      print(m ? `${e.job.stage} [${m}]` : e.job.stage, e.job.done, e.job.total, e.job.etaMs);
    }
    if (e.type === 'notice') process.stderr.write(`attune: ${e.notice.message}\n`);
  });
  const { jobId, done } = svc.jobs.start(kind, params);
  const onSig = () => {
    process.stderr.write(`\nattune: cancelling ${kind}…\n`);
    svc.jobs.cancel(jobId);
  };
  process.once('SIGINT', onSig);
  process.once('SIGTERM', onSig);
  try {
    return await done;
  } finally {
    off();
    process.off('SIGINT', onSig);
    process.off('SIGTERM', onSig);
  }
}
