import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { confusion7, evalPlotSvg, lineChartSvg, reliabilitySvg } from './plot';

function wellFormed(svgText: string): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'attune-plot-'));
  try {
    const file = path.join(dir, 'p.svg');
    writeFileSync(file, svgText);
    execFileSync('xmllint', ['--noout', file]); // throws on malformed XML
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('SVG plots', () => {
  it('confusion matrix uses Acc-7 classes (numpy rounding, clipped)', () => {
    const m = confusion7([2.5, -4, 0.4, 1.6], [2.4, -2.6, -0.5, 3.9]);
    expect(m[5][5]).toBe(1); // true 2.4 -> 2, pred 2.5 -> 2 (half to even)
    expect(m[0][0]).toBe(1); // -2.6 -> -3, -4 clipped -> -3
    expect(m[3][3]).toBe(1); // -0.5 -> -0, 0.4 -> 0
    expect(m[6][5]).toBe(1); // 3.9 clipped -> 3, 1.6 -> 2
    expect(m.flat().reduce((a, b) => a + b, 0)).toBe(4);
  });

  it('writes a well-formed scatter + confusion SVG with one point per row', () => {
    const pred = [-1, 0.2, 1.7, 2.9, -2.2];
    const truth = [-1.4, 0, 2, 3, -1.8];
    const s = evalPlotSvg(pred, truth, 'MOSI <dev>');
    wellFormed(s);
    expect(s.match(/<circle /g)).toHaveLength(5);
    expect(s).toContain('MOSI &lt;dev&gt; (n = 5)');
    const counts = [...s.matchAll(/class="count"[^>]*>(\d+)</g)].map((x) => Number(x[1]));
    expect(counts).toHaveLength(49);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(5);
  });

  it('writes line charts with a path per series, skipping missing values', () => {
    const s = lineChartSvg(
      [
        { name: 'supervised', points: [{ x: 10, y: 1.4 }, { x: 20, y: 1.2 }, { x: 50, y: NaN }] },
        { name: '+ULGM+CPC', points: [{ x: 10, y: 1.3 }, { x: 20, y: 1.1 }, { x: 50, y: 0.9 }] },
      ],
      { title: 'Learning curve', xLabel: 'labels', yLabel: 'MAE', logX: true },
    );
    wellFormed(s);
    expect(s.match(/class="series"/g)).toHaveLength(2);
    expect(s.match(/<circle /g)).toHaveLength(5);
  });

  it('writes a well-formed reliability diagram: axes, diagonal, legend, one point per level and series', () => {
    const levels = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
    const s = reliabilitySvg(
      [
        { name: 'fused (n = 20, 80 %: 75.0 %)', points: levels.map((level) => ({ level, observed: Math.min(1, level * 0.9) })) },
        { name: 'text <MOSI>', points: levels.map((level) => ({ level, observed: level })) },
      ],
      'dev: reliability',
    );
    wellFormed(s);
    expect(s).toContain('id="diagonal"');
    expect(s).toContain('observed coverage (%)');
    expect(s).toContain('expected coverage of the central interval (%)');
    expect(s).toContain('ideal (observed = expected)');
    expect(s).toContain('text &lt;MOSI&gt;');
    expect(s.match(/class="series"/g)).toHaveLength(2);
    expect(s.match(/<circle /g)).toHaveLength(18);
    // 80 % nominal at x = 60 + 0.8 * 300 = 300; 72 % observed at y = 40 + 300 - 0.72 * 300 = 124
    expect(s).toContain('cx="300" cy="124"');
    const empty = reliabilitySvg([]);
    wellFormed(empty);
    expect(empty).toMatch(/no head has a predictive spread/);
  });
});
