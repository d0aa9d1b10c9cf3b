import { describe, expect, it } from 'vitest';
import type { ModelVersionRow } from '../store/model-versions';
import { activeWhy } from './tune-report';

const row = (id: string, active: boolean, decision?: { better: boolean; activated: boolean }): ModelVersionRow => ({
  id,
  created_at: `2025-01-01T00:00:0${id.length}Z`,
  parent: id === 'default' ? null : 'default',
  active: active ? 1 : 0,
  source: id,
  dir: id,
  config_json: JSON.stringify(decision ? { decision: { ...decision, reason: 'k-fold MAE 1.000 → 0.900', rule: 'the rule', mode: 'if-better' } } : {}),
  metrics_json: '{}',
  data_summary_json: '{}',
});

describe('which version is active, and why', () => {
  it('names the verdict of the tuning that activated it, or why the shipped one still is', () => {
    expect(activeWhy([row('default', true)])!.why).toMatch(/the model Attune ships; nothing has been tuned yet/);
    expect(activeWhy([row('default', false), row('v-a', true, { better: true, activated: true })])).toEqual({ versionId: 'v-a', why: expect.stringMatching(/^tuning activated it because it passed the rule: k-fold MAE/) });
    expect(activeWhy([row('default', true), row('v-a', false, { better: false, activated: false })])!.why).toMatch(/stays active because the latest tuned version, v-a, did not pass the rule/);
    expect(activeWhy([row('default', false), row('v-a', true, { better: false, activated: false })])!.why).toMatch(/^activated by hand; tuning had found it not better/);
    expect(activeWhy([row('default', false), row('v-a', true, { better: false, activated: true })])!.why).toMatch(/although it is not better/);
    expect(activeWhy([row('default', true), row('v-a', false, { better: true, activated: true })])!.why).toMatch(/activated by hand after tuning/);
  });
});
