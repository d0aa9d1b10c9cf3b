import type { Command } from 'commander';
import { registerFeaturesCommand } from './features';
import { registerModelCommandsList } from './model';
import { registerEvalCommand } from './eval';

/** Commands contributed by the analysis and model layers, in the order `attune --help` lists them. */
export function registerModelCommands(program: Command): void {
  registerFeaturesCommand(program);
  registerModelCommandsList(program);
  registerEvalCommand(program);
}
