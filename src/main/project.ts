import fs from 'node:fs';
import path from 'node:path';
import { createService } from '../core/service';

/**
 * The project to open: `--project DIR` on the command line, else the user's default project. A
 * first run with no recordings imports the sample meeting shipped in resources/, so a new user sees
 * the whole loop at once.
 */
export async function openInitialProject(appRoot: string, userData: string, argv: string[]): Promise<string> {
  const i = argv.indexOf('--project');
  const dir = i >= 0 && argv[i + 1] ? path.resolve(argv[i + 1]) : path.join(userData, 'default-project');
  await ensureSample(dir, appRoot);
  return dir;
}

export async function ensureSample(dir: string, appRoot: string): Promise<void> {
  const sample = path.join(appRoot, 'resources', 'sample');
  const media = path.join(sample, 'meeting.mp4');
  if (!fs.existsSync(media)) return;
  const svc = createService(dir);
  try {
    if ((await svc.api.listRecordings({})).length === 0) {
      await svc.api.importRecording({ mediaPath: media, transcriptPath: path.join(sample, 'meeting.vtt') });
    }
  } finally {
    await svc.close();
  }
}
