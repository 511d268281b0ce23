// The live connection to /ws?token=: document events as they happen. It reconnects with exponential backoff
// (with jitter, so many browsers do not come back at the same instant after a server restart) and, after a
// drop, asks the server for what it missed since the last event it saw ({"type":"resume","since":id}).
import { browserTimers, type Timers } from '../auth/refresh-schedule';

export interface LiveEvent {
  type: string;
  eventId: string;
  documentId: string;
  stage: string;
  at?: string;
  reason?: string;
  error?: string;
  state?: string;
  timetableId?: string;
  confidence?: number;
  route?: string;
  blockCount?: number;
}

/** The part of the browser's WebSocket the connection uses: a test passes a fake. */
export interface SocketLike {
  onopen: (() => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: (() => void) | null;
  onerror: (() => void) | null;
  send(data: string): void;
  close(): void;
}

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface LiveOptions {
  /** The access token for the next connection, or null when signed out. */
  token: () => Promise<string | null>;
  openSocket: (url: string) => SocketLike;
  onEvent: (event: LiveEvent) => void;
  onStatus?: (status: LiveStatus) => void;
  /** The server could not replay everything missed: the page reloads its documents instead. */
  onResyncNeeded?: () => void;
  timers?: Timers;
  random?: () => number;
  url?: (token: string) => string;
}

export const BACKOFF_BASE_MS = 500;
export const BACKOFF_MAX_MS = 30_000;

/** The wait before reconnect attempt `attempt` (0-based): 0.5 s doubling up to 30 s, times a jitter in [0.5, 1). */
export function backoffDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempt);
  return Math.round(ceiling * (0.5 + random() / 2));
}

function defaultUrl(token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/ws?token=${encodeURIComponent(token)}`;
}

export class LiveConnection {
  private socket: SocketLike | null = null;
  private attempt = 0;
  private reconnectHandle: unknown = null;
  private stopped = true;
  private lastEventId: string | null = null;
  private readonly seen = new Set<string>();
  private readonly timers: Timers;

  constructor(private readonly options: LiveOptions) {
    this.timers = options.timers ?? browserTimers;
  }

  get lastSeenEventId(): string | null {
    return this.lastEventId;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.reconnectHandle !== null) this.timers.clearTimeout(this.reconnectHandle);
    this.reconnectHandle = null;
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.close();
    }
  }

  private async connect(): Promise<void> {
    this.options.onStatus?.(this.attempt === 0 ? 'connecting' : 'reconnecting');
    const token = await this.options.token();
    if (this.stopped) return;
    if (!token) {
      this.scheduleReconnect();
      return;
    }
    const socket = this.options.openSocket((this.options.url ?? defaultUrl)(token));
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.options.onStatus?.('live');
      if (this.lastEventId) socket.send(JSON.stringify({ type: 'resume', since: this.lastEventId }));
    };
    socket.onmessage = (message) => this.receive(message.data);
    // Browsers differ in what a failed connection fires (an error then a close, or an error alone when a policy
    // blocks it): either one ends this socket, and only the first schedules the next attempt.
    let ended = false;
    const lost = () => {
      if (ended) return;
      ended = true;
      if (this.socket === socket) this.socket = null;
      socket.close();
      if (!this.stopped) this.scheduleReconnect();
    };
    socket.onerror = lost;
    socket.onclose = lost;
  }

  private scheduleReconnect(): void {
    const delay = backoffDelayMs(this.attempt, this.options.random);
    this.attempt += 1;
    this.options.onStatus?.(typeof navigator !== 'undefined' && navigator.onLine === false ? 'offline' : 'reconnecting');
    this.reconnectHandle = this.timers.setTimeout(() => {
      this.reconnectHandle = null;
      void this.connect();
    }, delay);
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: { type?: string; events?: LiveEvent[]; complete?: boolean };
    try {
      message = JSON.parse(data) as typeof message;
    } catch {
      return;
    }
    if (message.type === 'resumed') {
      for (const event of message.events ?? []) this.deliver(event);
      if (message.complete === false) this.options.onResyncNeeded?.();
      return;
    }
    if (message.type === 'resume_failed') {
      this.options.onResyncNeeded?.();
      return;
    }
    if (message.type === 'error') return;
    this.deliver(message as LiveEvent);
  }

  /** Each event once: a replayed event that also arrived live is not shown twice. */
  private deliver(event: LiveEvent): void {
    if (!event.eventId || this.seen.has(event.eventId)) return;
    this.seen.add(event.eventId);
    this.lastEventId = event.eventId;
    this.options.onEvent(event);
  }
}
