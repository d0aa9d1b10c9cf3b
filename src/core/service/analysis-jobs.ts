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

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined);

export function bindAnalysis(svc: JobHost): void {
  // Provider fallback notices reach every client once, as an event.
  setNoticeSink((message) => svc.events.emit({ type: 'notice', notice: { kind: 'provider', message } }));
  const ep = (params: Record<string, unknown>) => (typeof params.ep === 'string' ? (params.ep as ExecutionProvider) : svc.ep);
  svc.jobs.register('analyze', async (params, ctx) => {
    const res = await analyzeProject(svc.db, {
      ep: ep(params),
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
      epochs: num(params.epochs),
      alpha: num(params.alpha),
      ulgm: typeof params.ulgm === 'boolean' ? params.ulgm : undefined,
      cpc: typeof params.cpc === 'boolean' ? params.cpc : undefined,
      activate: params.activate === 'always' ? 'always' : 'if-better',
      curve: params.curve !== false,
      ep: ep(params),
      signal: ctx.signal,
      onProgress: (s, d, t, m, eta) => ctx.progress(s, d, t, m, eta),
    });
    svc.events.emit({ type: 'changed', what: 'models' });
    svc.events.emit({ type: 'changed', what: 'predictions' });
    return res;
  });
}
