import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { EvalReport, HeadReport } from '../../core/analysis/eval';
import { printJson, progressPrinter, projectDir, type GlobalOptions } from '../context';
import { abortOnSigint } from '../signals';
import { parseEp } from './features';
import { PROVIDERS } from '../../shared/types';

const pct = (v: number | null) => (v === null ? '–' : (100 * v).toFixed(2));
const fix = (v: number | null) => (v === null ? '–' : v.toFixed(4));

const COLUMNS: Array<[string, (r: HeadReport) => string]> = [
  ['n', (r) => String(r.n)],
  ['MAE', (r) => fix(r.mae)],
  ['Corr', (r) => fix(r.corr)],
  ['Acc-7', (r) => pct(r.acc7)],
  ['Acc-5', (r) => pct(r.acc5)],
  ['Has0 Acc-2', (r) => pct(r.has0_acc2)],
  ['Has0 F1', (r) => pct(r.has0_f1)],
  ['Non0 Acc-2', (r) => pct(r.non0_acc2)],
  ['Non0 F1', (r) => pct(r.non0_f1)],
  ['Cov80 %', (r) => pct(r.coverage80)],
  ['Width80', (r) => fix(r.meanWidth80)],
];

export function evalTable(report: EvalReport): string {
  const reports = [...Object.values(report.heads), report.selfmi];
  const labelW = Math.max(4, ...reports.map((r) => r.label.length));
  const cells = reports.map((r) => COLUMNS.map(([, get]) => get(r)));
  const widths = COLUMNS.map(([name], j) => Math.max(name.length, ...cells.map((c) => c[j].length)));
  const line = (label: string, cs: string[]) => `${label.padEnd(labelW)}  ${cs.map((c, j) => c.padStart(widths[j])).join('  ')}`.trimEnd();
  const out = [line('head', COLUMNS.map(([name]) => name))];
  reports.forEach((r, i) => out.push(r.reason === null ? line(r.label, cells[i]) : `${r.label.padEnd(labelW)}  ${r.reason}`));
  return `${out.join('\n')}\n`;
}

function groupingLine(report: EvalReport): string {
  const g = report.grouping;
  if (!g) return 'text path only (no voice or face, nothing normalised)';
  const by = g.by === 'single' ? 'all clips as one speaker' : g.by === 'speaker' ? `speaker column, ${g.speakers} speakers` : `video_id, ${g.speakers} speakers`;
  return `full pipeline; voice and face normalised per speaker (${by})`;
}

export function registerEvalCommand(program: Command): void {
  program
    .command('eval')
    .description('per-head metrics (MMSA definitions) and 80 % interval coverage of a model on a labelled label.csv')
    .argument('<labelCsv>', 'MMSA label.csv or id,text,label[,mode][,speaker]')
    .option('--model <dir>', 'an exported model folder (default: the project\'s active version)')
    .option('--media <dir>', 'run the full pipeline on DIR/<video_id>/<clip_id>.<ext> or DIR/<id>.<ext>; speakers from the speaker column, else video_id, else all clips as one')
    .option('--mode <mode>', 'only rows of this mode (train/valid/test)')
    .option('--plot <file.svg>', 'draw fused predicted vs true with a confusion matrix, and the heads\' interval reliability diagram to FILE.reliability.svg')
    .option('--predictions <file.csv>', 'write one row per item: id, truth, every head\'s score, sd and 80 % interval')
    .option('--ep <provider>', `execution provider: ${PROVIDERS.join('|')}`, 'auto')
    .action(async (file: string, opts: GlobalOptions & { model?: string; media?: string; mode?: string; plot?: string; predictions?: string; ep?: string }) => {
      const ep = parseEp(opts.ep);
      const [{ evaluateLabelFile, readLabelCsv }, { defaultModelDir, ensureActiveVersion }, { DB_FILE, openProjectDb }] = await Promise.all([
        import('../../core/analysis/eval'),
        import('../../core/analysis/models'),
        import('../../core/store/db'),
      ]);
      // A broken label file is refused before the project is touched (naming the active version writes).
      readLabelCsv(file);
      let modelDir = opts.model;
      if (!modelDir && !fs.existsSync(path.join(projectDir(opts), DB_FILE))) {
        modelDir = defaultModelDir(); // what a new project would activate, without creating one here
      } else if (!modelDir) {
        const db = openProjectDb(projectDir(opts));
        try {
          modelDir = ensureActiveVersion(db).dir;
        } finally {
          db.close();
        }
      }
      const stop = abortOnSigint();
      try {
        const report = await evaluateLabelFile(file, {
          modelDir,
          media: opts.media,
          mode: opts.mode,
          plot: opts.plot,
          predictions: opts.predictions,
          ep,
          signal: stop.signal,
          onProgress: progressPrinter('eval'),
          onNotice: (m) => process.stderr.write(`notice: ${m}\n`),
        });
        if (opts.json) printJson(report);
        else {
          process.stdout.write(`${report.rows} rows, ${groupingLine(report)}\n`);
          process.stdout.write(evalTable(report));
          process.stdout.write('Each head is scored on the rows where its modality was present (n); Cov80 = share of those rows whose label lies in the head\'s 80 % interval.\n');
          if (report.outputs.plot) process.stdout.write(`plot: ${report.outputs.plot}\nreliability diagram: ${report.outputs.reliability}\n`);
          if (report.outputs.predictions) process.stdout.write(`predictions: ${report.outputs.predictions}\n`);
        }
      } finally {
        stop.dispose();
      }
    });
}
