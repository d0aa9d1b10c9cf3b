/**
 * ffmpeg/ffprobe resolution: FFMPEG_PATH / FFPROBE_PATH -> the ffmpeg-static binary when its
 * download actually happened -> system binaries on PATH. None found -> one error saying how to fix it.
 */
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { AttuneError } from '../../shared/errors';

const require = createRequire(import.meta.url);
const resolved = new Map<string, string>();

function isExecutable(p: string | null | undefined): p is string {
  if (!p) return false;
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function staticBinary(tool: 'ffmpeg' | 'ffprobe'): string | null {
  try {
    if (tool === 'ffmpeg') return require('ffmpeg-static') as string | null;
    // ffmpeg-static ships no ffprobe; a sibling binary is honoured if a user placed one there.
    const ff = require('ffmpeg-static') as string | null;
    return ff ? path.join(path.dirname(ff), process.platform === 'win32' ? 'ffprobe.exe' : 'ffprobe') : null;
  } catch {
    return null;
  }
}

function onPath(tool: string): string | null {
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

export function resolveTool(tool: 'ffmpeg' | 'ffprobe'): string {
  const cached = resolved.get(tool);
  if (cached) return cached;
  const envName = tool === 'ffmpeg' ? 'FFMPEG_PATH' : 'FFPROBE_PATH';
  const fromEnv = process.env[envName];
  if (fromEnv && !isExecutable(fromEnv)) {
    throw new AttuneError('NO_TOOL', `${envName} is set to '${fromEnv}', which is not an executable file. Point it at a ${tool} binary or unset it.`);
  }
  const found = [fromEnv, staticBinary(tool), onPath(tool)].find(isExecutable);
  if (!found) {
    throw new AttuneError(
      'NO_TOOL',
      `${tool} was not found. Install it (Debian/Ubuntu: 'sudo apt-get install ffmpeg'; macOS: 'brew install ffmpeg'; Windows: 'winget install ffmpeg'), or set ${envName} to the binary's path.`,
    );
  }
  resolved.set(tool, found);
  return found;
}

/** For tests: forget what was resolved so environment changes take effect. */
export function resetToolCache(): void {
  resolved.clear();
}
