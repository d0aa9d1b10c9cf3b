import type { Method } from '../../shared/contract';
import type { ProjectMethod } from '../../shared/contract/project-methods';
import { t } from '../i18n';
import { ApiError, type ConnectionState, type Transport } from './transport';

const TOKEN_KEY = 'attune.token';

/**
 * The per-run token arrives once in the page URL; keeping it in sessionStorage lets a reload of the
 * same tab reconnect, and removing it from the address bar keeps it out of history and screenshots.
 */
export function takeToken(loc: Location = window.location, storage: Storage = window.sessionStorage): string | null {
  const url = new URL(loc.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return storage.getItem(TOKEN_KEY);
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

export class WsTransport implements Transport {
  readonly kind = 'browser' as const;
  private socket: WebSocket | null = null;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private outbox: string[] = [];
  private eventListeners = new Set<(e: unknown) => void>();
  private connListeners = new Set<(s: ConnectionState) => void>();
  private state: ConnectionState = 'connecting';
  private retryMs = 250;

  constructor(private readonly token: string) {
    this.connect();
  }

  private setState(s: ConnectionState): void {
    this.state = s;
    for (const cb of this.connListeners) cb(s);
  }

  private connect(): void {
    const proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(`${proto}//${window.location.host}/api?token=${encodeURIComponent(this.token)}`);
    this.socket = socket;
    this.setState('connecting');
    socket.onopen = () => {
      this.retryMs = 250;
      this.setState('open');
      for (const msg of this.outbox.splice(0)) socket.send(msg);
    };
    socket.onmessage = (ev) => this.receive(String(ev.data));
    socket.onclose = () => {
      this.socket = null;
      this.setState('closed');
      // A request in flight when the socket dropped may or may not have been applied; the caller
      // must see a failure rather than a silent hang, so nothing is shown as saved by mistake.
      // Requests still queued for a socket are failed with them and dropped: sending them on the
      // next connection would apply a write whose caller was already told it failed.
      for (const [, p] of this.pending) p.reject(new ApiError({ code: 'DISCONNECTED', message: t('notice.disconnected') }));
      this.pending.clear();
      this.outbox = [];
      setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 5000);
    };
  }

  private receive(raw: string): void {
    let msg: any;
    try {
      msg = JSON.parse(raw);
    } catch {
      return;
    }
    if (!msg || typeof msg !== 'object') return;
    if ('event' in msg) {
      for (const cb of this.eventListeners) cb(msg.event);
      return;
    }
    // The host switched to another project (this tab asked, or another one did): everything this
    // page holds is the old project's, so it starts over on the new one.
    if ('project' in msg) {
      window.location.reload();
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.result);
    else p.reject(new ApiError(msg.error ?? { code: 'INTERNAL', message: 'malformed error from host' }));
  }

  call(method: Method | ProjectMethod, params: unknown): Promise<unknown> {
    const id = this.nextId++;
    const msg = JSON.stringify({ id, method, params });
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.socket && this.socket.readyState === WebSocket.OPEN) this.socket.send(msg);
      else this.outbox.push(msg);
    });
  }

  onEvent(cb: (e: unknown) => void): () => void {
    this.eventListeners.add(cb);
    return () => this.eventListeners.delete(cb);
  }

  onConnection(cb: (s: ConnectionState) => void): () => void {
    this.connListeners.add(cb);
    cb(this.state);
    return () => this.connListeners.delete(cb);
  }

  async serverPathFor(file: File): Promise<string> {
    const res = await fetch(`/upload?token=${encodeURIComponent(this.token)}&name=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      body: file,
    });
    const body = await res.json().catch(() => null);
    if (!res.ok || !body || typeof body.path !== 'string') {
      throw new ApiError(body?.error ?? { code: 'UPLOAD', message: t('notice.uploadFailed', { name: file.name, status: res.status }) });
    }
    return body.path;
  }

  async saveExport(format: string, defaultName: string, _write?: unknown, what: { scores?: boolean; annotators?: 'gold' | 'all' } = {}): Promise<string | null> {
    // The browser's download machinery is the "choose a destination" step here: depending on the
    // analyst's settings it asks where to save or drops the file in Downloads.
    const a = document.createElement('a');
    // The host names the download as asked, so the saved file is the one the button promised.
    a.href = `/export?token=${encodeURIComponent(this.token)}&format=${encodeURIComponent(format)}&name=${encodeURIComponent(defaultName)}${what.scores ? '&scores=1' : ''}${what.annotators === 'all' ? '&annotators=all' : ''}`;
    a.download = defaultName;
    document.body.appendChild(a);
    a.click();
    a.remove();
    return defaultName;
  }
}
