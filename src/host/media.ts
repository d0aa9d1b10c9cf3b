/** Serves a registered recording's media with HTTP Range support; any other path is refused. */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isUnlinkedRegularFile } from '../core/store/input-path';

const TYPES: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.m4a': 'audio/mp4',
  '.mov': 'video/quicktime',
  '.mkv': 'video/x-matroska',
  '.webm': 'video/webm',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
};

export function serveFileRange(req: IncomingMessage, res: ServerResponse, file: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`media file is missing: ${file}`);
    return;
  }
  // Only the regular file imported (its real path), never a link or anything else swapped in under its name since.
  if (!isUnlinkedRegularFile(file)) {
    res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`media file is no longer the regular file imported (a link or something else is there now): ${file}`);
    return;
  }
  const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  const range = req.headers.range;
  // Cache-Control and the other security headers come from the server, on every response.
  const headers: Record<string, string | number> = { 'Content-Type': type, 'Accept-Ranges': 'bytes' };
  if (range) {
    const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
    let start = m?.[1] ? Number(m[1]) : NaN;
    let end = m?.[2] ? Number(m[2]) : stat.size - 1;
    if (m && !m[1] && m[2]) {
      start = Math.max(0, stat.size - Number(m[2]));
      end = stat.size - 1;
    }
    if (!m || !Number.isFinite(start) || start > end || start >= stat.size) {
      res.writeHead(416, { 'Content-Range': `bytes */${stat.size}` }).end();
      return;
    }
    end = Math.min(end, stat.size - 1);
    res.writeHead(206, { ...headers, 'Content-Range': `bytes ${start}-${end}/${stat.size}`, 'Content-Length': end - start + 1 });
    if (req.method === 'HEAD') return void res.end();
    send(fs.createReadStream(file, { start, end }), res);
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Length': stat.size });
  if (req.method === 'HEAD') return void res.end();
  send(fs.createReadStream(file), res);
}

/**
 * pipeline, not pipe: a player that aborts a range request (every seek) must close the file, and
 * a read error must end the response rather than crash the host with an unhandled 'error'.
 */
export function send(from: fs.ReadStream, res: ServerResponse): void {
  pipeline(from, res, () => {});
}
