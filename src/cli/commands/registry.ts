import type { Command } from 'commander';
import { registerFeaturesCommand } from './features';
import { registerModelCommandsList } from './model';
import { registerEvalCommand } from './eval';

/** The analysis commands (features; analyze, predictions, tune, models; eval), in the order `attune --help` lists them. */
export function registerAnalysisCommands(program: Command): void {
  registerFeaturesCommand(program);
  registerModelCommandsList(program);
  registerEvalCommand(program);
}
