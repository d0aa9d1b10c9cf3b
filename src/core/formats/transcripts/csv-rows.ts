import { parse } from 'csv-parse/sync';
import { InputError } from '../../../shared/errors';

export interface CsvRow {
  record: string[];
  /** Line where the record ends (the line itself for one-line records). */
  line: number;
}

/** csv-parse with its errors turned into InputErrors on the line it reports. */
export function parseCsvRows(file: string, text: string, delimiter = ','): CsvRow[] {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, { bom: true, delimiter, skip_empty_lines: true, info: true }) as unknown as typeof rows;
  } catch (e) {
    const err = e as { message?: string; lines?: number };
    throw new InputError(file, `malformed CSV: ${err.message ?? String(e)}`, err.lines);
  }
  if (rows.length === 0) throw new InputError(file, 'empty CSV', 1);
  return rows.map((r) => ({ record: r.record, line: r.info.lines }));
}
