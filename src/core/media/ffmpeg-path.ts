/**
 * ffmpeg/ffprobe resolution: FFMPEG_PATH / FFPROBE_PATH -> the binary that came with the install
 * (@ffmpeg-installer/<platform>-<arch>, @ffprobe-installer/<platform>-<arch>: registry packages that
 * carry the binary inside) -> `ffmpeg`/`ffprobe` on PATH. The first use checks that the binary has what
 * the extractor's command lines need (`decodeArgs` in extract.ts, peaks.ts, probe.ts); a binary that lacks
 * something is an error naming it, its version and what is missing. An env variable is taken as is (set
 * but unusable is an error); a bundled or system binary that fails the check gives way to the next one.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { AttuneError } from '../../shared/errors';

const require = createRequire(import.meta.url);

export type ToolName = 'ffmpeg' | 'ffprobe';
export type ToolSource = 'env' | 'bundled' | 'system';

export interface ToolCandidate {
  tool: ToolName;
  path: string;
  source: ToolSource;
  /** For a bundled binary: the npm package that carried it, and that package's version. */
  package?: { name: string; version: string };
}

export interface ToolCheck extends ToolCandidate {
  /** The build's version as it prints it (`ffmpeg version <this>`), or null when it did not run. */
  version: string | null;
  /** What the extractor needs and this binary lacks (empty: usable). */
  missing: string[];
}

export interface ToolReport {
  tool: ToolName;
  envVar: string;
  /** The binary in use, or null when none is usable. */
  chosen: ToolCheck | null;
  /** The candidates looked at, in resolution order, up to the chosen one (all of them with `all`); a skipped one says why in `missing`. */
  candidates: ToolCheck[];
  /** Set when `chosen` is null: the error resolveTool throws, with the fix. */
  error: string | null;
}

const ENV: Record<ToolName, string> = { ffmpeg: 'FFMPEG_PATH', ffprobe: 'FFPROBE_PATH' };
const INSTALL_HINT =
  "Run 'npm ci' (it brings ffmpeg and ffprobe for Linux x64/arm64, macOS x64/arm64 and Windows x64), or install FFmpeg (Debian/Ubuntu: 'sudo apt-get install ffmpeg'; macOS: 'brew install ffmpeg'; Windows: 'winget install ffmpeg')";

const reports = new Map<string, ToolReport>();

function exeName(tool: ToolName): string {
  return process.platform === 'win32' ? `${tool}.exe` : tool;
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function isExecutable(p: string | null | undefined): p is string {
  if (!p || !isFile(p)) return false;
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The npm package that carries this platform's binary (an optional dependency; only the matching one installs). */
export function bundledPackageName(tool: ToolName, platform: string = process.platform, arch: string = process.arch): string {
  return `@${tool}-installer/${platform}-${arch}`;
}

/**
 * The bundled binary for this platform, or null when its package is not installed. The packages' only
 * install script is `chmod u+x`; where it did not run (`npm ci --ignore-scripts`) the execute bit is set here.
 */
export function bundledCandidate(tool: ToolName): ToolCandidate | null {
  const name = bundledPackageName(tool);
  let pkgJson: string;
  try {
    pkgJson = require.resolve(`${name}/package.json`);
  } catch {
    return null;
  }
  const file = path.join(path.dirname(pkgJson), exeName(tool));
  if (!isFile(file)) return null;
  if (process.platform !== 'win32' && !isExecutable(file)) {
    try {
      fs.chmodSync(file, fs.statSync(file).mode | 0o111);
    } catch {
      // read-only install: the check below reports it as not executable
    }
  }
  let version = '?';
  try {
    version = (JSON.parse(fs.readFileSync(pkgJson, 'utf8')) as { version?: string }).version ?? '?';
  } catch {
    // a package.json we cannot read still leaves a usable binary
  }
  return { tool, path: file, source: 'bundled', package: { name, version } };
}

function onPath(tool: ToolName): string | null {
  const exts = process.platform === 'win32' ? ['.exe', ''] : [''];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = path.join(dir, tool + ext);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return null;
}

/**
 * Candidates in resolution order. An env variable, when set, is the only candidate;
 * ATTUNE_BUNDLED_FFMPEG=0 passes over the bundled binaries (to use the system's without naming paths).
 */
export function toolCandidates(tool: ToolName): ToolCandidate[] {
  const fromEnv = process.env[ENV[tool]];
  if (fromEnv) return [{ tool, path: fromEnv, source: 'env' }];
  const out: ToolCandidate[] = [];
  const bundled = process.env.ATTUNE_BUNDLED_FFMPEG === '0' ? null : bundledCandidate(tool);
  if (bundled) out.push(bundled);
  const system = onPath(tool);
  if (system && !out.some((c) => path.resolve(c.path) === path.resolve(system))) out.push({ tool, path: system, source: 'system' });
  return out;
}

/**
 * What the extractor's command lines use, as [what to report, test on the binary's listings]. Kept next to
 * the command lines' owners: decodeArgs (extract.ts), computePeaks (peaks.ts), probeMedia (probe.ts).
 */
interface Listings {
  help: string;
  filters: string;
  muxers: string;
  pixFmts: string;
}
const word = (s: string) => new RegExp(`(^|\\s)${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|$)`, 'm');
const listed = (name: string) => new RegExp(`^\\s*\\S+\\s+${name}\\s`, 'm');
/** The option lines of one filter's AVOptions section in `-h full` (empty when the filter has none listed). */
function section(help: string, name: string): string {
  const start = help.search(new RegExp(`^${name} AVOptions:`, 'm'));
  if (start < 0) return '';
  const rest = help.slice(start);
  const end = rest.search(/\n\s*\n/);
  return end < 0 ? rest : rest.slice(0, end);
}

export const FFMPEG_NEEDS: ReadonlyArray<readonly [string, (l: Listings) => boolean]> = [
  ['option -skip_frame (decoder: skip non-reference frames)', (l) => word('-skip_frame').test(l.help)],
  ['filter fps', (l) => listed('fps').test(l.filters)],
  ['filter fps option start_time', (l) => /\bstart_time\b/.test(section(l.help, 'fps'))],
  ['filter scale', (l) => listed('scale').test(l.filters)],
  ['filter aresample', (l) => listed('aresample').test(l.filters)],
  ['resampler options async / first_pts (aresample=async=1:first_pts=0)', (l) => word('-async').test(l.help) && word('-first_pts').test(l.help)],
  ['muxer f32le (float PCM output)', (l) => listed('f32le').test(l.muxers)],
  ['muxer rawvideo', (l) => listed('rawvideo').test(l.muxers)],
  ['pixel format rgb24 output', (l) => /^\S*O\S*\s+rgb24\s/m.test(l.pixFmts)],
];
export const FFPROBE_NEEDS: ReadonlyArray<readonly [string, (l: Listings) => boolean]> = [
  ['option -print_format (json)', (l) => word('-print_format').test(l.help) && /\bjson\b/.test(l.help)],
  ['option -show_format', (l) => word('-show_format').test(l.help)],
  ['option -show_streams', (l) => word('-show_streams').test(l.help)],
];

function runFor(file: string, args: string[]): { ok: boolean; out: string; error: string } {
  const r = spawnSync(file, ['-hide_banner', ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 30_000, windowsHide: true });
  if (r.error) return { ok: false, out: '', error: (r.error as NodeJS.ErrnoException).code ?? r.error.message };
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  return { ok: r.status === 0, out, error: r.status === 0 ? '' : `exit ${r.status ?? r.signal}: ${out.trim().split('\n').pop() ?? ''}` };
}

/** Runs the binary and lists what the extractor needs that it lacks. Never throws. */
export function checkTool(candidate: ToolCandidate): ToolCheck {
  const { tool, path: file } = candidate;
  if (!isFile(file)) return { ...candidate, version: null, missing: ['the file (it does not exist or is not a file)'] };
  if (!isExecutable(file)) return { ...candidate, version: null, missing: [`the execute permission (chmod +x '${file}')`] };
  const v = runFor(file, ['-version']);
  const m = new RegExp(`^${tool} version (\\S+)`, 'm').exec(v.out);
  if (!v.ok || !m) {
    return { ...candidate, version: null, missing: [`a working ${tool} (running '${tool} -version' failed: ${v.error || 'no version line'})`] };
  }
  const listings: Listings =
    tool === 'ffmpeg'
      ? { help: runFor(file, ['-h', 'full']).out, filters: runFor(file, ['-filters']).out, muxers: runFor(file, ['-muxers']).out, pixFmts: runFor(file, ['-pix_fmts']).out }
      : { help: runFor(file, ['-h']).out, filters: '', muxers: '', pixFmts: '' };
  const needs = tool === 'ffmpeg' ? FFMPEG_NEEDS : FFPROBE_NEEDS;
  return { ...candidate, version: m[1], missing: needs.filter(([, ok]) => !ok(listings)).map(([what]) => what) };
}

function describe(c: ToolCheck): string {
  const from = c.source === 'env' ? ENV[c.tool] : c.source === 'bundled' ? `bundled with the install (${c.package?.name} ${c.package?.version})` : 'on PATH';
  return `${c.tool} at '${c.path}' (${from}, version ${c.version ?? 'unknown'})`;
}

/** Looks the candidates over (once per process) and says which binary is used and why. Never throws. */
export function toolReport(tool: ToolName, { all = false } = {}): ToolReport {
  const key = `${tool}${all ? ':all' : ''}`;
  const cached = reports.get(key);
  if (cached) return cached;
  const envVar = ENV[tool];
  // Only up to the first usable one (each check runs the binary four times), unless asked for all.
  const candidates: ToolCheck[] = [];
  for (const c of toolCandidates(tool)) {
    candidates.push(checkTool(c));
    if (!all && candidates[candidates.length - 1].missing.length === 0) break;
  }
  const chosen = candidates.find((c) => c.missing.length === 0) ?? null;
  let error: string | null = null;
  if (!chosen && candidates.length === 0) {
    error = `${tool} was not found. ${INSTALL_HINT}, or set ${envVar} to the binary's path.`;
  } else if (!chosen) {
    const what = candidates.map((c) => `${describe(c)} lacks ${c.missing.join(', ')}`).join('; ');
    error =
      candidates[0].source === 'env'
        ? `${what}. Point ${envVar} at a ${tool} that has them (FFmpeg 4.1 or newer, built with its default filters) or unset it.`
        : `${what}. ${INSTALL_HINT}, or set ${envVar} to a ${tool} that has them.`;
  }
  const report: ToolReport = { tool, envVar, chosen, candidates, error };
  reports.set(key, report);
  return report;
}

/** The binary to run. Checked on first use; throws NO_TOOL (naming binary, version and what is missing) when none is usable. */
export function resolveTool(tool: ToolName): string {
  const report = toolReport(tool);
  if (!report.chosen) throw new AttuneError('NO_TOOL', report.error ?? `${tool} is not usable`);
  return report.chosen.path;
}

/** One line for start-up output: which ffmpeg and ffprobe are used and where they came from. */
export function toolsSummary(): string {
  return (['ffmpeg', 'ffprobe'] as const)
    .map((tool) => {
      const r = toolReport(tool);
      if (!r.chosen) return `${tool}: NONE USABLE (${r.error})`;
      const c = r.chosen;
      const from = c.source === 'bundled' ? `bundled, ${c.package?.name} ${c.package?.version}` : c.source === 'env' ? r.envVar : 'system';
      return `${tool} ${c.version} (${from}: ${c.path})`;
    })
    .join('; ');
}

/** For tests: forget what was resolved so environment changes take effect. */
export function resetToolCache(): void {
  reports.clear();
}
