import type { Command } from 'commander';
import { AttuneError } from '../../shared/errors';
import { printJson, type GlobalOptions } from '../context';

export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('which ffmpeg/ffprobe (and where from), Electron, ONNX Runtime providers, GPU devices and model pack are in use; what is missing, with the fix')
    .action(async (opts: GlobalOptions) => {
      const { formatDoctor, runDoctor } = await import('../../core/doctor');
      const report = await runDoctor();
      if (opts.json) printJson(report);
      else process.stdout.write(`${formatDoctor(report)}\n`);
      const required = report.missing.filter((m) => m.required);
      if (required.length) throw new AttuneError('NO_TOOL', `doctor: missing ${required.map((m) => m.what).join(', ')}`);
    });
}
