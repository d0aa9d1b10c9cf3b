import { t } from '../i18n';
import { ApiError } from './transport';

/**
 * Never replaces a file without asking: the first request goes without `overwrite`; when the
 * backend answers CONFLICT (the destination exists) the analyst is asked, and only a yes sends
 * it again with `overwrite: true`. Returns null when the analyst said no.
 */
export async function askBeforeOverwrite<T>(send: (overwrite: boolean) => Promise<T>, ask: (question: string) => boolean | Promise<boolean>): Promise<T | null> {
  try {
    return await send(false);
  } catch (err) {
    if (!(err instanceof ApiError) || err.code !== 'CONFLICT') throw err;
    if (!(await ask(t('export.replace', { file: err.file ?? t('export.destination') })))) return null;
    return send(true);
  }
}
