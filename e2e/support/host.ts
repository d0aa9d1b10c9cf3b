import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

export const ROOT = path.resolve(HERE, '..', '..');
const CLI = path.join(ROOT, 'bin', 'attune.mjs');

export interface Host {
  url: string;
  projectDir: string;
  stderr: () => string;
  close(): Promise<void>;
  /** SIGKILL: no shutdown code runs, as when the machine loses power or the process is killed. */
  kill(): Promise<void>;
}

export function freshProjectDir(tag: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `attune-e2e-${tag}-`));
}

/**
 * `attune serve` as a child process; its first stdout line is the URL with the token. Its
 * recent-projects list lives in `configDir` (a fresh folder unless given), never the user's own.
 */
export async function startServe(projectDir: string, opts: { configDir?: string } = {}): Promise<Host> {
  const configDir = opts.configDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'attune-e2e-config-'));
  const child: ChildProcess = spawn(process.execPath, [CLI, 'serve', '--project', projectDir, '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ATTUNE_CONFIG_DIR: configDir } });
  let err = '';
  child.stderr!.on('data', (d) => (err = (err + d).slice(-20_000)));
  const url = await new Promise<string>((resolve, reject) => {
    const rl = readline.createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`attune serve printed no URL within 60 s. stderr:\n${err}`)), 60_000);
    rl.once('line', (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`attune serve exited (${code}) before printing its URL. stderr:\n${err}`));
    });
  }).then((line) => {
    if (!/^http:\/\/127\.0\.0\.1:\d+\/\?token=/.test(line)) throw new Error(`unexpected first line from attune serve: ${line}`);
    return line;
  }).catch((e: unknown) => {
    // No Host is handed out, so nobody else would ever stop this one.
    child.kill('SIGKILL');
    throw e;
  });
  return {
    url,
    projectDir,
    stderr: () => err,
    kill: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

/** Runs the real CLI against a project (the same binary an analyst uses). */
export function cli(args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 600_000 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function cliJson<T>(args: string[]): T {
  const r = cli([...args, '--json']);
  if (r.status !== 0) throw new Error(`attune ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
