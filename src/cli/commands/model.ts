import type { Command } from 'commander';
import { AttuneError } from '../../shared/errors';
import { TuneParamsSchema } from '../../shared/contract';
import { formatInterval } from '../../shared/uncertainty';
import { ACTIVATION_RULE } from '../../core/analysis/tune-plan';
import { call, printJson, withService, type GlobalOptions } from '../context';
import { runJob } from '../run-job';
import { parseEp } from './features';
import { headScore } from '../../shared/presence';
import { PROVIDERS } from '../../shared/types';

const fmt = (x: number | null) => (x !== null && Number.isFinite(x) ? x.toFixed(3) : '-');

export function registerModelCommandsList(program: Command): void {
  program
    .command('analyze')
    .description('features where missing, then predictions of the active model for every segment')
    .option('--ep <provider>', `execution provider: ${PROVIDERS.join('|')}`, 'auto')
    .action(async (opts: GlobalOptions & { ep?: string }) => {
      const ep = parseEp(opts.ep);
      await withService(opts, async (svc) => {
        const res = await runJob(svc, 'analyze', { ep });
        if (opts.json) printJson(res);
        else process.stdout.write(`predicted ${res.predicted} segments with model ${res.modelVersion}\n`);
      });
    });

  program
    .command('predictions')
    .description('per-segment text / audio / video / fused scores of the active model')
    .action(async (opts: GlobalOptions) => {
      await withService(opts, async (svc) => {
        const preds = await call(svc, 'predictions', {});
        // Never an empty answer that looks like a result: the service already re-scored an active
        // version that lost its predictions; what is left is a project nobody analysed yet.
        const { segments } = await call(svc, 'projectInfo', {});
        if (preds.length === 0 && segments > 0) {
          throw new AttuneError('NOT_FOUND', `no predictions yet for the ${segments} segments of this project; run 'attune analyze' to score them with the active model`);
        }
        if (opts.json) printJson(preds);
        else {
          // Each head with its 80 % interval where it has a spread (none: untrained, or its modality was absent).
          // A modality the segment does not have at all (no video stream) has no score: '—'.
          const head = (p: (typeof preds)[number], h: 'fused' | 'text' | 'audio' | 'video') => {
            const v = headScore(p, h);
            return v === null ? `${h} —` : `${h} ${fmt(v)}${p.spread[h] === null ? '' : ` ${formatInterval(v, p.spread[h], fmt)}`}`;
          };
          for (const p of preds) process.stdout.write(`${p.segmentId}\t${(['fused', 'text', 'audio', 'video'] as const).map((h) => head(p, h)).join('\t')}\tconf ${fmt(p.confidence)}\n`);
        }
      });
    });

  program
    .command('tune')
    .description('Self-MI tuning from the labels plus all unlabelled segments; stores a new version and activates it if it is at least as good')
    .option('--epochs <n>', 'maximum epochs')
    .option('--alpha <a>', 'weight of the CPC (InfoNCE) term')
    .option('--ulgm', 'add unimodal label generation (off by default: bench:adapt found it raises MAE; see the selfmi README)')
    .option('--no-ulgm', "no unimodal label generation (the default; every head learns the analyst's label)")
    .option('--no-cpc', 'ablation: no InfoNCE term (alpha 0)')
    .option('--no-curve', 'skip the learning curve (with >= 10 labels it costs k trainings per point below the last)')
    .option('--activate <when>', `if-better (default: ${ACTIVATION_RULE}) or always`, 'if-better')
    .option('--ep <provider>', 'execution provider for features and inference', 'auto')
    .action(async (opts: GlobalOptions & { epochs?: string; alpha?: string; ep?: string; ulgm?: boolean; cpc: boolean; curve: boolean; activate: string }) => {
      // The tune job's params schema is the one rule (contract/jobs.ts); here only flag -> field and back.
      const num = (v: string | undefined) => (v === undefined ? undefined : v.trim() === '' ? NaN : Number(v));
      const given = new Map([['epochs', opts.epochs], ['alpha', opts.alpha], ['activate', opts.activate]]);
      const parsed = TuneParamsSchema.safeParse({ epochs: num(opts.epochs), alpha: num(opts.alpha), ep: parseEp(opts.ep), ulgm: opts.ulgm, cpc: opts.cpc, curve: opts.curve, activate: opts.activate });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = String(issue.path[0]);
        throw new AttuneError('USAGE', `--${field}: ${issue.message}, got '${given.get(field) ?? ''}'`);
      }
      await withService(opts, async (svc) => {
        const res = await runJob(svc, 'tune', parsed.data);
        if (opts.json) printJson(res);
        else {
          const { before, after, folds } = res.estimate;
          const state = res.activated ? 'active' : `NOT activated; the active version stays ${res.activeVersion}`;
          process.stdout.write(`new version ${res.versionId} (${state}), from ${res.labelled} labels + ${res.unlabelled} unlabelled segments\n`);
          process.stdout.write(`${res.plan.why}; ULGM ${res.plan.ulgm ? 'on' : 'off'}, InfoNCE ${res.plan.cpc ? 'on' : 'off'}\n`);
          process.stdout.write(`${folds}-fold estimate on the labelled segments, active version vs candidate on the same folds:  MAE ${fmt(before.mae)} -> ${fmt(after.mae)}   Corr ${fmt(before.corr)} -> ${fmt(after.corr)}   Acc-2 ${fmt(before.acc2)} -> ${fmt(after.acc2)}\n`);
          process.stdout.write(`${res.decision.better ? 'at least as good' : 'not better'}: ${res.decision.reason}${!res.decision.better && res.activated ? ' (activated anyway: --activate always)' : ''}\n`);
          if (!res.activated) process.stdout.write(`to use it anyway: attune models activate ${res.versionId}\n`);
          if (res.curve) {
            const c = res.curve;
            const pm = (v: number | null, se: number | null) => `${v === null ? '—' : fmt(v)}${se === null ? '' : ` ±${fmt(se)}`}`;
            process.stdout.write(`learning curve (${c.folds}-fold, same folds; ${c.method}):\n`);
            process.stdout.write(`  untuned (${res.parent})  MAE ${pm(c.untuned.mae, c.untuned.maeSe)}  Corr ${pm(c.untuned.corr, c.untuned.corrSe)}\n`);
            for (const p of c.points) process.stdout.write(`  n = ${String(p.n).padStart(3)}  MAE ${pm(p.mae, p.maeSe)}  Corr ${pm(p.corr, p.corrSe)}\n`);
          } else if (res.curveNote) process.stdout.write(`${res.curveNote}\n`);
        }
      });
    });

  const models = program.command('models').description('list model versions, or `models activate V`');
  models.action(async (opts: GlobalOptions) => {
    await withService(opts, async (svc) => {
      const list = await call(svc, 'listModels', {});
      if (opts.json) printJson(list);
      else for (const v of list) process.stdout.write(`${v.active ? '*' : ' '} ${v.id}\t${v.createdAt}\t${v.source}\n`);
    });
  });
  models
    .command('activate')
    .argument('<version>')
    .option('--project <dir>', 'project folder')
    .option('--json', 'print one JSON document on stdout')
    .exitOverride()
    .action(async (version: string, _opts: GlobalOptions, cmd: Command) => {
      // `models` itself takes --project/--json too, and commander gives a flag to the first command
      // that knows it: read both levels.
      const opts = cmd.optsWithGlobals<GlobalOptions>();
      await withService(opts, async (svc) => {
        const v = await call(svc, 'activateModel', { versionId: version });
        if ((await call(svc, 'predictions', {})).length === 0) await runJob(svc, 'analyze', {});
        if (opts.json) printJson(v);
        else process.stdout.write(`active model: ${v.id}\n`);
      });
    });
}
