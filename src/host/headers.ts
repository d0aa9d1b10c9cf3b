import type { ServerResponse } from 'node:http';

/**
 * The page may talk only to this host's own WebSocket: naming the port (rather than
 * `ws://127.0.0.1:*`) keeps a page of ours from reaching another local server.
 */
export function cspFor(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Sent on every response, errors and downloads included: an error body or an export opened in a
 * tab must not be sniffed into HTML, framed, cached or leak the token in a Referer.
 */
export function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': cspFor(port),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

export function applySecurityHeaders(res: ServerResponse, port: number): void {
  for (const [k, v] of Object.entries(securityHeaders(port))) res.setHeader(k, v);
}

/** The same headers for a reply written by hand on a raw socket (a refused WebSocket upgrade). */
export function rawHeaderLines(port: number): string {
  return Object.entries(securityHeaders(port))
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
}
