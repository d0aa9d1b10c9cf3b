/**
 * Wall and CPU time of the analysis stages, for bench:features' breakdown. CPU is this process's
 * (every thread: ONNX Runtime's pool included) over the stage's wall interval, so work that the
 * event loop runs meanwhile (the decoder's pipe handlers) is counted with the stage that awaited;
 * ffmpeg's own CPU is a child's, read from /proc (Linux) once the child has exited.
 */
import fs from 'node:fs';

export interface StageTime {
  wall: number;
  cpu: number;
}

export const zeroStage = (): StageTime => ({ wall: 0, cpu: 0 });

/** CPU seconds of this process so far (user + system, all threads). */
export function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** CPU seconds of this process's children that have exited and been waited for (Linux), else null. */
export function childCpuSeconds(): number | null {
  try {
    // /proc/self/stat: the command may hold spaces; fields after ')' start at field 3 (state).
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const tick = 100; // USER_HZ on Linux
    return (Number(f[13]) + Number(f[14])) / tick; // cutime, cstime (fields 16, 17)
  } catch {
    return null;
  }
}

/** A running interval; `stop()` adds its wall and CPU seconds into `into`. */
export function startStage(into: StageTime): { stop(): void } {
  const w0 = performance.now();
  const c0 = cpuSeconds();
  return {
    stop() {
      into.wall += (performance.now() - w0) / 1000;
      into.cpu += cpuSeconds() - c0;
    },
  };
}

export async function timeStage<T>(into: StageTime, fn: () => Promise<T> | T): Promise<T> {
  const s = startStage(into);
  try {
    return await fn();
  } finally {
    s.stop();
  }
}
