/**
 * The browser host: serves the built renderer and the same contract over a WebSocket, on
 * 127.0.0.1 only, behind a random per-run token (no token -> 401).
 */
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { WebSocketServer, type WebSocket } from 'ws';
import { dispatch } from '../core/dispatch';
import { createService, type AttuneService } from '../core/service';
import { renderExport } from '../core/service/export';
import { getRecording } from '../core/store/recordings';
import { RequestEnvelopeSchema, type ResponseEnvelope } from '../shared/contract';
import { ExportFormatSchema } from '../shared/contract/schemas';
import { AttuneError, toErrorPayload } from '../shared/errors';
import { exportFileName } from '../shared/export-files';
import { EXPORT_FORMATS } from '../shared/types';
import { applySecurityHeaders, cspFor, rawHeaderLines } from './headers';
import { COOKIE, hostAllowed, isAuthorised, newToken, originAllowed } from './auth';
import { appRoot } from './app-root';
import { serveFileRange } from './media';
import { serveStatic } from './static';
import { dispatchProjects, type ProjectSwitcher } from '../core/projects-dispatch';
import { defaultConfigDir, noteOpened, RECENT_FILE } from '../core/recent-projects';
import { isProjectMethod } from '../shared/contract/project-methods';

export interface HostOptions {
  projectDir: string;
  port?: number;
  rendererDir?: string;
  token?: string;
  /** Largest accepted upload in bytes; default from ATTUNE_MAX_UPLOAD_MB, else DEFAULT_MAX_UPLOAD_BYTES. */
  maxUploadBytes?: number;
  /** The recent-projects list (core/recent-projects.ts); the project this host starts on is added to it. */
  recentFile?: string;
}

/** A long meeting from a phone or a camera is a few GB; 8 GiB leaves room and still stops a runaway client. */
export const DEFAULT_MAX_UPLOAD_BYTES = 8 * 1024 ** 3;
/** Most file systems refuse a name over 255 bytes; say so as the client's mistake, not a crash. */
const MAX_NAME_BYTES = 255;

export function maxUploadBytes(opts: HostOptions, env: NodeJS.ProcessEnv = process.env): number {
  if (opts.maxUploadBytes !== undefined) return opts.maxUploadBytes;
  const mb = Number(env.ATTUNE_MAX_UPLOAD_MB);
  return env.ATTUNE_MAX_UPLOAD_MB && Number.isFinite(mb) && mb > 0 ? Math.floor(mb * 1024 * 1024) : DEFAULT_MAX_UPLOAD_BYTES;
}

export interface RunningHost {
  url: string;
  token: string;
  port: number;
  service: AttuneService;
  close(): Promise<void>;
}

export function defaultRendererDir(): string {
  return path.join(appRoot(), 'out', 'renderer');
}

export async function startHost(opts: HostOptions): Promise<RunningHost> {
  const token = opts.token ?? newToken();
  const rendererDir = opts.rendererDir ?? defaultRendererDir();
  let port = 0;
  const open = (dir: string) => createService(dir, { watchExternalChanges: true, reanalyseAfterEdit: true, mediaUrl: (id) => `/media/${encodeURIComponent(id)}?token=${encodeURIComponent(token)}` });
  // The project can change under a running host (openProject from the recent list): everything below reads `service` when it runs.
  let service = open(opts.projectDir);
  const recentFile = opts.recentFile ?? path.join(defaultConfigDir(), RECENT_FILE);
  noteOpened(recentFile, service.dir);
  const uploadLimit = maxUploadBytes(opts);

  const server = http.createServer((req, res) => {
    applySecurityHeaders(res, port);
    const url = requestUrl(req);
    if (!url) return void res.writeHead(400).end('bad request target');
    if (!hostAllowed(req, port)) return void res.writeHead(421).end('wrong host');
    if (!isAuthorised(req, url, token)) {
      res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8' }).end('401: this Attune host needs the token printed when it started (open the URL it printed).');
      return;
    }
    if (url.searchParams.get('token') && (url.pathname === '/' || url.pathname === '/index.html')) {
      res.setHeader('Set-Cookie', `${COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`);
    }
    handle(req, res, url).catch((err) => {
      const p = toErrorPayload(err);
      // A URIError is a malformed %-escape in the request path: the client's mistake.
      const status = p.code === 'NOT_FOUND' ? 404 : p.code === 'BAD_INPUT' || p.code === 'USAGE' || err instanceof URIError ? 400 : 500;
      if (!res.headersSent) res.writeHead(err instanceof TooLarge ? 413 : status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: p }));
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    if (url.pathname.startsWith('/media/') && (req.method === 'GET' || req.method === 'HEAD')) {
      const id = decodeURIComponent(url.pathname.slice('/media/'.length));
      const rec = getRecording(service.db, id);
      if (!rec) return void res.writeHead(404).end('not a recording of this project');
      return serveFileRange(req, res, rec.mediaPath);
    }
    if (url.pathname === '/upload' && req.method === 'POST') {
      // The cookie is SameSite=Strict, but a page on another port of 127.0.0.1 is the same site.
      if (!originAllowed(req, port)) return void res.writeHead(403).end('foreign origin');
      // Control characters and separators never reach the file system.
      // eslint-disable-next-line no-control-regex
      const name = path.basename(url.searchParams.get('name') ?? '').replace(/[\u0000-\u001f/\\]/g, '_');
      if (!name || name === '.' || name === '..') return void res.writeHead(400).end('missing name');
      // Room for createUnique's "-N" suffix.
      if (Buffer.byteLength(name) > MAX_NAME_BYTES - 8) return void res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`upload name is ${Buffer.byteLength(name)} bytes; at most ${MAX_NAME_BYTES - 8} allowed`);
      const declared = Number(req.headers['content-length']);
      if (Number.isFinite(declared) && declared > uploadLimit) {
        res.writeHead(413, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' }).end(tooLargeMessage(name, uploadLimit));
        req.resume();
        return;
      }
      const inbox = path.join(service.dir, 'inbox');
      fs.mkdirSync(inbox, { recursive: true });
      const { dest, fd } = createUnique(path.join(inbox, name));
      try {
        // pipeline closes the file and fails when the client goes away mid-body; the counter stops a
        // chunked body that grows past the limit without a Content-Length.
        await pipeline(req, byteLimit(uploadLimit, name), fs.createWriteStream(dest, { fd }));
      } catch (err) {
        fs.rmSync(dest, { force: true });
        if (err instanceof TooLarge) res.setHeader('Connection', 'close');
        throw err;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ path: dest }));
      return;
    }
    if (url.pathname === '/export' && req.method === 'GET') {
      const parsed = ExportFormatSchema.safeParse(url.searchParams.get('format'));
      if (!parsed.success) return void res.writeHead(400).end(`format must be one of ${EXPORT_FORMATS.join(', ')}`);
      const format = parsed.data;
      const recordingId = url.searchParams.get('recording') ?? undefined;
      // scores=1: the model's scores too; annotators=all: every annotator's labels beside the gold label.
      // A format that cannot carry them is a 400 saying so.
      let body: string;
      try {
        body = renderExport(service.db, format, recordingId, { includeScores: url.searchParams.get('scores') === '1', ...(url.searchParams.get('annotators') === 'all' ? { annotators: 'all' as const } : {}) });
      } catch (err) {
        if (err instanceof AttuneError && err.code === 'USAGE') return void res.writeHead(400).end(err.message);
        throw err;
      }
      // The name the Export button shows (`name`, kept to a plain file name), else <project>-labels.<ext>.
      // No folders, quotes or control characters; any other character stays (RFC 5987 filename*).
      // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
      const clean = (n: string) => n.replace(/[\\/"\u0000-\u001f\u007f]/g, '_').replace(/^\.+/, '').slice(0, 200);
      const filename = clean(url.searchParams.get('name') ?? '') || clean(exportFileName(path.basename(service.dir), format));
      res.writeHead(200, {
        'Content-Type': 'application/octet-stream',
        'Content-Disposition': `attachment; filename="${filename.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      });
      res.end(body);
      return;
    }
    if (req.method === 'GET' || req.method === 'HEAD') return serveStatic(res, rendererDir, url.pathname, cspFor(port));
    res.writeHead(405).end();
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = requestUrl(req);
    if (url?.pathname !== '/api' || !hostAllowed(req, port) || !originAllowed(req, port) || !isAuthorised(req, url, token)) {
      socket.write(`HTTP/1.1 401 Unauthorized\r\n${rawHeaderLines(port)}Connection: close\r\n\r\n`);
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => bind(ws));
  });

  /** Each socket's subscription to the current service's events, moved over when the project changes. */
  const subscriptions = new Map<WebSocket, () => void>();
  const subscribe = (ws: WebSocket) =>
    service.events.on((event) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event }));
    });
  const switcher: ProjectSwitcher = {
    recentFile,
    current: () => service,
    async replace(dir) {
      const next = open(dir);
      const old = service;
      service = next;
      for (const [ws, off] of subscriptions) {
        off();
        subscriptions.set(ws, subscribe(ws));
      }
      await old.close();
      // Every open page reloads its state from the new project (the one that asked, and any other tab).
      for (const ws of subscriptions.keys()) if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ project: { path: service.dir } }));
    },
  };

  function bind(ws: WebSocket): void {
    subscriptions.set(ws, subscribe(ws));
    ws.on('close', () => {
      subscriptions.get(ws)?.();
      subscriptions.delete(ws);
    });
    // A bad frame (over maxPayload, invalid UTF-8) is an 'error' on this socket: close it, keep the host.
    ws.on('error', () => ws.terminate());
    ws.on('message', async (data) => {
      let id = -1;
      let reply: ResponseEnvelope;
      try {
        const env = RequestEnvelopeSchema.parse(JSON.parse(String(data)));
        id = env.id;
        reply = { id, ok: true, result: isProjectMethod(env.method) ? await dispatchProjects(switcher, env.method, env.params) : await dispatch(service.api, env.method, env.params) };
      } catch (err) {
        const p = toErrorPayload(err);
        reply = { id, ok: false, error: p };
      }
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(reply));
    });
  }

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
    });
  } catch (err) {
    await service.close(); // e.g. the port is taken: no database handle or watcher left behind
    throw err;
  }
  port = (server.address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}/?token=${encodeURIComponent(token)}`;
  return {
    url,
    token,
    port,
    get service() {
      return service;
    },
    async close() {
      for (const c of wss.clients) c.terminate();
      // close() waits for every open connection; a media response still streaming would hold it.
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
      await service.close();
    },
  };
}

/** The request target as a URL; null when it does not parse (an absolute-form target can fail). */
function requestUrl(req: http.IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', 'http://127.0.0.1');
  } catch {
    return null;
  }
}

class TooLarge extends AttuneError {
  constructor(message: string) {
    super('BAD_INPUT', message);
  }
}

function tooLargeMessage(name: string, limit: number): string {
  return `${name}: upload is larger than this host's limit of ${(limit / 1024 ** 2).toFixed(0)} MB (set ATTUNE_MAX_UPLOAD_MB to change it)`;
}

function byteLimit(limit: number, name: string): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      seen += chunk.length;
      if (seen > limit) cb(new TooLarge(tooLargeMessage(name, limit)));
      else cb(null, chunk);
    },
  });
}

/** Creates `p`, or `p-1`, `p-2`... when taken; exclusive, so two uploads of one name never share a file. */
function createUnique(p: string): { dest: string; fd: number } {
  const ext = path.extname(p);
  const base = p.slice(0, p.length - ext.length);
  for (let i = 0; ; i++) {
    const dest = i === 0 ? p : `${base}-${i}${ext}`;
    try {
      return { dest, fd: fs.openSync(dest, 'wx') };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}
