/**
 * Who runs a job: host, pid and the process's start time, so another process can tell whether the
 * owner of a "running" job is still alive, and a new process that got the same pid is not taken
 * for it. The start time is the kernel's (Linux: /proc/PID/stat field 22 with the boot id; macOS
 * and BSD: `ps -o lstart`); where none can be read (Windows) the pid alone decides.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

export interface ProcessOwner {
  host: string;
  pid: number;
  /** Identifies this run of the pid; null where the platform does not tell. */
  start: string | null;
}

/** Reads `pid`'s start time; null when it cannot be read, undefined when no such process exists. */
export function processStart(pid: number): string | null | undefined {
  if (process.platform === 'linux') {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      return alive(pid) ? null : undefined;
    }
    // The name (field 2) may hold spaces and parentheses: count fields after its last ')'.
    const starttime = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    return starttime ? `${bootId()}:${starttime}` : null;
  }
  if (!alive(pid)) return undefined;
  if (process.platform === 'win32') return null;
  try {
    const out = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
    return out || null;
  } catch {
    return null;
  }
}

let self: ProcessOwner | null = null;

export function currentOwner(): ProcessOwner {
  self ??= { host: os.hostname(), pid: process.pid, start: processStart(process.pid) ?? null };
  return self;
}

/**
 * False only when the owner is known to be gone: its pid is not running, or is running but started
 * at another time (reused). A job of another host cannot be checked and counts as alive.
 */
export function ownerAlive(owner: ProcessOwner): boolean {
  if (owner.host !== os.hostname()) return true;
  if (owner.pid === process.pid) return owner.start === currentOwner().start;
  const start = processStart(owner.pid);
  if (start === undefined) return false;
  return owner.start === null || start === null || start === owner.start;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

let boot: string | null = null;
function bootId(): string {
  if (boot === null) {
    try {
      boot = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      boot = '';
    }
  }
  return boot;
}
