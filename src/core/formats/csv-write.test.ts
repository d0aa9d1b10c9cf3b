import { describe, expect, it } from 'vitest';
import { neutraliseCell, restoreCell, writeCsv } from './csv-write';

describe('writeCsv', () => {
  it('neutralises every leading formula character (OWASP) and undoes it exactly', () => {
    const hostile = ['=HYPERLINK("http://x","y")', '+1+2', '-2+3', '@SUM(A1)', '\t=1', '\r=1', "'=already quoted", "''+x", '-', '=', '@'];
    for (const cell of hostile) {
      expect(neutraliseCell(cell)).toBe(`'${cell}`);
      expect(restoreCell(neutraliseCell(cell))).toBe(cell);
    }
    const plain = ['-1.5', '+2', '-0', '1e-3', '-.5', 'hello', "it's", "'quoted'", '', ' =not leading', 'a=b'];
    for (const cell of plain) {
      expect(neutraliseCell(cell)).toBe(cell);
      expect(restoreCell(cell)).toBe(cell);
    }
  });

  it('writes quoted CSV with string cells neutralised and numbers untouched', () => {
    expect(writeCsv([['a', 'b'], ['=1+1', -2], ['x,"y"', '-1.5']])).toBe("a,b\n'=1+1,-2\n\"x,\"\"y\"\"\",-1.5\n");
  });
});
