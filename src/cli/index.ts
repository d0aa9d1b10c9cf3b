/**
 * `attune`: every core capability without a window. Exit 0 on success, 2 on usage errors, 1 on
 * bad input (message on stderr naming the file and line). `--json` prints one JSON document.
 */
import { Command, CommanderError, Option } from 'commander';
import { toErrorPayload } from '../shared/errors';
import { registerProjectCommands } from './commands/project';
import { registerServeCommand } from './commands/serve';
import { registerAnalysisCommands } from './commands/registry';
import { registerDoctorCommand } from './commands/doctor';
import { registerBatchCommands } from './commands/batch';

export function buildProgram(): Command {
  const program = new Command('attune')
    .description('Attune: review recorded meetings with multimodal sentiment, label, tune, export.')
    .exitOverride()
    .showHelpAfterError(false)
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerProjectCommands(program);
  registerBatchCommands(program);
  registerServeCommand(program);
  registerAnalysisCommands(program);
  registerDoctorCommand(program);
  // Global options are accepted on every command, before or after its arguments.
  for (const cmd of program.commands) {
    cmd.addOption(new Option('--project <dir>', 'project folder').default(undefined));
    cmd.option('--json', 'print one JSON document on stdout');
    cmd.exitOverride();
  }
  return program;
}

export async function main(argv: string[]): Promise<number> {
  // `attune predictions | head`: a reader that has seen enough closes the pipe; that is the end of
  // the output, not a crash. Nothing is written to the project on stdout's behalf.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    // --help, `help` and --version exit 0; everything else commander refuses (including no command
    // at all, which prints the help as an error) is a usage error.
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    const p = toErrorPayload(err);
    process.stderr.write(`attune: ${p.message}\n`);
    if (p.code === 'USAGE') return 2;
    if (p.code === 'CANCELLED') return 130;
    return 1;
  }
}
