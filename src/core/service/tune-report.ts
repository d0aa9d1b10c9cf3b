/**
 * tuneReport: what a tuning run found (same-fold before/after, the decision and its rule, the plan,
 * the learning curve), read back from the version it stored, plus which version is active now and
 * why. Nothing is recomputed: the Tune view shows it after a reload exactly as the run left it.
 */
import type { Res } from '../../shared/contract';
import type { Db } from '../store/db';
import { listModelVersions, type ModelVersionRow } from '../store/model-versions';

type Report = NonNullable<Res<'tuneReport'>>;
type Estimate = Report['estimate']['before'];

interface StoredConfig {
  decision?: { better: boolean; reason: string; rule: string; mode?: 'always' | 'if-better'; activated?: boolean };
  plan?: Report['plan'];
  tuneReport?: { labelled: number; unlabelled: number; estimate: { folds: number; before: Record<string, number | null>; after: Record<string, number | null> }; curve: Report['curve']; curveNote: string | null };
}

/** NaN went through JSON.stringify as null already; anything else not finite is null too. */
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const est = (m: Record<string, unknown>, prefix = ''): Estimate => ({ mae: num(m[`${prefix}mae`]), corr: num(m[`${prefix}corr`]), acc2: num(m[`${prefix}acc2`]), acc7: num(m[`${prefix}acc7`]) });

const configOf = (r: ModelVersionRow): StoredConfig => JSON.parse(r.config_json) as StoredConfig;
const isTuned = (r: ModelVersionRow) => !!configOf(r).decision;

/** Why the active version is the active one, in words. */
export function activeWhy(versions: ModelVersionRow[]): { versionId: string; why: string } | null {
  const active = versions.find((v) => v.active === 1);
  if (!active) return null;
  const d = configOf(active).decision;
  if (d) {
    if (d.activated === false) return { versionId: active.id, why: `activated by hand; tuning had found it not better and kept it inactive: ${d.reason}` };
    if (!d.better) return { versionId: active.id, why: `activated by tuning with "activate even if not better" although it is not better: ${d.reason}` };
    return { versionId: active.id, why: `tuning activated it because it passed the rule: ${d.reason}` };
  }
  const latest = [...versions].reverse().find(isTuned);
  const ld = latest && configOf(latest).decision;
  const shipped = active.parent === null ? 'the model Attune ships' : 'a version not made by tuning';
  if (latest && ld && ld.activated === false) return { versionId: active.id, why: `${shipped}; it stays active because the latest tuned version, ${latest.id}, did not pass the rule: ${ld.reason}` };
  if (latest) return { versionId: active.id, why: `${shipped}, activated by hand after tuning` };
  return { versionId: active.id, why: `${shipped}; nothing has been tuned yet` };
}

export function tuneReport(db: Db, versionId: string | undefined): Report | null {
  const versions = listModelVersions(db);
  const row = versionId ? versions.find((v) => v.id === versionId) : [...versions].reverse().find(isTuned);
  if (!row) return null;
  const config = configOf(row);
  if (!config.decision || !config.plan) return null;
  const metrics = JSON.parse(row.metrics_json) as Record<string, unknown>;
  const stored = config.tuneReport;
  const active = activeWhy(versions)!;
  return {
    versionId: row.id,
    parent: row.parent,
    createdAt: row.created_at,
    labelled: stored?.labelled ?? num(metrics.labelled) ?? 0,
    unlabelled: stored?.unlabelled ?? num(metrics.unlabelled) ?? 0,
    estimate: stored
      ? { folds: stored.estimate.folds, before: est(stored.estimate.before), after: est(stored.estimate.after) }
      : { folds: num(metrics.folds) ?? 0, before: est(metrics, 'before_'), after: est(metrics, 'after_') },
    decision: { better: config.decision.better, reason: config.decision.reason, rule: config.decision.rule, mode: config.decision.mode ?? 'if-better', activated: config.decision.activated ?? row.active === 1 },
    plan: config.plan,
    curve: stored?.curve ?? null,
    curveNote: stored ? stored.curveNote : 'no learning curve: this version was tuned before Attune measured one',
    active,
  };
}
