import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService } from '../service';
import { activateModelVersion, insertModelVersion } from '../store/model-versions';
import { defaultModelDir } from './models';

const root = path.resolve(__dirname, '..', '..', '..');
const shippedPack = path.join(root, 'models', 'default');
let tmp: string;
const savedEnv = process.env.ATTUNE_MODELS;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-moved-'));
});
afterAll(() => {
  if (savedEnv === undefined) delete process.env.ATTUNE_MODELS;
  else process.env.ATTUNE_MODELS = savedEnv;
  fs.rmSync(tmp, { recursive: true, force: true });
});

const analyze = async (dir: string) => {
  const svc = createService(dir, { create: false });
  try {
    const { done } = svc.jobs.start('analyze', { ep: 'cpu' });
    const res = await done;
    return { ...res, predictions: (await svc.api.predictions({})).length };
  } finally {
    await svc.close();
  }
};

describe('a moved project', () => {
  it('still finds its tuned version and the shipped model after the project and ATTUNE_MODELS move', async () => {
    // A pack of our own (links to the shipped files) that can be moved away afterwards.
    const packA = path.join(tmp, 'pack-a');
    fs.mkdirSync(packA);
    for (const f of fs.readdirSync(shippedPack)) fs.symlinkSync(path.join(shippedPack, f), path.join(packA, f));
    process.env.ATTUNE_MODELS = packA;
    expect(defaultModelDir()).toBe(path.join(packA, 'selfmi'));

    const first = path.join(tmp, 'first place');
    const svc = createService(first);
    await svc.api.importRecording({ mediaPath: path.join(root, 'resources/sample/meeting.mp4'), transcriptPath: path.join(root, 'resources/sample/meeting.vtt') });
    await svc.api.listModels({}); // registers the default version
    // A tuned version as tune leaves it: its files under <project>/models/<id>, registered by its path.
    const tunedDir = path.join(first, 'models', 'v-tuned');
    fs.cpSync(path.join(shippedPack, 'selfmi'), tunedDir, { recursive: true });
    insertModelVersion(svc.db, { id: 'v-tuned', parent: 'default', source: 'test', dir: tunedDir, config_json: '{}', metrics_json: '{}', data_summary_json: '{}' });
    activateModelVersion(svc.db, 'v-tuned');
    await svc.close();
    expect(await analyze(first)).toMatchObject({ predicted: 12, modelVersion: 'v-tuned', predictions: 12 });

    // Move both.
    const moved = path.join(tmp, 'second place');
    fs.renameSync(first, moved);
    const packB = path.join(tmp, 'pack-b');
    fs.renameSync(packA, packB);
    process.env.ATTUNE_MODELS = packB;

    // Predictions are recomputed from scratch by both versions, from where things are now.
    const again = createService(moved, { create: false });
    again.db.exec('DELETE FROM predictions');
    await again.close();
    expect(await analyze(moved)).toMatchObject({ predicted: 12, modelVersion: 'v-tuned', predictions: 12 });
    const svc2 = createService(moved, { create: false });
    await svc2.api.activateModel({ versionId: 'default' });
    await svc2.close();
    expect(await analyze(moved)).toMatchObject({ predicted: 12, modelVersion: 'default', predictions: 12 });

    // Stored by place in the project and by name in the pack, not by absolute path.
    const db = new Database(path.join(moved, 'attune.db'), { readonly: true });
    expect(db.prepare('SELECT id, dir FROM model_versions ORDER BY id').all()).toEqual([
      { id: 'default', dir: 'pack:selfmi' },
      { id: 'v-tuned', dir: 'models/v-tuned' },
    ]);
    db.close();
  }, 180_000);

  it('also finds the versions of a project an older Attune stored by absolute path', async () => {
    const moved = path.join(tmp, 'second place');
    const svc = createService(moved, { create: false });
    svc.db.prepare("UPDATE model_versions SET dir = '/gone/first place/models/v-tuned' WHERE id = 'v-tuned'").run();
    svc.db.prepare("UPDATE model_versions SET dir = '/gone/pack/selfmi' WHERE id = 'default'").run();
    await svc.api.activateModel({ versionId: 'v-tuned' });
    await svc.close();
    expect(await analyze(moved)).toMatchObject({ predicted: 12, modelVersion: 'v-tuned' });
    const svc2 = createService(moved, { create: false });
    await svc2.api.activateModel({ versionId: 'default' });
    await svc2.close();
    expect(await analyze(moved)).toMatchObject({ predicted: 12, modelVersion: 'default' });
  }, 180_000);
});
