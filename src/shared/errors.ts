/**
 * Errors that cross a boundary carry a code plus, for bad input, the file and place. The CLI maps
 * codes to exit statuses (usage 2, everything else 1); the UI shows `message` as is.
 */
export type ErrorCode = 'BAD_INPUT' | 'USAGE' | 'NOT_FOUND' | 'CANCELLED' | 'CONFLICT' | 'INTERNAL' | 'NO_TOOL';

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  file?: string;
  line?: number;
}

export class AttuneError extends Error {
  readonly code: ErrorCode;
  readonly file?: string;
  readonly line?: number;

  constructor(code: ErrorCode, message: string, where: { file?: string; line?: number } = {}) {
    super(formatWhere(message, where));
    this.name = 'AttuneError';
    this.code = code;
    this.file = where.file;
    this.line = where.line;
  }

  toPayload(): ErrorPayload {
    return { code: this.code, message: this.message, file: this.file, line: this.line };
  }
}

/** Bad input: always names the file, and the line when there is one. */
export class InputError extends AttuneError {
  constructor(file: string, message: string, line?: number) {
    super('BAD_INPUT', message, { file, line });
    this.name = 'InputError';
  }
}

export class CancelledError extends AttuneError {
  constructor(message = 'cancelled') {
    super('CANCELLED', message);
    this.name = 'CancelledError';
  }
}

function formatWhere(message: string, where: { file?: string; line?: number }): string {
  if (!where.file) return message;
  const place = where.line !== undefined ? `${where.file}:${where.line}` : where.file;
  return message.startsWith(place) ? message : `${place}: ${message}`;
}

export function toErrorPayload(err: unknown): ErrorPayload {
  if (err instanceof AttuneError) return err.toPayload();
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message };
}
