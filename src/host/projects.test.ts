import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createService } from '../core/service';
import { noteOpened } from '../core/recent-projects';
import { startHost, type RunningHost } from './server';

const root = path.resolve(__dirname, '..', '..');
let host: RunningHost;
let dir: string;
let a: string;
let b: string;
let recentFile: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-projects-'));
  const renderer = path.join(dir, 'renderer');
  fs.mkdirSync(renderer);
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Attune</title>');
  a = path.join(dir, 'a');
  b = path.join(dir, 'b');
  recentFile = path.join(dir, 'config', 'recent-projects.json');
  // B holds the sample meeting and was opened before; the host starts on the empty A.
  const svc = createService(b, { create: true });
  await svc.api.importRecording({ mediaPath: path.join(root, 'resources/sample/meeting.mp4'), transcriptPath: path.join(root, 'resources/sample/meeting.vtt') });
  await svc.close();
  noteOpened(recentFile, b, new Date(Date.now() - 60_000));
  host = await startHost({ projectDir: a, rendererDir: renderer, recentFile });
});
afterAll(async () => {
  await host.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function connect(): Promise<{ ws: WebSocket; messages: any[] }> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${encodeURIComponent(host.token)}`, { origin: `http://127.0.0.1:${host.port}` });
  const messages: any[] = [];
  ws.on('message', (d) => messages.push(JSON.parse(String(d))));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, messages }));
    ws.once('error', reject);
  });
}

let nextId = 1;
async function call(c: { ws: WebSocket; messages: any[] }, method: string, params: unknown): Promise<any> {
  const id = nextId++;
  c.ws.send(JSON.stringify({ id, method, params }));
  for (let i = 0; i < 400; i++) {
    const hit = c.messages.find((m) => m.id === id);
    if (hit) return hit;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no reply to ${method}`);
}

describe('recent projects in the browser host', () => {
  it('lists the start project first, then the one opened before', async () => {
    const c = await connect();
    const r = await call(c, 'recentProjects', {});
    expect(r.ok).toBe(true);
    expect(r.result.map((p: any) => [p.name, p.current, p.missing])).toEqual([
      ['a', true, false],
      ['b', false, false],
    ]);
    c.ws.close();
  });

  it('refuses a path that is not on its list and stays on its project', async () => {
    const c = await connect();
    const stranger = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-stranger-'));
    const r = await call(c, 'openProject', { path: stranger });
    expect(r.ok).toBe(false);
    expect(r.error.message).toMatch(/is not in the recent projects/);
    expect(host.service.dir).toBe(a);
    expect(fs.existsSync(path.join(stranger, 'attune.db'))).toBe(false);
    fs.rmSync(stranger, { recursive: true, force: true });
    c.ws.close();
  });

  it("switches to B: the service is B's, the page is told to reload, the list has B first; and back", async () => {
    const c = await connect();
    const other = await connect();
    const r = await call(c, 'openProject', { path: b });
    expect(r).toMatchObject({ ok: true, result: { path: b } });
    expect(host.service.dir).toBe(b);
    const recs = await call(c, 'listRecordings', {});
    expect(recs.result).toHaveLength(1);
    await expect.poll(() => other.messages.some((m) => m.project?.path === b)).toBe(true);
    expect((await call(c, 'recentProjects', {})).result.map((p: any) => [p.name, p.current])).toEqual([
      ['b', true],
      ['a', false],
    ]);
    expect((await call(c, 'openProject', { path: a })).ok).toBe(true);
    expect((await call(c, 'listRecordings', {})).result).toHaveLength(0);
    c.ws.close();
    other.ws.close();
  });
});
