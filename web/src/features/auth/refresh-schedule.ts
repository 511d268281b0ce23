// When to refresh an access token: well before it expires, so a request never carries a dead token, but not so
// early that a long session refreshes needlessly often.

/** Refresh at 80% of the token's lifetime, never later than 30 s before it ends, never sooner than in 1 s. */
export function refreshDelayMs(expiresInSeconds: number): number {
  const lifetimeMs = expiresInSeconds * 1000;
  const at80Percent = lifetimeMs * 0.8;
  const before30Seconds = lifetimeMs - 30_000;
  return Math.max(1_000, Math.min(at80Percent, before30Seconds));
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const browserTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** One pending refresh at a time: scheduling again replaces the previous one. */
export class RefreshScheduler {
  private handle: unknown = null;

  constructor(
    private readonly refresh: () => void,
    private readonly timers: Timers = browserTimers,
  ) {}

  schedule(expiresInSeconds: number): void {
    this.cancel();
    this.handle = this.timers.setTimeout(() => {
      this.handle = null;
      this.refresh();
    }, refreshDelayMs(expiresInSeconds));
  }

  cancel(): void {
    if (this.handle !== null) this.timers.clearTimeout(this.handle);
    this.handle = null;
  }

  get pending(): boolean {
    return this.handle !== null;
  }
}
