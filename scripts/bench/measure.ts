/** Shared bits of the benchmark scripts: peak memory of this process and its children, timing. */
import fs from 'node:fs';

export function childPids(pid = process.pid): number[] {
  const out: number[] = [];
  try {
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      const text = fs.readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      if (text) out.push(...text.split(/\s+/).map(Number));
    }
  } catch {}
  return out;
}

function rssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Samples RSS of this process + its children every 100 ms; `stop()` returns the peaks in MB. */
export function watchMemory(): { stop(): { selfMb: number; childrenMb: number; totalMb: number } } {
  let self = 0;
  let children = 0;
  let total = 0;
  const tick = () => {
    const s = rssKb(process.pid);
    const c = childPids().reduce((n, p) => n + rssKb(p), 0);
    self = Math.max(self, s);
    children = Math.max(children, c);
    total = Math.max(total, s + c);
  };
  const timer = setInterval(tick, 100);
  tick();
  return {
    stop() {
      clearInterval(timer);
      tick();
      const mb = (kb: number) => Math.round(kb / 1024);
      return { selfMb: Math.max(mb(self), Math.round(process.resourceUsage().maxRSS / 1024)), childrenMb: mb(children), totalMb: mb(total) };
    },
  };
}

export async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await fn();
  return [r, (performance.now() - t0) / 1000];
}
