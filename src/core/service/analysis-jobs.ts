/** The service registers analysis and tuning as jobs, so every adapter can start and cancel them. */
import { setNoticeSink } from '../models/runtime';
import type { ExecutionProvider } from '../../shared/types';
import { analyzeProject } from '../analysis/analyze';
import { tuneProject } from '../analysis/tune';
import type { Db } from '../store/db';
import type { EventHub } from './events';
import type { JobRunner } from './jobs';

/** What the jobs need of the service (its own types, so this file does not import index.ts back). */
interface JobHost {
  readonly dir: string;
  readonly db: Db;
  readonly events: EventHub;
  readonly jobs: JobRunner;
  ep: ExecutionProvider;
}

export function bindAnalysis(svc: JobHost): void {
  // Provider fallback notices reach every client once, as an event.
  setNoticeSink((message) => svc.events.emit({ type: 'notice', notice: { kind: 'provider', message } }));
  // Params arrive checked against the contract (contract/jobs.ts: AnalyzeParams, TuneParams).
  svc.jobs.register('analyze', async (params, ctx) => {
    const res = await analyzeProject(svc.db, {
      ep: params.ep ?? svc.ep,
      signal: ctx.signal,
      onProgress: (s, d, t) => ctx.progress(s, d, t),
      onWarning: (message) => svc.events.emit({ type: 'notice', notice: { kind: 'warning', message } }),
    });
    svc.events.emit({ type: 'changed', what: 'predictions' });
    svc.events.emit({ type: 'changed', what: 'models' });
    return { predicted: res.predicted, modelVersion: res.modelVersion, computed: res.features.computed, ...(res.features.warnings.length ? { warnings: res.features.warnings } : {}) };
  });
  svc.jobs.register('tune', async (params, ctx) => {
    const res = await tuneProject(svc.db, {
      projectDir: svc.dir,
      epochs: params.epochs,
      alpha: params.alpha,
      ulgm: params.ulgm,
      cpc: params.cpc,
      activate: params.activate ?? 'if-better',
      curve: params.curve !== false,
      ep: params.ep ?? svc.ep,
      signal: ctx.signal,
      onProgress: (s, d, t, m, eta) => ctx.progress(s, d, t, m, eta),
    });
    svc.events.emit({ type: 'changed', what: 'models' });
    svc.events.emit({ type: 'changed', what: 'predictions' });
    return res;
  });
}
