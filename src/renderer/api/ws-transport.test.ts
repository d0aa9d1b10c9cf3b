import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WsTransport } from './ws-transport';

/** Just enough of a browser WebSocket to drive the transport by hand. */
class FakeSocket {
  static OPEN = 1;
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((ev: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(msg: string): void {
    this.sent.push(msg);
  }
  open(): void {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }
  drop(): void {
    this.readyState = 3;
    this.onclose?.();
  }
}

describe('WsTransport', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.all = [];
    vi.stubGlobal('window', { location: { protocol: 'http:', host: '127.0.0.1:1' } });
    vi.stubGlobal('WebSocket', FakeSocket);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('fails a request queued while disconnected and never sends it on the next connection', async () => {
    const t = new WsTransport('tok');
    FakeSocket.all[0].open();
    FakeSocket.all[0].drop();
    const call = t.call('setLabel', { segmentId: 's1', score: 2 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(250);
    FakeSocket.all[1].drop(); // the first reconnect fails too
    expect(await call).toMatchObject({ code: 'DISCONNECTED' });
    await vi.advanceTimersByTimeAsync(500);
    FakeSocket.all[2].open();
    expect(FakeSocket.all[2].sent).toEqual([]);
  });

  it('sends what was queued before the first connection opened, and ignores frames that are not objects', async () => {
    const t = new WsTransport('tok');
    const call = t.call('listLabels', {});
    const socket = FakeSocket.all[0];
    socket.open();
    const { id } = JSON.parse(socket.sent[0]) as { id: number };
    socket.onmessage?.({ data: '7' });
    socket.onmessage?.({ data: JSON.stringify({ id, ok: true, result: [] }) });
    await expect(call).resolves.toEqual([]);
  });
});
