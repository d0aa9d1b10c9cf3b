import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHost, type RunningHost } from './server';

const root = path.resolve(__dirname, '..', '..');
let host: RunningHost;
let dir: string;
let recordingId: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-host-'));
  const renderer = path.join(dir, 'renderer');
  fs.mkdirSync(renderer);
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Attune</title>');
  host = await startHost({ projectDir: path.join(dir, 'project'), rendererDir: renderer });
  recordingId = (await host.service.api.importRecording({ mediaPath: path.join(root, 'resources/sample/meeting.mp4'), transcriptPath: path.join(root, 'resources/sample/meeting.vtt') })).recordingId;
});
afterAll(async () => {
  await host.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const base = () => `http://127.0.0.1:${host.port}`;

function rpc(ws: WebSocket, id: number, method: string, params: unknown): Promise<any> {
  return new Promise((resolve) => {
    const onMsg = (data: WebSocket.RawData) => {
      const msg = JSON.parse(String(data));
      if (msg.id === id) {
        ws.off('message', onMsg);
        resolve(msg);
      }
    };
    ws.on('message', onMsg);
    ws.send(JSON.stringify({ id, method, params }));
  });
}

describe('browser host', () => {
  it('binds 127.0.0.1 and prints a URL with the token', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=.{20,}$`));
  });

  it('answers 401 without the token and serves the page with it', async () => {
    expect((await fetch(`${base()}/`)).status).toBe(401);
    expect((await fetch(`${base()}/?token=wrong`)).status).toBe(401);
    const ok = await fetch(host.url);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toContain("default-src 'self'");
    const cookie = ok.headers.get('set-cookie')!;
    expect(cookie).toContain('HttpOnly');
    // Assets then load with the cookie alone.
    expect((await fetch(`${base()}/index.html`, { headers: { cookie: cookie.split(';')[0] } })).status).toBe(200);
  });

  it('survives a malformed cookie and an unparsable request target', async () => {
    expect((await fetch(`${base()}/`, { headers: { cookie: 'attune_token=%E0%A4%A' } })).status).toBe(401);
    const reply = await new Promise<string>((resolve) => {
      const sock = net.connect(host.port, '127.0.0.1', () => sock.write(`GET http://[ HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nConnection: close\r\n\r\n`));
      let got = '';
      sock.on('data', (d) => (got += String(d)));
      sock.on('close', () => resolve(got));
      sock.on('error', () => resolve(got));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect((await fetch(host.url)).status).toBe(200);
  });

  it('serves registered media with Range and refuses anything else', async () => {
    const t = `token=${host.token}`;
    const res = await fetch(`${base()}/media/${recordingId}?${t}`, { headers: { range: 'bytes=0-99' } });
    expect(res.status).toBe(206);
    expect((await res.arrayBuffer()).byteLength).toBe(100);
    expect(res.headers.get('content-range')).toMatch(/^bytes 0-99\/\d+$/);
    expect((await fetch(`${base()}/media/rec-nope?${t}`)).status).toBe(404);
    expect((await fetch(`${base()}/media/..%2F..%2Fetc%2Fpasswd?${t}`)).status).toBe(404);
    expect((await fetch(`${base()}/../../etc/passwd?${t}`)).status).not.toBe(200);
    expect((await fetch(`${base()}/media/%E0%A4%A?${t}`)).status).toBe(400);
    expect((await fetch(`${base()}/export?format=docx&${t}`)).status).toBe(400);
  });

  it.runIf(fs.existsSync('/proc/self/fd'))('closes the media file when the player abandons a request', async () => {
    const media = (await host.service.api.listRecordings({}))[0].mediaPath;
    const open = () => fs.readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return fs.readlinkSync(`/proc/self/fd/${fd}`) === media;
      } catch {
        return false;
      }
    }).length;
    const before = open();
    for (let i = 0; i < 3; i++) {
      await new Promise<void>((resolve) => {
        const req = http.get(`${base()}/media/${recordingId}?token=${host.token}`, (res) => {
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        });
        req.on('error', () => {});
      });
    }
    for (let i = 0; i < 50 && open() > before; i++) await new Promise((r) => setTimeout(r, 20));
    expect(open()).toBe(before);
  });

  it('speaks the contract over a WebSocket, validating requests', async () => {
    await expect(new Promise((resolve, reject) => {
      const bad = new WebSocket(`ws://127.0.0.1:${host.port}/api`);
      bad.on('open', () => reject(new Error('opened without token')));
      bad.on('error', resolve);
    })).resolves.toBeTruthy();
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`);
    await new Promise((r) => ws.on('open', r));
    const segs = await rpc(ws, 1, 'listSegments', {});
    expect(segs.ok).toBe(true);
    expect(segs.result).toHaveLength(12);
    const bad = await rpc(ws, 2, 'setLabel', { segmentId: segs.result[0].id, score: 9 });
    expect(bad.ok).toBe(false);
    expect(bad.error.code).toBe('USAGE');
    const unknown = await rpc(ws, 3, 'rm -rf', {});
    expect(unknown.ok).toBe(false);
    const changed = new Promise((resolve) => ws.on('message', (d) => String(d).includes('"changed"') && resolve(true)));
    const ok = await rpc(ws, 4, 'setLabel', { segmentId: segs.result[0].id, score: 2 });
    expect(ok.result.score).toBe(2);
    expect(await changed).toBe(true);
    const url = await rpc(ws, 5, 'mediaUrl', { recordingId });
    expect(url.result.url).toContain(`/media/${recordingId}`);
    ws.close();
    // A frame over the payload limit closes that socket only.
    const big = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`);
    await new Promise((r) => big.on('open', r));
    const closed = new Promise((r) => big.on('close', r));
    big.on('error', () => {});
    big.send(Buffer.alloc(17 * 1024 * 1024, 32));
    await closed;
    expect((await fetch(host.url)).status).toBe(200);
  });

  it('accepts uploads into the project inbox only, under a safe name', async () => {
    const res = await fetch(`${base()}/upload?token=${host.token}&name=${encodeURIComponent('../../evil name.vtt')}`, { method: 'POST', body: 'WEBVTT\n' });
    expect(res.status).toBe(200);
    const { path: saved } = (await res.json()) as { path: string };
    expect(path.dirname(saved)).toBe(path.join(host.service.dir, 'inbox'));
    expect(path.basename(saved)).toBe('evil name.vtt');
    const foreign = await fetch(`${base()}/upload?token=${host.token}&name=x.vtt`, { method: 'POST', body: 'WEBVTT\n', headers: { origin: 'http://127.0.0.1:1' } });
    expect(foreign.status).toBe(403);
    expect(fs.existsSync(path.join(host.service.dir, 'inbox', 'x.vtt'))).toBe(false);
  });

  it('gives concurrent uploads of one name their own files', async () => {
    const up = async (body: string) =>
      ((await (await fetch(`${base()}/upload?token=${host.token}&name=same.vtt`, { method: 'POST', body })).json()) as { path: string }).path;
    const [a, b] = await Promise.all([up('WEBVTT\n\nNOTE a\n'), up('WEBVTT\n\nNOTE b\n')]);
    expect(a).not.toBe(b);
    expect([fs.readFileSync(a, 'utf8'), fs.readFileSync(b, 'utf8')].sort()).toEqual(['WEBVTT\n\nNOTE a\n', 'WEBVTT\n\nNOTE b\n']);
  });

  it('removes the partial file of an upload the client abandons', async () => {
    const req = http.request(`${base()}/upload?token=${host.token}&name=abandoned.mp4`, { method: 'POST', headers: { 'content-length': '100000' } });
    req.on('error', () => {});
    req.write(Buffer.alloc(1000));
    const partial = path.join(host.service.dir, 'inbox', 'abandoned.mp4');
    for (let i = 0; i < 50 && !fs.existsSync(partial); i++) await new Promise((r) => setTimeout(r, 20));
    expect(fs.existsSync(partial)).toBe(true);
    req.destroy();
    for (let i = 0; i < 50 && fs.existsSync(partial); i++) await new Promise((r) => setTimeout(r, 20));
    expect(fs.existsSync(partial)).toBe(false);
  });
});

describe('host hardening (issue 10, items 12-14)', () => {
  const t = () => `token=${host.token}`;

  it('refuses an upload over the limit with 413, declared or streamed, and keeps no partial file', async () => {
    const small = await startHost({ projectDir: path.join(dir, 'small-limit'), rendererDir: path.join(dir, 'renderer'), maxUploadBytes: 64 * 1024 });
    const base = () => `http://127.0.0.1:${small.port}`;
    const t = () => `token=${small.token}`;
    const inbox = path.join(small.service.dir, 'inbox');
    const declared = await fetch(`${base()}/upload?${t()}&name=big.mp4`, { method: 'POST', body: new Uint8Array(65 * 1024) });
    expect(declared.status).toBe(413);
    expect(await declared.text()).toMatch(/big\.mp4: upload is larger than this host's limit/);
    // A chunked body has no Content-Length: the counter stops it.
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${base()}/upload?${t()}&name=chunked.mp4`, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 20; i++) req.write(Buffer.alloc(8 * 1024));
      req.end();
    });
    expect(status).toBe(413);
    expect(fs.existsSync(path.join(inbox, 'big.mp4'))).toBe(false);
    expect(fs.existsSync(path.join(inbox, 'chunked.mp4'))).toBe(false);
    const ok = await fetch(`${base()}/upload?${t()}&name=small.vtt`, { method: 'POST', body: 'WEBVTT\n' });
    expect(ok.status).toBe(200);
    await small.close();
  });

  it('answers 400, not 500, for an upload name too long for the file system', async () => {
    const res = await fetch(`${base()}/upload?${t()}&name=${'n'.repeat(300)}.vtt`, { method: 'POST', body: 'WEBVTT\n' });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/upload name is 304 bytes/);
  });

  it('sends the security headers on every response: errors, exports, 401s and refused upgrades', async () => {
    const responses = [
      await fetch(`${base()}/`),
      await fetch(`${base()}/nope.js?${t()}`),
      await fetch(`${base()}/export?${t()}&format=csv`),
      await fetch(`${base()}/export?${t()}&format=nope`),
      await fetch(`${base()}/media/rec-nope?${t()}`),
      await fetch(`${base()}/upload?${t()}`, { method: 'PUT' }),
    ];
    for (const res of responses) {
      expect(res.headers.get('x-content-type-options'), res.url).toBe('nosniff');
      expect(res.headers.get('cache-control'), res.url).toBe('no-store');
      expect(res.headers.get('content-security-policy'), res.url).toContain("frame-ancestors 'none'");
      // Only this host's own WebSocket, not any port of 127.0.0.1.
      expect(res.headers.get('content-security-policy'), res.url).toContain(`ws://127.0.0.1:${host.port}`);
      expect(res.headers.get('content-security-policy'), res.url).not.toContain('127.0.0.1:*');
    }
    const raw = await new Promise<string>((resolve) => {
      const sock = net.connect(host.port, '127.0.0.1', () =>
        sock.write(`GET /api HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`),
      );
      let got = '';
      sock.on('data', (d) => (got += String(d)));
      sock.on('close', () => resolve(got));
      sock.on('error', () => resolve(got));
    });
    expect(raw).toMatch(/^HTTP\/1\.1 401/);
    expect(raw).toMatch(/X-Content-Type-Options: nosniff/i);
  });

  it('serves media only while the registered path is the regular file imported, never a link swapped in', async () => {
    const media = path.join(dir, 'swap.mp4');
    fs.copyFileSync(path.join(root, 'resources/sample/meeting.mp4'), media);
    const { recordingId: id } = await host.service.api.importRecording({ mediaPath: media, transcriptPath: path.join(root, 'resources/sample/meeting.vtt') });
    expect((await fetch(`${base()}/media/${id}?${t()}`, { headers: { range: 'bytes=0-9' } })).status).toBe(206);
    fs.rmSync(media);
    fs.symlinkSync('/etc/passwd', media);
    const res = await fetch(`${base()}/media/${id}?${t()}`);
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('root:');
    fs.rmSync(media);
    expect((await fetch(`${base()}/media/${id}?${t()}`)).status).toBe(404);
  });

  it('serves no static file through a link that leaves the renderer folder', async () => {
    const renderer = path.join(dir, 'renderer');
    fs.symlinkSync('/etc/passwd', path.join(renderer, 'passwd.js'));
    fs.symlinkSync('/etc', path.join(renderer, 'etc'));
    const a = await fetch(`${base()}/passwd.js?${t()}`);
    const b = await fetch(`${base()}/etc/passwd?${t()}`);
    expect([a.status, b.status]).toEqual([403, 403]);
    expect((await a.text()) + (await b.text())).not.toContain('root:');
    expect((await fetch(`${base()}/index.html?${t()}`)).status).toBe(200);
  });

  it('imports a media file given through a link as its real path', async () => {
    const real = path.join(dir, 'real.mp4');
    fs.copyFileSync(path.join(root, 'resources/sample/meeting.mp4'), real);
    const link = path.join(dir, 'via-link.mp4');
    fs.symlinkSync(real, link);
    const { recordingId: id } = await host.service.api.importRecording({ mediaPath: link, transcriptPath: path.join(root, 'resources/sample/meeting.vtt') });
    const rec = (await host.service.api.listRecordings({})).find((r) => r.id === id)!;
    expect(rec.mediaPath).toBe(fs.realpathSync(real));
    expect((await fetch(`${base()}/media/${id}?${t()}`, { headers: { range: 'bytes=0-9' } })).status).toBe(206);
  });
});

describe('failed import of uploads', () => {
  it('removes the uploaded copies from the inbox and leaves the project unchanged', async () => {
    const up = async (name: string, body: string | Uint8Array) =>
      ((await (await fetch(`http://127.0.0.1:${host.port}/upload?token=${host.token}&name=${encodeURIComponent(name)}`, { method: 'POST', body: typeof body === 'string' ? body : new Blob([new Uint8Array(body)]) })).json()) as { path: string }).path;
    const media = await up('meeting copy.mp4', fs.readFileSync(path.join(root, 'resources/sample/meeting.mp4')));
    const vtt = await up('broken.vtt', 'WEBVTT\n\n00:00:01.000 --> 00:00:00.500\nbackwards\n');
    const before = (await host.service.api.listSegments({})).length;
    await expect(host.service.api.importRecording({ mediaPath: media, transcriptPath: vtt })).rejects.toThrow(/broken\.vtt/);
    expect(fs.existsSync(media)).toBe(false);
    expect(fs.existsSync(vtt)).toBe(false);
    expect((await host.service.api.listSegments({})).length).toBe(before);

    // An upload a recording already holds stays, whatever a later failed import of it.
    const held = await up('held.mp4', fs.readFileSync(path.join(root, 'resources/sample/meeting.mp4')));
    await host.service.api.importRecording({ mediaPath: held, transcriptPath: path.join(root, 'resources/sample/meeting.vtt') });
    const broken = await up('broken again.vtt', 'WEBVTT\n\n00:00:01.000 --> 00:00:00.500\nbackwards\n');
    await expect(host.service.api.importRecording({ mediaPath: held, transcriptPath: broken })).rejects.toThrow(/broken again\.vtt/);
    expect(fs.existsSync(held)).toBe(true);
    expect(fs.existsSync(broken)).toBe(false);
  });
});

describe('changes made by another process', () => {
  it('reach connected clients as change events', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`);
    await new Promise((r) => ws.on('open', r));
    const seen = new Promise((resolve) => ws.on('message', (d) => String(d).includes('"labels"') && resolve(true)));
    // A second connection to the same project, as `attune label` would open.
    const { createService } = await import('../core/service');
    const other = createService(host.service.dir);
    const [seg] = await other.api.listSegments({});
    await other.api.setLabel({ segmentId: seg.id, score: -1 });
    await other.close();
    expect(await seen).toBe(true);
    ws.close();
  });
});
