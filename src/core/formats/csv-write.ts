/**
 * Every CSV Attune writes goes through `writeCsv`, which neutralises spreadsheet formula injection
 * (OWASP "CSV Injection"): a cell starting with = + - @ tab or CR, which Excel, LibreOffice and
 * Sheets would evaluate (`=HYPERLINK(...)`, `@SUM(...)`, DDE), is written with a leading `'`, so it
 * shows as the text it is. Plain numbers (`-1.5`, a negative score) are not formulas and stay as
 * they are. `restoreCell` undoes it exactly, for reading Attune's own files back.
 */
import { stringify } from 'csv-stringify/sync';

/** A leading formula character, after any quotes an earlier escape (or the text itself) put there. */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

const needsEscape = (cell: string) => FORMULA_START.test(cell) && !NUMBER.test(cell);

export function neutraliseCell(cell: string): string {
  return needsEscape(cell) ? `'${cell}` : cell;
}

/** The inverse of `neutraliseCell` (a cell it did not change is returned as is). */
export function restoreCell(cell: string): string {
  return cell.startsWith("'") && needsEscape(cell.slice(1)) ? cell.slice(1) : cell;
}

/** Rows (the header first) to CSV text with \n line ends; string cells neutralised, numbers as numbers. */
export function writeCsv(rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  return stringify(
    rows.map((r) => r.map((c) => (typeof c === 'string' ? neutraliseCell(c) : c))),
    { record_delimiter: '\n' },
  );
}
