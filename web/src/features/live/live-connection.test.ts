import { afterEach, describe, expect, it, vi } from 'vitest';
import { BACKOFF_MAX_MS, LiveConnection, backoffDelayMs, type LiveEvent, type SocketLike } from './live-connection';

class FakeSocket implements SocketLike {
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;
  sent: string[] = [];
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.onclose?.();
  }
  receive(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

function event(id: string, type = 'document.classified'): LiveEvent {
  return { type, eventId: id, documentId: 'd1', stage: 'classified' };
}

async function flush() {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
}

describe('reconnect backoff', () => {
  it('doubles from 0.5 s up to 30 s, with jitter between half and all of it', () => {
    expect(backoffDelayMs(0, () => 0)).toBe(250);
    expect(backoffDelayMs(0, () => 0.999999)).toBe(500);
    expect(backoffDelayMs(3, () => 0.999999)).toBe(4000);
    expect(backoffDelayMs(20, () => 0.999999)).toBe(BACKOFF_MAX_MS);
    expect(backoffDelayMs(20, () => 0)).toBe(BACKOFF_MAX_MS / 2);
  });
});

describe('live connection', () => {
  afterEach(() => vi.useRealTimers());

  function connection() {
    const sockets: FakeSocket[] = [];
    const received: LiveEvent[] = [];
    const resyncs = vi.fn();
    const live = new LiveConnection({
      token: async () => 'token-1',
      openSocket: (url) => {
        const socket = new FakeSocket(url);
        sockets.push(socket);
        return socket;
      },
      onEvent: (e) => received.push(e),
      onResyncNeeded: resyncs,
      random: () => 0.999999,
      url: (token) => `ws://test/ws?token=${token}`,
    });
    return { live, sockets, received, resyncs };
  }

  it('reconnects after a drop with growing delays and asks to resume from the last event id', async () => {
    vi.useFakeTimers();
    const { live, sockets, received } = connection();
    live.start();
    await flush();
    expect(sockets).toHaveLength(1);
    expect(sockets[0].url).toBe('ws://test/ws?token=token-1');
    sockets[0].onopen?.();
    expect(sockets[0].sent).toEqual([]); // nothing seen yet: nothing to resume
    sockets[0].receive(event('e1'));
    sockets[0].receive(event('e2', 'ocr.completed'));
    expect(live.lastSeenEventId).toBe('e2');

    sockets[0].close(); // the server went away
    vi.advanceTimersByTime(499);
    await flush();
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    await flush();
    expect(sockets).toHaveLength(2);
    sockets[1].close(); // still down: the next wait is longer
    vi.advanceTimersByTime(999);
    await flush();
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    await flush();
    expect(sockets).toHaveLength(3);

    sockets[2].onopen?.();
    expect(JSON.parse(sockets[2].sent[0])).toEqual({ type: 'resume', since: 'e2' });
    sockets[2].receive({ type: 'resumed', events: [event('e2'), event('e3', 'job.completed')], complete: true });
    expect(received.map((e) => e.eventId)).toEqual(['e1', 'e2', 'e3']); // e2 not twice
    expect(live.lastSeenEventId).toBe('e3');

    sockets[2].close(); // after a successful connection the backoff starts again from the first step
    vi.advanceTimersByTime(500);
    await flush();
    expect(sockets).toHaveLength(4);
    live.stop();
  });

  it('reconnects once after an error, whether or not a close follows it', async () => {
    vi.useFakeTimers();
    const { live, sockets } = connection();
    live.start();
    await flush();
    sockets[0].onerror?.(); // closes the socket, whose close handler must not schedule a second attempt
    vi.advanceTimersByTime(500);
    await flush();
    expect(sockets).toHaveLength(2);
    const errorOnly = sockets[1];
    errorOnly.close = () => undefined; // a browser that fires no close after the error
    errorOnly.onerror?.();
    vi.advanceTimersByTime(1000);
    await flush();
    expect(sockets).toHaveLength(3);
    live.stop();
  });

  it('asks the page to reload its documents when the server cannot replay everything', async () => {
    const { live, sockets, resyncs } = connection();
    live.start();
    await flush();
    sockets[0].onopen?.();
    sockets[0].receive({ type: 'resumed', events: [], complete: false });
    sockets[0].receive({ type: 'resume_failed', reason: 'unknown event' });
    expect(resyncs).toHaveBeenCalledTimes(2);
    live.stop();
  });

  it('does not reconnect once stopped', async () => {
    vi.useFakeTimers();
    const { live, sockets } = connection();
    live.start();
    await flush();
    live.stop();
    vi.advanceTimersByTime(60_000);
    await flush();
    expect(sockets).toHaveLength(1);
  });
});
