import type { AttuneEvent, Method } from '../../shared/contract';
import type { ProjectMethod } from '../../shared/contract/project-methods';

/**
 * What the renderer needs from whichever side hosts it. Two implementations: Electron's preload
 * bridge and the browser host's WebSocket. Everything above this line is transport-agnostic.
 */
export interface Transport {
  readonly kind: 'electron' | 'browser';
  /** A project's method, or one of the shell's (recent projects: shared/contract/projects.ts). */
  call(method: Method | ProjectMethod, params: unknown): Promise<unknown>;
  /**
   * Electron only: main's folder dialog picks a project to open (added to the recent list there);
   * the window reloads on it. The browser host has none: a page may not name a folder.
   */
  chooseProjectFolder?(): Promise<string | null>;
  onEvent(cb: (event: unknown) => void): () => void;
  /** Turns a File the analyst picked or dropped into a path the backend can read. */
  serverPathFor(file: File): Promise<string>;
  /**
   * Lets the analyst choose where an export goes. Electron: a native save dialog, then the backend
   * writes there. Browser: the browser's own download/save. Returns a description of where it went,
   * or null when the analyst cancelled.
   */
  /** what: the model's scores too, every annotator's labels too (the browser's download asks the host for them). */
  saveExport(format: string, defaultName: string, write: (outPath: string) => Promise<unknown>, what?: { scores?: boolean; annotators?: 'gold' | 'all' }): Promise<string | null>;
  /** Connection state for the status bar; Electron is always 'open'. */
  onConnection(cb: (state: ConnectionState) => void): () => void;
}

export type ConnectionState = 'connecting' | 'open' | 'closed';

export type { AttuneEvent };

/** An error as the backend reported it, keeping the file and line for bad input. */
export class ApiError extends Error {
  readonly code: string;
  readonly file?: string;
  readonly line?: number;
  constructor(payload: { code: string; message: string; file?: string; line?: number }) {
    super(payload.message);
    this.name = 'ApiError';
    this.code = payload.code;
    this.file = payload.file;
    this.line = payload.line;
  }
}

export function describeError(err: unknown): string {
  if (err instanceof ApiError) {
    const place = err.file ? (err.line !== undefined ? `${err.file}:${err.line}` : err.file) : null;
    return place && !err.message.includes(place) ? `${place}: ${err.message}` : err.message;
  }
  return err instanceof Error ? err.message : String(err);
}
