import fs from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { send } from './media';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * Serves the built renderer: only regular files whose real path lies inside `root`'s real path, so
 * neither `..` nor a symbolic link placed in the folder reaches anything else.
 */
export function serveStatic(res: ServerResponse, root: string, urlPath: string, csp: string): void {
  const rel = decodeURIComponent(urlPath === '/' ? '/index.html' : urlPath);
  const file = path.resolve(root, `.${rel}`);
  if (!file.startsWith(path.resolve(root) + path.sep)) {
    res.writeHead(403).end('forbidden');
    return;
  }
  if (fs.existsSync(file) && !insideReal(root, file)) {
    res.writeHead(403).end('forbidden: not a file of the renderer');
    return;
  }
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
    if (urlPath === '/' || urlPath === '/index.html') {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`The renderer is not built (${root} is missing). Run 'npm run build' and reload.`);
      return;
    }
    res.writeHead(404).end('not found');
    return;
  }
  res.writeHead(200, {
    'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'Content-Security-Policy': csp,
  });
  send(fs.createReadStream(file), res);
}

function insideReal(root: string, file: string): boolean {
  try {
    return fs.realpathSync(file).startsWith(fs.realpathSync(root) + path.sep);
  } catch {
    return false;
  }
}
