import { afterEach, describe, expect, it, vi } from 'vitest';
import { RefreshScheduler, refreshDelayMs } from './refresh-schedule';

describe('token refresh scheduling', () => {
  afterEach(() => vi.useRealTimers());

  it('refreshes at 80% of the lifetime, at least 30 s before the end, never sooner than 1 s', () => {
    expect(refreshDelayMs(900)).toBe(720_000); // 15 min token: at 12 min
    expect(refreshDelayMs(100)).toBe(70_000); // short token: 30 s before its end beats 80%
    expect(refreshDelayMs(20)).toBe(1_000);
  });

  it('fires once, before the token expires, and a new token replaces the pending refresh', () => {
    vi.useFakeTimers();
    const refresh = vi.fn();
    const scheduler = new RefreshScheduler(refresh, {
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout: (handle) => clearTimeout(handle as number),
    });
    scheduler.schedule(900);
    vi.advanceTimersByTime(600_000);
    scheduler.schedule(900); // refreshed early elsewhere: the clock starts again
    vi.advanceTimersByTime(700_000);
    expect(refresh).not.toHaveBeenCalled();
    vi.advanceTimersByTime(20_001);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(scheduler.pending).toBe(false);
  });

  it('cancels on sign-out', () => {
    vi.useFakeTimers();
    const refresh = vi.fn();
    const scheduler = new RefreshScheduler(refresh);
    scheduler.schedule(60);
    scheduler.cancel();
    vi.advanceTimersByTime(120_000);
    expect(refresh).not.toHaveBeenCalled();
  });
});
