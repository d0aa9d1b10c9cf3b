/**
 * Issue 9's "done when" on a generated 10-minute meeting: two espeak-ng speakers, a face, 120 cues
 * (scripts/fixtures/meeting.ts), analysed with the shipped model, then labelled from the queue with
 * the generator's ground truth (SENTENCE_SCORES: the sentiment is in the words only) and tuned with
 * `attune tune` at 3, 5 and 10 labels. Prints before/after/verdict/active version per case and exits
 * 1 if any case left a worse version active (same folds) or the CLI said otherwise.
 *
 *   node bin/run-ts.mjs scripts/bench/tune-meeting.ts [--cues 120] [--minutes 10] [--keep DIR]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createService } from '../../src/core/service';
import { makeMeeting, SENTENCE_SCORES, type Meeting } from '../fixtures/meeting';
import { formatCase, guardProblems, runTuneGuard } from './tune-guard';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const cues = Number(arg('cues', '120'));
  const minutes = Number(arg('minutes', '10'));
  const keep = process.argv.includes('--keep') ? arg('keep', '') : '';
  const base = keep || fs.mkdtempSync(path.join(os.tmpdir(), 'attune-tune-meeting-'));
  fs.mkdirSync(base, { recursive: true });
  const t0 = Date.now();
  const media = path.join(base, 'media');
  fs.mkdirSync(media, { recursive: true });
  // --keep DIR reuses the meeting generated there before (generating it takes minutes on 2 cores).
  const manifest = path.join(media, `meeting-${cues}-${minutes}.json`);
  let m: Meeting;
  if (fs.existsSync(manifest)) {
    m = JSON.parse(fs.readFileSync(manifest, 'utf8')) as Meeting;
    console.log(`reusing ${m.media}: ${m.cues.length} cues, ${(m.durationMs / 60_000).toFixed(1)} min`);
  } else {
    m = makeMeeting({ outDir: media, name: 'ten-minute meeting', cues, durationS: minutes * 60 });
    fs.writeFileSync(manifest, JSON.stringify(m));
    console.log(`generated ${m.cues.length} cues, ${(m.durationMs / 60_000).toFixed(1)} min in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  const projectDir = path.join(base, `project-${Date.now()}`);
  const svc = createService(projectDir);
  try {
    await svc.api.importRecording({ mediaPath: m.media, transcriptPath: m.vtt });
    const t1 = Date.now();
    const { jobId } = await svc.api.startJob({ kind: 'analyze', params: { ep: 'cpu' } });
    for (;;) {
      const job = (await svc.api.listJobs({})).find((j) => j.id === jobId)!;
      if (job.state !== 'running') {
        if (job.state !== 'done') throw new Error(`analyze ${job.state}: ${job.message}`);
        break;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    console.log(`analysed in ${((Date.now() - t1) / 1000).toFixed(0)} s`);
    const score = (text: string) => SENTENCE_SCORES[text] ?? 0;
    const cases = await runTuneGuard(svc, { labels: [3, 5, 10], score, log: (l) => console.log(l) });
    const problems = cases.flatMap((c) => guardProblems(c).map((p) => `${c.labels} labels: ${p}`));
    console.log('\n| labels | k | MAE before → after | Corr before → after | verdict | active before → after | held-out MAE before → after |');
    console.log('|---|---|---|---|---|---|---|');
    const f = (v: number | null) => (v === null ? '—' : v.toFixed(3));
    for (const c of cases) {
      const e = c.estimate;
      console.log(`| ${c.labels} | ${e.folds} | ${f(e.before.mae)} → ${f(e.after.mae)} | ${f(e.before.corr)} → ${f(e.after.corr)} | ${c.better ? 'better' : 'not better'} | ${c.activeBefore} → ${c.activeAfter} | ${f(c.heldOut.before)} → ${f(c.heldOut.after)} (${c.heldOut.segments}) |`);
    }
    if (process.argv.includes('--json')) console.log(JSON.stringify(cases.map((c) => ({ ...c, summary: formatCase(c) }))));
    if (problems.length) {
      console.error(`\nFAIL:\n${problems.join('\n')}`);
      process.exitCode = 1;
    } else console.log('\nno case left a worse version active (same-fold rule), and the CLI said which version is active');
  } finally {
    await svc.close();
    if (!keep) fs.rmSync(base, { recursive: true, force: true });
    else fs.rmSync(projectDir, { recursive: true, force: true });
  }
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
