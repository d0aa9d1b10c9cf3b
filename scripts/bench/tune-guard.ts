/**
 * "Tuning never leaves a worse version active", checked the way an analyst works: label the top of
 * Attune's own label queue (each item given its analyst score, a sentence already labelled passed
 * over), run `attune tune` (the real CLI, its
 * default --activate if-better) at 3, then 5, then 10 labels, each run starting from whatever the
 * previous one left active. Per case it records the same-fold before/after estimate, the verdict,
 * which version is active before and after, what the CLI printed, and, as a check the rule never
 * saw, the MAE of both versions on the segments still unlabelled (scored with the analyst's scores).
 * Used by src/core/analysis/tune-guard.test.ts (the shipped sample) and scripts/bench/tune-meeting.ts
 * (a generated 10-minute meeting).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Res } from '../../src/shared/contract';
import type { AttuneService } from '../../src/core/service';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

type Estimate = NonNullable<Res<'tuneReport'>>['estimate'];

export interface GuardCase {
  labels: number;
  estimate: Estimate;
  better: boolean;
  reason: string;
  /** The version the run made, whether the run activated it, and what is active before and after. */
  versionId: string;
  activated: boolean;
  activeBefore: string;
  activeAfter: string;
  /** Why the view says the active version is active (tuneReport.active.why). */
  activeWhy: string;
  /** The CLI's own verdict line ("new version … (active)" / "NOT activated …"). */
  cliVerdict: string;
  /** MAE on the segments still unlabelled, previous active vs now active (null where none are left). */
  heldOut: { segments: number; before: number | null; after: number | null };
  curvePoints: number;
  seconds: number;
}

/**
 * Problems with a case: a worse version left active on the same folds, the CLI saying otherwise, or
 * (the check the rule never saw) a newly active version more than `heldOutTolerance` MAE worse than
 * the one before it on the segments still unlabelled.
 */
export function guardProblems(c: GuardCase, { corrTolerance = 0.05, heldOutTolerance = 0.05 } = {}): string[] {
  const out: string[] = [];
  const { before, after } = c.estimate;
  if (c.activeAfter !== (c.activated ? c.versionId : c.activeBefore)) out.push(`active after is ${c.activeAfter}, expected ${c.activated ? c.versionId : c.activeBefore}`);
  if (c.activated && c.activeAfter !== c.activeBefore) {
    if (before.mae !== null && (after.mae === null || after.mae > before.mae)) out.push(`activated with a higher k-fold MAE ${before.mae} -> ${after.mae}`);
    if (before.corr !== null && after.corr !== null && after.corr < before.corr - corrTolerance) out.push(`activated with Corr ${before.corr} -> ${after.corr}`);
  }
  if (c.activeAfter !== c.activeBefore && c.heldOut.before !== null && c.heldOut.after !== null && c.heldOut.after > c.heldOut.before + heldOutTolerance) {
    out.push(`held-out MAE on ${c.heldOut.segments} unlabelled segments ${c.heldOut.before.toFixed(3)} -> ${c.heldOut.after.toFixed(3)}`);
  }
  if (c.activated !== c.better) out.push(`if-better activated=${c.activated} but better=${c.better}`);
  const expectCli = c.activated ? `new version ${c.versionId} (active)` : `new version ${c.versionId} (NOT activated; the active version stays ${c.activeBefore})`;
  if (!c.cliVerdict.includes(expectCli)) out.push(`the CLI said '${c.cliVerdict}', expected '${expectCli}'`);
  return out;
}

function runCli(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'attune.mjs'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

/**
 * Labels the top of the queue until the project has `n` labels, as an analyst goes through it: an
 * utterance whose words were already labelled elsewhere is passed over (the queue ranks repeats of
 * one sentence alike, and nobody labels the same sentence five times) unless nothing else is left.
 */
async function labelUpTo(svc: AttuneService, n: number, score: (text: string) => number): Promise<string[]> {
  const segments = new Map((await svc.api.listSegments({})).map((s) => [s.id, s] as const));
  const picked: string[] = [];
  for (let have = (await svc.api.listLabels({})).length; have < n; have++) {
    const labelled = new Set((await svc.api.listLabels({})).map((l) => l.segmentId));
    const seenText = new Set([...labelled].map((id) => segments.get(id)?.text));
    const queue = (await svc.api.labelQueue({ limit: 200 })).map((q) => q.segmentId).filter((id) => !labelled.has(id) && segments.has(id));
    const next = queue.find((id) => !seenText.has(segments.get(id)!.text)) ?? queue[0] ?? [...segments.keys()].find((id) => !labelled.has(id));
    if (!next) throw new Error(`only ${have} segments to label, ${n} asked`);
    await svc.api.setLabel({ segmentId: next, score: score(segments.get(next)!.text) });
    picked.push(next);
  }
  return picked;
}

const activeId = async (svc: AttuneService) => (await svc.api.listModels({})).find((m) => m.active)!.id;

export async function runTuneGuard(svc: AttuneService, opts: { labels: number[]; score: (text: string) => number; ep?: string; log?: (line: string) => void }): Promise<GuardCase[]> {
  const cases: GuardCase[] = [];
  const segments = await svc.api.listSegments({});
  for (const n of opts.labels) {
    await labelUpTo(svc, n, opts.score);
    const activeBefore = await activeId(svc);
    const t0 = Date.now();
    const r = await runCli(['tune', '--ep', opts.ep ?? 'cpu', '--project', svc.dir]);
    if (r.code !== 0) throw new Error(`attune tune with ${n} labels exited ${r.code}: ${r.err.slice(-2000)}`);
    const seconds = (Date.now() - t0) / 1000;
    const report = (await svc.api.tuneReport({}))!;
    const activeAfter = await activeId(svc);
    const labelled = new Set((await svc.api.listLabels({})).map((l) => l.segmentId));
    const held = new Set(segments.filter((s) => !labelled.has(s.id)).map((s) => s.id));
    const text = new Map(segments.map((s) => [s.id, s.text] as const));
    let heldOut: GuardCase['heldOut'] = { segments: held.size, before: null, after: null };
    if (held.size > 0 && activeBefore !== activeAfter) {
      const cmp = await svc.api.compareModels({ a: activeBefore, b: activeAfter });
      const pts = cmp.points.filter((p) => held.has(p.segmentId));
      const mae = (k: 'a' | 'b') => pts.reduce((s, p) => s + Math.abs(p[k] - opts.score(text.get(p.segmentId)!)), 0) / pts.length;
      heldOut = { segments: pts.length, before: mae('a'), after: mae('b') };
    } else if (held.size > 0) {
      const preds = (await svc.api.predictions({})).filter((p) => held.has(p.segmentId));
      const mae = preds.reduce((s, p) => s + Math.abs(p.scores.fused - opts.score(p.text)), 0) / preds.length;
      heldOut = { segments: preds.length, before: mae, after: mae };
    }
    const c: GuardCase = {
      labels: n,
      estimate: report.estimate,
      better: report.decision.better,
      reason: report.decision.reason,
      versionId: report.versionId,
      activated: report.decision.activated,
      activeBefore,
      activeAfter,
      activeWhy: report.active.why,
      cliVerdict: r.out.split('\n').find((l) => l.startsWith('new version')) ?? '',
      heldOut,
      curvePoints: report.curve?.points.length ?? 0,
      seconds,
    };
    opts.log?.(formatCase(c));
    cases.push(c);
  }
  return cases;
}

const f = (v: number | null) => (v === null ? '—' : v.toFixed(3));

export function formatCase(c: GuardCase): string {
  const { before, after, folds } = c.estimate;
  return [
    `${String(c.labels).padStart(2)} labels (${folds}-fold, ${c.seconds.toFixed(0)} s): MAE ${f(before.mae)} -> ${f(after.mae)}, Corr ${f(before.corr)} -> ${f(after.corr)}; ${c.better ? 'better' : 'not better'}: ${c.reason}`,
    `    active ${c.activeBefore} -> ${c.activeAfter} (${c.activated ? 'candidate activated' : 'candidate kept inactive'}); why: ${c.activeWhy}`,
    `    held-out MAE on the ${c.heldOut.segments} unlabelled segments: ${f(c.heldOut.before)} -> ${f(c.heldOut.after)}${c.curvePoints ? `; learning curve ${c.curvePoints} points` : ''}`,
  ].join('\n');
}
