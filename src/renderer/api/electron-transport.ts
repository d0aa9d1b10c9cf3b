import type { Method } from '../../shared/contract';
import type { ProjectMethod } from '../../shared/contract/project-methods';
import { ApiError, type ConnectionState, type Transport } from './transport';

/** What the preload script exposes (src/preload, owned by the Electron shell). */
export interface AttuneBridge {
  api: Record<string, (req: unknown) => Promise<unknown>>;
  onEvent(cb: (event: unknown) => void): () => void;
  pathForFile(file: File): Promise<string> | string;
  chooseSavePath(defaultName: string): Promise<string | null>;
  chooseProjectFolder?(): Promise<string | null>;
}

declare global {
  interface Window {
    attune?: AttuneBridge;
  }
}

export class ElectronTransport implements Transport {
  readonly kind = 'electron' as const;
  constructor(private readonly bridge: AttuneBridge) {}

  async call(method: Method | ProjectMethod, params: unknown): Promise<unknown> {
    const fn = this.bridge.api[method];
    if (typeof fn !== 'function') throw new ApiError({ code: 'USAGE', message: `The app does not expose ${method}.` });
    try {
      return await fn(params);
    } catch (err) {
      // Errors crossing contextBridge lose their class; the main process puts the payload in the message.
      throw toApiError(err);
    }
  }

  onEvent(cb: (e: unknown) => void): () => void {
    return this.bridge.onEvent(cb);
  }

  onConnection(cb: (s: ConnectionState) => void): () => void {
    cb('open');
    return () => {};
  }

  async chooseProjectFolder(): Promise<string | null> {
    if (!this.bridge.chooseProjectFolder) return null;
    try {
      return await this.bridge.chooseProjectFolder();
    } catch (err) {
      throw toApiError(err);
    }
  }

  async serverPathFor(file: File): Promise<string> {
    const p = await this.bridge.pathForFile(file);
    if (!p) throw new ApiError({ code: 'BAD_INPUT', message: `${file.name}: the app could not resolve this file's path.` });
    return p;
  }

  async saveExport(_format: string, defaultName: string, write: (outPath: string) => Promise<unknown>): Promise<string | null> {
    const outPath = await this.bridge.chooseSavePath(defaultName);
    if (!outPath) return null;
    await write(outPath);
    return outPath;
  }
}

function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const payload = (err as any)?.payload ?? tryParse(message);
  if (payload && typeof payload.message === 'string') return new ApiError(payload);
  return new ApiError({ code: 'INTERNAL', message: message.replace(/^Error invoking remote method '[^']+': (Error: )?/, '') });
}

function tryParse(s: string): any {
  const i = s.indexOf('{');
  if (i < 0) return null;
  try {
    return JSON.parse(s.slice(i));
  } catch {
    return null;
  }
}
