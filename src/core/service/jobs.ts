/**
 * Long work runs as a job: persisted in the project, reporting stage / done / total / ETA and
 * numbers (epoch, loss) as events, cancellable through an AbortSignal from any adapter.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { JOBS, JobSchema, type Job, type JobKind, type JobParams, type JobParamsIn, type JobResult } from '../../shared/contract';
import { AttuneError, CancelledError, toErrorPayload } from '../../shared/errors';
import type { Db } from '../store/db';
import { nowIso } from '../store/db';
import { finishJob, insertJob, markInterrupted, openJobs, recentJobs } from '../store/jobs';
import type { EventHub } from './events';
import { currentOwner, ownerAlive, type ProcessOwner } from './process-owner';

export type { Job, JobKind };

export interface JobContext {
  signal: AbortSignal;
  progress(stage: string, done: number, total: number, metrics?: Record<string, number>, etaMs?: number | null): void;
  message(text: string): void;
}

/** A job kind's work: its parameters checked against the contract (contract/jobs.ts), its result checked on return. */
export type JobHandler<K extends JobKind> = (params: JobParams<K>, ctx: JobContext) => Promise<JobResult<K>>;

/** A registered handler, its kind's params checked on the way in (register wraps each). */
type Checked = (params: unknown, ctx: JobContext) => Promise<unknown>;

/** A job while it runs or as stored: the common fields, and its result once done (typed where read: Job). */
type LiveJob = Omit<Job, 'result'> & { result?: unknown; controller: AbortController; promise: Promise<unknown> };

/** A schema's check: params from any client are a usage error naming the field; a result that fails is ours. */
function checked<S extends z.ZodType>(schema: S, value: unknown, code: 'USAGE' | 'INTERNAL', what: string): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new AttuneError(code, `invalid ${what}: ${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
  }
  return r.data;
}

/** Each kind's two checks, typed by that kind (indexed by a generic kind they stay correlated). */
type Checks = { [K in JobKind]: { params: (v: unknown) => JobParams<K>; result: (v: unknown) => JobResult<K> } };
const checks = <P extends z.ZodType, R extends z.ZodType>(kind: JobKind, spec: { params: P; result: R }) => ({
  params: (v: unknown): z.output<P> => checked(spec.params, v, 'USAGE', `${kind} job params`),
  result: (v: unknown): z.output<R> => checked(spec.result, v, 'INTERNAL', `${kind} job result`),
});
const CHECKS: Checks = { import: checks('import', JOBS.import), analyze: checks('analyze', JOBS.analyze), tune: checks('tune', JOBS.tune), export: checks('export', JOBS.export) };

/** A job as the contract types it: its result already checked against its kind's schema, so this only copies. */
const asJob = ({ controller: _c, promise: _p, ...j }: Partial<Pick<LiveJob, 'controller' | 'promise'>> & Omit<LiveJob, 'controller' | 'promise'>): Job => JobSchema.parse(j);

export class JobRunner {
  private jobs = new Map<string, LiveJob>();
  private handlers = new Map<JobKind, Checked>();

  constructor(
    private readonly db: Db,
    private readonly events: EventHub,
  ) {
    // Jobs that were running when their process died are marked so, not left "running" forever;
    // one that another live process is running (`attune analyze` beside an open window) is not.
    for (const j of openJobs(db)) if (!j.owner_json || !ownerAlive(JSON.parse(j.owner_json) as ProcessOwner)) markInterrupted(db, j.id);
  }

  register<K extends JobKind>(kind: K, handler: JobHandler<K>): void {
    this.handlers.set(kind, (params, ctx) => handler(CHECKS[kind].params(params), ctx));
  }

  /**
   * Starts a job of `kind`. Its params are checked against the contract here, for every adapter (a
   * usage error naming the field, before any job exists); its result when the handler returns.
   */
  start<K extends JobKind>(kind: K, params: JobParamsIn<K>): { jobId: string; done: Promise<JobResult<K>> } {
    const handler = this.handlers.get(kind);
    if (!handler) throw new AttuneError('USAGE', `no handler for job kind '${kind}'`);
    const check = CHECKS[kind];
    const input = check.params(params);
    const id = `job-${randomUUID().slice(0, 8)}`;
    const controller = new AbortController();
    const startedAt = nowIso();
    const t0 = Date.now();
    const job: Omit<LiveJob, 'controller' | 'promise'> = { id, kind, state: 'running', stage: 'starting', done: 0, total: 0, etaMs: null, message: null, startedAt, finishedAt: null, metrics: {} };
    insertJob(this.db, { id, kind, state: 'running', stage: job.stage, paramsJson: JSON.stringify(input), startedAt, ownerJson: JSON.stringify(currentOwner()) });
    let lastEmit = 0;
    const emit = (force = false) => {
      const now = Date.now();
      if (!force && now - lastEmit < 100) return;
      lastEmit = now;
      this.events.emit({ type: 'job', job: asJob(job) });
    };
    let stageStart = t0;
    const ctx: JobContext = {
      signal: controller.signal,
      progress: (stage, done, total, metrics, etaMs) => {
        if (stage !== job.stage) stageStart = Date.now();
        job.stage = stage;
        job.done = done;
        job.total = total;
        if (metrics) job.metrics = { ...job.metrics, ...metrics };
        const elapsed = Date.now() - stageStart;
        // A handler that measures its own pace (tuning: epoch times) says so; else linear in this stage.
        job.etaMs = etaMs !== undefined ? etaMs : done > 0 && total > done ? Math.round((elapsed / done) * (total - done)) : done >= total && total > 0 ? 0 : null;
        emit();
      },
      message: (text) => {
        job.message = text;
        emit(true);
      },
    };
    const promise = (async () => {
      try {
        // A handler that returns has committed its work, even if a cancel came too late to stop it:
        // reporting that as cancelled would hide a change that happened (a tuned version activated).
        const result = check.result(await handler(input, ctx));
        job.state = 'done';
        job.result = result;
        job.etaMs = 0;
        return result;
      } catch (err) {
        const cancelled = controller.signal.aborted || err instanceof CancelledError;
        job.state = cancelled ? 'cancelled' : 'failed';
        job.message = cancelled ? 'cancelled' : toErrorPayload(err).message;
        throw err;
      } finally {
        job.finishedAt = nowIso();
        finishJob(this.db, id, { state: job.state, stage: job.stage, done: job.done, total: job.total, message: job.message, resultJson: job.result === undefined ? null : JSON.stringify(job.result), finishedAt: job.finishedAt });
        emit(true);
      }
    })();
    promise.catch(() => {});
    // The live object itself goes in the map, so list() sees progress as it happens.
    this.jobs.set(id, Object.assign(job, { controller, promise }));
    emit(true);
    return { jobId: id, done: promise };
  }

  cancel(jobId: string): { jobId: string; state: string } {
    const job = this.jobs.get(jobId);
    if (!job) throw new AttuneError('NOT_FOUND', `no running job '${jobId}'`);
    if (job.state === 'running') job.controller.abort();
    return { jobId, state: job.state === 'running' ? 'cancelling' : job.state };
  }

  list(): Job[] {
    const live = [...this.jobs.values()].map(asJob);
    const liveIds = new Set(live.map((j) => j.id));
    const past = recentJobs(this.db)
      .filter((r) => !liveIds.has(r.id as string))
      .map(
        (r): Job =>
          JobSchema.parse({
            id: r.id,
            kind: r.kind,
            state: r.state,
            stage: r.stage,
            done: r.done,
            total: r.total,
            etaMs: null,
            message: r.message ?? null,
            startedAt: r.started_at,
            finishedAt: r.finished_at ?? null,
            metrics: {},
          }),
      );
    return [...live, ...past];
  }

  async cancelAll(): Promise<void> {
    for (const j of this.jobs.values()) if (j.state === 'running') j.controller.abort();
    await Promise.allSettled([...this.jobs.values()].map((j) => j.promise));
  }
}
