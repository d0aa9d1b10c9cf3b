import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { evaluateLabelFile } from '../../core/analysis/eval';
import { defaultModelDir, ensureActiveVersion } from '../../core/analysis/models';
import { DB_FILE, openProjectDb } from '../../core/store/db';
import { printJson, progressPrinter, projectDir, type GlobalOptions } from '../context';
import { abortOnSigint } from '../signals';
import { parseEp } from './features';

const ORDER = ['mae', 'corr', 'acc7', 'acc5', 'has0_acc2', 'has0_f1', 'non0_acc2', 'non0_f1', 'n'] as const;

export function registerEvalCommand(program: Command): void {
  program
    .command('eval')
    .description("metrics (MMSA definitions) of a model on a labelled label.csv")
    .argument('<labelCsv>', 'MMSA label.csv or id,text,label[,mode]')
    .option('--model <dir>', 'an exported model folder (default: the project\'s active version)')
    .option('--media <dir>', 'run the full pipeline on DIR/<video_id>/<clip_id>.<ext> or DIR/<id>.<ext>')
    .option('--mode <mode>', 'only rows of this mode (train/valid/test)')
    .option('--plot <file.svg>', 'draw predicted vs true and a confusion matrix')
    .option('--ep <provider>', 'execution provider: auto|cpu|cuda|webgpu', 'auto')
    .action(async (file: string, opts: GlobalOptions & { model?: string; media?: string; mode?: string; plot?: string; ep?: string }) => {
      const ep = parseEp(opts.ep);
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
        const m = await evaluateLabelFile(file, { modelDir, media: opts.media, mode: opts.mode, plot: opts.plot, ep, signal: stop.signal, onProgress: progressPrinter('eval') });
        const flat = Object.fromEntries(ORDER.map((k) => [k, m[k]]));
        if (opts.json) printJson(flat);
        else {
          process.stdout.write(`${m.n} rows, ${m.withMedia ? 'full pipeline' : 'text path only'}, fused head\n`);
          process.stdout.write(`MAE ${m.mae.toFixed(4)}  Corr ${m.corr.toFixed(4)}  Acc-7 ${(100 * m.acc7).toFixed(2)}  Acc-5 ${(100 * m.acc5).toFixed(2)}\n`);
          process.stdout.write(`Acc-2 Has0 ${(100 * m.has0_acc2).toFixed(2)} / Non0 ${(100 * m.non0_acc2).toFixed(2)}   F1 Has0 ${(100 * m.has0_f1).toFixed(2)} / Non0 ${(100 * m.non0_f1).toFixed(2)}\n`);
          if (opts.plot) process.stdout.write(`plot: ${opts.plot}\n`);
        }
      } finally {
        stop.dispose();
      }
    });
}
