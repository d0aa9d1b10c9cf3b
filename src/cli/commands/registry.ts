import type { Command } from 'commander';

/**
 * Commands contributed by the analysis and model layers (features, analyze, predictions, tune,
 * models, eval). Each registers itself in its own file; this list keeps the CLI's order stable.
 */
const registrars: ((program: Command) => void)[] = [];

export function registerModelCommands(program: Command): void {
  for (const r of registrars) r(program);
}
