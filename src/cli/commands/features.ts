import type { Command } from 'commander';
import { AttuneError } from '../../shared/errors';
import { ProviderSchema } from '../../shared/contract/schemas';
import { PROVIDERS, type ExecutionProvider } from '../../shared/types';
import { printJson, progressPrinter, withService, type GlobalOptions } from '../context';
import { abortOnSigint } from '../signals';

export function parseEp(value: string | undefined): ExecutionProvider {
  const ep = ProviderSchema.safeParse(value ?? 'auto');
  if (!ep.success) throw new AttuneError('USAGE', `--ep must be one of ${PROVIDERS.join(', ')}, got '${value}'`);
  return ep.data;
}

export function registerFeaturesCommand(program: Command): void {
  program
    .command('features')
    .description('compute the missing text / voice / face features of every segment (cached)')
    .option('--ep <provider>', `execution provider: ${PROVIDERS.join('|')}`, 'auto')
    .action(async (opts: GlobalOptions & { ep?: string }) => {
      const ep = parseEp(opts.ep);
      await withService(opts, async (svc) => {
        const [{ computeMissingFeatures }, { readFeatureRows }, { setNoticeSink }] = await Promise.all([
          import('../../core/analysis/features'),
          import('../../core/analysis/feature-matrix'),
          import('../../core/models/runtime'),
        ]);
        // After the service exists: opening it points the notice sink at its event hub.
        setNoticeSink((m) => process.stderr.write(`attune: ${m}\n`));
        const stop = abortOnSigint();
        const progress = progressPrinter('features');
        const t0 = Date.now();
        try {
          const res = await computeMissingFeatures(svc.db, {
            ep,
            signal: stop.signal,
            onProgress: (stage, done, total) => {
              const elapsed = Date.now() - t0;
              progress(stage, done, total, done > 0 ? (elapsed / done) * (total - done) : null);
            },
          });
          process.stderr.write(
            `features: computed text ${res.computed.text}, voice ${res.computed.audio}, face ${res.computed.video}; ${res.cached} segments were cached (text on ${res.providers.text ?? '-'}, face on ${res.providers.face ?? '-'})\n`,
          );
        } finally {
          stop.dispose();
        }
        const rows = await readFeatureRows(svc.db);
        if (opts.json) {
          printJson(
            rows.map((r) => ({
              segmentId: r.segment.id,
              text: r.text ? Array.from(r.text, (v) => Number(v.toFixed(6))) : null,
              audio: r.audioNamed,
              audioRaw: r.audioRaw,
              video: r.videoNamed,
              provider: r.provider,
            })),
          );
        } else {
          process.stdout.write(`${rows.length} segments have features\n`);
        }
      });
    });
}
