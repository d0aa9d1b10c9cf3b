import path from 'node:path';
import type { AttuneService } from '../core/service';
import type { Method, Req, Res } from '../shared/contract';

export interface GlobalOptions {
  project?: string;
  json?: boolean;
}

export const DEFAULT_PROJECT = 'attune-project';

export function projectDir(opts: GlobalOptions): string {
  return path.resolve(opts.project ?? DEFAULT_PROJECT);
}

/**
 * Opens the project service for one command and closes it afterwards, whatever happens. Only
 * commands that add to a project (`import`) create it; the others refuse a folder without one.
 * A command that created the project and then failed leaves no project behind.
 */
export async function withService<T>(opts: GlobalOptions, fn: (svc: AttuneService) => Promise<T>, { create = false } = {}): Promise<T> {
  // Loaded when a command runs, not when the CLI starts: `attune --help` never opens SQLite or ONNX Runtime.
  const { createService } = await import('../core/service');
  const svc = createService(projectDir(opts), { create });
  let result: T;
  try {
    result = await fn(svc);
  } catch (err) {
    await svc.discard();
    throw err;
  }
  await svc.close();
  return result;
}

/** Every CLI call goes through the contract like the other adapters do. */
export async function call<M extends Method>(svc: AttuneService, method: M, params: Req<M>): Promise<Res<M>> {
  const { dispatch } = await import('../core/dispatch');
  return (await dispatch(svc.api, method, params)) as Res<M>;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Progress lines go to stderr so stdout stays one JSON document. */
export function progressPrinter(label: string): (stage: string, done: number, total: number, etaMs?: number | null) => void {
  let last = 0;
  return (stage, done, total, etaMs) => {
    const now = Date.now();
    if (now - last < 500 && done < total) return;
    last = now;
    const pct = total > 0 ? ` ${done}/${total} (${Math.round((100 * done) / total)}%)` : '';
    const eta = etaMs && etaMs > 0 ? ` ETA ${Math.ceil(etaMs / 1000)}s` : '';
    process.stderr.write(`${label}: ${stage}${pct}${eta}\n`);
  };
}
