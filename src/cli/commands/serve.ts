import type { Command } from 'commander';
import { AttuneError } from '../../shared/errors';
import { projectDir, type GlobalOptions } from '../context';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the workbench to a local browser (127.0.0.1, random token)')
    .option('--port <n>', 'port (0 picks a free one)', '0')
    .action(async (opts: GlobalOptions & { port: string }) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new AttuneError('USAGE', `--port must be 0..65535, got '${opts.port}'`);
      // Loaded here: the host (ws, the HTTP server) costs start-up time every other command need not pay.
      const { defaultRendererDir, startHost } = await import('../../host/server');
      const { ensureRendererBuilt } = await import('../../host/app-root');
      ensureRendererBuilt(defaultRendererDir());
      const host = await startHost({ projectDir: projectDir(opts), port });
      // The first stdout line is the URL with its token: tests and scripts read exactly this.
      process.stdout.write(`${host.url}\n`);
      process.stderr.write(`Attune is serving ${host.service.dir} — open the URL above. Ctrl-C stops.\n`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await host.close();
    });
}
