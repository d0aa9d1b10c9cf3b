/** Test support: a temporary project holding the shipped sample meeting, removed after the suite. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createService, type AttuneService } from '../service';

const root = path.resolve(__dirname, '..', '..', '..');

export function useSampleProject(prefix: string): { readonly svc: AttuneService } {
  const holder = {} as { svc: AttuneService; dir: string };
  beforeAll(async () => {
    holder.dir = fs.mkdtempSync(path.join(os.tmpdir(), `attune-${prefix}-`));
    holder.svc = createService(holder.dir);
    await holder.svc.api.importRecording({ mediaPath: path.join(root, 'resources/sample/meeting.mp4'), transcriptPath: path.join(root, 'resources/sample/meeting.vtt') });
  });
  afterAll(async () => {
    await holder.svc.close();
    fs.rmSync(holder.dir, { recursive: true, force: true });
  });
  return holder;
}
