import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const COOKIE = 'attune_token';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The token may come as ?token=, as a Bearer header, or as the cookie set on the first page load. */
export function presentedToken(req: IncomingMessage, url: URL): string | null {
  const q = url.searchParams.get('token');
  if (q) return q;
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7);
  const cookie = req.headers.cookie ?? '';
  for (const part of cookie.split(';')) {
    const [k, v] = part.trim().split('=');
    if (k === COOKIE && v) {
      try {
        return decodeURIComponent(v);
      } catch {
        return null; // a malformed %-escape (any page of the same site can set this cookie)
      }
    }
  }
  return null;
}

export function isAuthorised(req: IncomingMessage, url: URL, token: string): boolean {
  const t = presentedToken(req, url);
  return t !== null && safeEqual(t, token);
}

/** Refuses requests whose Host is not our loopback address (DNS-rebinding defence). */
export function hostAllowed(req: IncomingMessage, port: number): boolean {
  const host = (req.headers.host ?? '').toLowerCase();
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** A browser's request from our own page, or a non-browser client (no Origin header). */
export function originAllowed(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  return !origin || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}
