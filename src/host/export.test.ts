import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHost, type RunningHost } from './server';

/** exportLabels over the host's WebSocket: relative paths land in the project, never over it. */
const root = path.resolve(__dirname, '..', '..');
let host: RunningHost;
let dir: string;
let project: string;
let ws: WebSocket;
let next = 1;

function rpc(method: string, params: unknown): Promise<{ ok: boolean; result?: any; error?: { code: string; message: string; file?: string } }> {
  const id = next++;
  return new Promise((resolve) => {
    const onMsg = (data: WebSocket.RawData) => {
      const msg = JSON.parse(String(data));
      if (msg.id !== id) return;
      ws.off('message', onMsg);
      resolve(msg);
    };
    ws.on('message', onMsg);
    ws.send(JSON.stringify({ id, method, params }));
  });
}

beforeAll(async () => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'attune-host-export-')));
  project = path.join(dir, 'project');
  const renderer = path.join(dir, 'renderer');
  fs.mkdirSync(renderer);
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Attune</title>');
  host = await startHost({ projectDir: project, rendererDir: renderer });
  await host.service.api.importRecording({ mediaPath: path.join(root, 'resources/sample/meeting.mp4'), transcriptPath: path.join(root, 'resources/sample/meeting.vtt') });
  ws = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
});
afterAll(async () => {
  ws?.close();
  await host.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('host exportLabels', () => {
  it('resolves a relative destination against the project folder, not the server cwd', async () => {
    expect(process.cwd()).not.toBe(project);
    const res = await rpc('exportLabels', { format: 'csv', outPath: 'labels.csv' });
    expect(res.ok).toBe(true);
    expect(res.result.path).toBe(path.join(project, 'labels.csv'));
    expect(fs.existsSync(path.join(project, 'labels.csv'))).toBe(true);
    expect(fs.existsSync(path.join(process.cwd(), 'labels.csv'))).toBe(false);
  });

  it('refuses the project database (relative or absolute) and keeps serving the project', async () => {
    const db = path.join(project, 'attune.db');
    const before = fs.readFileSync(db);
    for (const outPath of ['attune.db', db, 'attune.db-wal']) {
      const res = await rpc('exportLabels', { format: 'csv', outPath, overwrite: true });
      expect(res.ok).toBe(false);
      expect(res.error!.code).toBe('BAD_INPUT');
      expect(res.error!.message).toContain(path.resolve(project, outPath));
      expect(res.error!.message).toMatch(/project's database/);
    }
    expect(fs.readFileSync(db).equals(before)).toBe(true);
    expect((await rpc('listSegments', {})).result.length).toBeGreaterThan(0);
  });

  it('answers CONFLICT for an existing file unless the request says overwrite', async () => {
    fs.writeFileSync(path.join(project, 'mine.csv'), 'keep me\n');
    const refused = await rpc('exportLabels', { format: 'csv', outPath: 'mine.csv' });
    expect(refused.ok).toBe(false);
    expect(refused.error!.code).toBe('CONFLICT');
    expect(refused.error!.file).toBe(path.join(project, 'mine.csv'));
    expect(fs.readFileSync(path.join(project, 'mine.csv'), 'utf8')).toBe('keep me\n');
    const replaced = await rpc('exportLabels', { format: 'csv', outPath: 'mine.csv', overwrite: true });
    expect(replaced.ok).toBe(true);
    expect(fs.readFileSync(path.join(project, 'mine.csv'), 'utf8')).not.toBe('keep me\n');
  });
});
