import type { Command } from 'commander';
import path from 'node:path';
import { AttuneError } from '../../shared/errors';
import { ExportFormatSchema } from '../../shared/contract/schemas';
import { LANGUAGES, LanguageSchema } from '../../shared/text/language';
import { EXPORT_ANNOTATORS, ExportAnnotatorsSchema } from '../../shared/contract/jobs';
import { EXPORT_FORMATS } from '../../shared/types';
import { labelFormatOfFile } from '../../shared/export-files';
import { call, printJson, withService, type GlobalOptions } from '../context';
import { UNKNOWN_ANNOTATOR, goldRuleFromText, goldRuleText } from '../../shared/contract/annotators';

/** --annotator, else $ATTUNE_ANNOTATOR; neither: the label is stored as the unknown annotator's. */
const annotatorOf = (opts: { annotator?: string }) => {
  // An explicit --annotator '' is passed on, for the contract to refuse, rather than read as no name.
  const name = opts.annotator ?? (process.env.ATTUNE_ANNOTATOR || undefined);
  return name !== undefined ? { annotator: name } : {};
};

export function registerProjectCommands(program: Command): void {
  program
    .command('import')
    .description('import a recording (mp4/mov/mkv/webm/m4a/wav/mp3) with an optional transcript')
    .argument('<media>', 'media file')
    .option('--transcript <file>', 'transcript: .vtt .srt .json (Whisper/WhisperX) .eaf .TextGrid .csv')
    .option('--language <code>', `the recording's language: ${LANGUAGES.join('|')} (default: detected from the transcript)`)
    .action(async (media: string, opts: GlobalOptions & { transcript?: string; language?: string }) => {
      // Checked before the project is opened, so a wrong value creates and changes nothing.
      const language = opts.language === undefined ? undefined : LanguageSchema.safeParse(opts.language);
      if (language && !language.success) throw new AttuneError('USAGE', `--language must be ${LANGUAGES.join(' or ')}, got '${opts.language}'`);
      await withService(opts, async (svc) => {
        process.stderr.write(`importing ${media}${opts.transcript ? ` with ${opts.transcript}` : ''}\n`);
        const res = await call(svc, 'importRecording', { mediaPath: media, transcriptPath: opts.transcript ?? null, ...(language ? { language: language.data } : {}) });
        if (opts.json) printJson(res);
        else process.stdout.write(`imported ${res.recordingId}: ${res.segments} segments\n`);
      }, { create: true });
    });

  program
    .command('recordings')
    .description('list the recordings of the project')
    .action(async (opts: GlobalOptions) => {
      await withService(opts, async (svc) => {
        const recs = await call(svc, 'listRecordings', {});
        if (opts.json) printJson(recs);
        else for (const r of recs) process.stdout.write(`${r.id}\t${(r.durationMs / 1000).toFixed(1)}s\t${r.language}\t${r.name}\n`);
      });
    });

  program
    .command('segments')
    .description('list segments')
    .option('--recording <id>', 'only this recording')
    .action(async (opts: GlobalOptions & { recording?: string }) => {
      await withService(opts, async (svc) => {
        const segs = await call(svc, 'listSegments', opts.recording ? { recordingId: opts.recording } : {});
        if (opts.json) printJson(segs);
        else for (const s of segs) process.stdout.write(`${s.id}\t${s.startMs}\t${s.endMs}\t${s.speaker ?? ''}\t${s.text}\n`);
      });
    });

  program
    .command('label')
    .description('set the analyst score of a segment (-3..3)')
    .argument('<segmentId>')
    .argument('<score>', 'a number in [-3, 3]')
    .option('--note <text>', 'optional note')
    .option('--annotator <name>', `who labels (default: $ATTUNE_ANNOTATOR, else '${UNKNOWN_ANNOTATOR}')`)
    .action(async (segmentId: string, scoreText: string, opts: GlobalOptions & { note?: string; annotator?: string }) => {
      const score = Number(scoreText);
      if (!/^[-+]?\d+(\.\d+)?$/.test(scoreText.trim()) || !Number.isFinite(score) || score < -3 || score > 3) {
        throw new AttuneError('USAGE', `score must be a number in [-3, 3], got '${scoreText}'`);
      }
      await withService(opts, async (svc) => {
        const label = await call(svc, 'setLabel', { segmentId, score, note: opts.note ?? null, ...annotatorOf(opts) });
        if (opts.json) printJson(label);
        else process.stdout.write(`labelled ${label.segmentId} ${label.score}\n`);
      });
    });

  program
    .command('labels')
    .description("list the current labels (the project's, or with --annotator one annotator's own)")
    .option('--annotator <name>', "only this annotator's own current labels")
    .action(async (opts: GlobalOptions & { annotator?: string }) => {
      await withService(opts, async (svc) => {
        const labels = await call(svc, 'listLabels', opts.annotator ? { annotator: opts.annotator } : {});
        // Every field always there: a label without a note has `note: null`, not a missing key.
        const out = labels.map((l) => ({ segmentId: l.segmentId, score: l.score, note: l.note ?? null, updatedAt: l.updatedAt }));
        if (opts.json) printJson(out);
        else for (const l of out) process.stdout.write(`${l.segmentId}\t${l.score}\t${l.updatedAt}\n`);
      });
    });

  program
    .command('annotators')
    .description('list who has labelled in this project')
    .action(async (opts: GlobalOptions) => {
      await withService(opts, async (svc) => {
        const rows = await call(svc, 'listAnnotators', {});
        if (opts.json) printJson(rows);
        else for (const r of rows) process.stdout.write(`${r.annotator}\t${r.labels}\t${r.lastAt}\n`);
      });
    });

  program
    .command('import-labels')
    .description('import labels made elsewhere as another annotator: an Attune CSV/JSON export (by segment id) or an EAF/TextGrid/WebVTT file with numeric labels (by time); all or nothing unless --partial')
    .argument('<file>')
    .requiredOption('--annotator <name>', 'whose labels these are')
    .option('--format <format>', `${EXPORT_FORMATS.join('|')} (default: from the extension; .csv is read as an Attune CSV)`)
    .option('--recording <id>', 'the recording the times refer to (EAF, TextGrid, WebVTT; needed when the project has several)')
    .option('--partial', 'import the labels that match a segment and list the others, instead of refusing the file')
    .option('--from <name>', "which labels of a file with several sets (an export with --annotators all): an EAF/TextGrid tier (sentiment:NAME), a CSV column (score:NAME), a JSON annotator (NAME); default the gold labels")
    .action(async (file: string, opts: GlobalOptions & { annotator: string; format?: string; recording?: string; partial?: boolean; from?: string }) => {
      const format = ExportFormatSchema.safeParse(opts.format ?? labelFormatOfFile(file) ?? undefined);
      if (!format.success) throw new AttuneError('USAGE', `cannot tell the format of '${file}'; give --format ${EXPORT_FORMATS.join('|')}`);
      await withService(opts, async (svc) => {
        const r = await call(svc, 'importLabels', {
          path: path.resolve(file),
          format: format.data,
          annotator: opts.annotator,
          ...(opts.recording ? { recordingId: opts.recording } : {}),
          ...(opts.partial ? { partial: true } : {}),
          ...(opts.from !== undefined ? { from: opts.from } : {}),
        });
        if (opts.json) return printJson(r);
        process.stdout.write(`imported ${r.imported} labels as ${r.annotator}\n`);
        for (const u of r.unmatched) process.stderr.write(`not imported (no segment): ${u}\n`);
      });
    });

  program
    .command('gold-rule')
    .description("show or set which label tuning, exports and the queue use when several annotators labelled a segment: latest (default), mean, median or annotator:NAME")
    .argument('[rule]')
    .action(async (ruleText: string | undefined, opts: GlobalOptions) => {
      const rule = ruleText === undefined ? undefined : goldRuleFromText(ruleText);
      if (rule === null) throw new AttuneError('USAGE', `gold rule must be latest, mean, median or annotator:NAME, got '${ruleText}'`);
      await withService(opts, async (svc) => {
        const r = rule ? await call(svc, 'setGoldRule', { rule }) : await call(svc, 'goldRule', {});
        if (opts.json) printJson(r);
        else process.stdout.write(`${goldRuleText(r)}\n`);
      });
    });

  program
    .command('blind')
    .description("show or set blind labelling: while on, the workbench shows each analyst only their own labels (not others' nor the gold label) and hides agreement")
    .argument('[state]', 'on|off')
    .action(async (state: string | undefined, opts: GlobalOptions) => {
      if (state !== undefined && state !== 'on' && state !== 'off') throw new AttuneError('USAGE', `blind takes on or off, got '${state}'`);
      await withService(opts, async (svc) => {
        const r = state === undefined ? await call(svc, 'blindLabelling', {}) : await call(svc, 'setBlindLabelling', { blind: state === 'on' });
        if (opts.json) printJson(r);
        else process.stdout.write(`${r.blind ? 'on' : 'off'}\n`);
      });
    });

  program
    .command('agreement')
    .description("agreement between annotators on the segments both labelled: Pearson r, Lin's CCC, MAE, Krippendorff's alpha (interval), weighted kappa (7 classes), bootstrap 95 % intervals")
    .option('--recording <id>', 'only this recording')
    .action(async (opts: GlobalOptions & { recording?: string }) => {
      await withService(opts, async (svc) => {
        const r = await call(svc, 'agreement', opts.recording ? { recordingId: opts.recording } : {});
        if (opts.json) return printJson(r);
        const f = (x: number | null) => (x === null ? '—' : x.toFixed(3));
        const ci = (c: [number, number] | null) => (c ? ` [${c[0].toFixed(2)}, ${c[1].toFixed(2)}]` : '');
        process.stdout.write(`${r.annotators.length} annotators, ${r.items} segments labelled by two or more; Krippendorff's alpha (interval) ${f(r.overallAlpha)}\n`);
        for (const p of r.pairs) {
          process.stdout.write(
            `${p.a} vs ${p.b}: n ${p.n}  r ${f(p.pearson)}${ci(p.ci95.pearson)}  CCC ${f(p.ccc)}${ci(p.ci95.ccc)}  MAE ${f(p.mae)}${ci(p.ci95.mae)}  alpha ${f(p.alpha)}${ci(p.ci95.alpha)}  kappa ${f(p.kappa)}${ci(p.ci95.kappa)}\n`,
          );
        }
        if (r.perRecording.length > 1) process.stdout.write('alpha per recording:\n');
        if (r.perRecording.length > 1) for (const g of r.perRecording) process.stdout.write(`  ${g.name}\talpha ${f(g.alpha)}\tn ${g.items}\n`);
        if (r.disputed.length) process.stdout.write('most disputed:\n');
        for (const d of r.disputed.slice(0, 10)) process.stdout.write(`  ${d.segmentId}\t${d.range.toFixed(1)}\t${Object.entries(d.scores).map(([a, s]) => `${a} ${s}`).join(', ')}\n`);
      });
    });

  program
    .command('export')
    .description(`export segments and labels (${EXPORT_FORMATS.join('|')})`)
    .requiredOption('--format <format>', EXPORT_FORMATS.join('|'))
    .requiredOption('--out <file>', 'destination file')
    .option('--recording <id>', 'only this recording (EAF, TextGrid and WebVTT hold one timeline)')
    .option('--force', 'replace FILE if it exists (never the project database, its folders or a recording\'s files)')
    .option('--scores', "include the model's scores: fused and per head with sd and 80 % interval, confidence, model version (csv, json; eaf, textgrid: model:* tiers)")
    .option('--annotators <which>', "gold: the gold label only (default); all: every annotator's own labels too (eaf, textgrid: a sentiment:NAME tier each; csv: a score:NAME column each; json: annotatorLabels)", 'gold')
    .action(async (opts: GlobalOptions & { format: string; out: string; recording?: string; force?: boolean; scores?: boolean; annotators: string }) => {
      const format = ExportFormatSchema.safeParse(opts.format);
      if (!format.success) throw new AttuneError('USAGE', `unknown format '${opts.format}'; one of ${EXPORT_FORMATS.join(', ')}`);
      const annotators = ExportAnnotatorsSchema.safeParse(opts.annotators);
      if (!annotators.success) throw new AttuneError('USAGE', `--annotators must be ${EXPORT_ANNOTATORS.join(' or ')}, got '${opts.annotators}'`);
      await withService(opts, async (svc) => {
        const res = await call(svc, 'exportLabels', {
          format: format.data,
          // Relative to where the command runs (the service would resolve it against the project).
          outPath: path.resolve(opts.out),
          recordingId: opts.recording,
          ...(opts.force ? { overwrite: true } : {}),
          ...(opts.scores ? { includeScores: true } : {}),
          ...(annotators.data === 'all' ? { annotators: 'all' as const } : {}),
        });
        if (opts.json) printJson(res);
        else process.stdout.write(`wrote ${res.path} (${res.segments} segments)\n`);
      });
    });
}
