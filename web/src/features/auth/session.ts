// The signed-in session: the access token lives in memory only and is refreshed before it expires through the
// rotating refresh token (POST /api/v1/auth/refresh answers a new pair and spends the old refresh token).
//
// Where the refresh token is kept: the API hands it back in the JSON body only (no HttpOnly cookie), so the page
// must keep it itself to survive a reload. It is kept in localStorage. The trade-off: a script running in this
// origin (an XSS) could read it, which an HttpOnly cookie would prevent. What limits the harm: the CSP allows no
// inline or foreign script, the token is single-use (rotation), and a stolen token used alongside ours is
// detected as reuse, which revokes the whole sign-in family on the server (every device is signed out).
import { ApiError, readProblem } from '../../lib/problem';
import type { TokenPair, User } from '../../lib/types';
import { RefreshScheduler } from './refresh-schedule';

const REFRESH_TOKEN_KEY = 'ly.refreshToken';
// The account's name and e-mail (no secret), so a reload while offline can still open the saved timetables.
const USER_KEY = 'ly.user';

export type SignedOutReason = 'signed-out' | 'session-lost' | null;

export interface SessionState {
  user: User | null;
  /** Why the teacher is signed out, for the message on the sign-in page. */
  signedOutReason: SignedOutReason;
  /** Signed in on this device but the server cannot be reached: saved timetables only, read-only. */
  offline: boolean;
}

type Listener = (state: SessionState) => void;

export const SESSION_LOST_MESSAGE =
  'Your session has ended, so you were signed out on every device. This happens when a sign-in is used in two ' +
  'places at once. Please sign in again.';

export class Session {
  private accessToken: string | null = null;
  private state: SessionState = { user: null, signedOutReason: null, offline: false };
  private listeners = new Set<Listener>();
  private refreshing: Promise<string | null> | null = null;
  private readonly scheduler = new RefreshScheduler(() => void this.refresh());

  get current(): SessionState {
    return this.state;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** On page load: a stored refresh token brings the session back without asking for the password. */
  async restore(): Promise<void> {
    if (!localStorage.getItem(REFRESH_TOKEN_KEY)) return;
    const token = await this.refresh();
    if (token) {
      await this.loadUser();
      return;
    }
    const cached = localStorage.getItem(USER_KEY);
    if (localStorage.getItem(REFRESH_TOKEN_KEY) && cached) {
      // Not refused, just unreachable: open what this device has kept, and try again once back online.
      this.setState({ user: JSON.parse(cached) as User, signedOutReason: null, offline: true });
      // Back when the browser says it is online, or at the latest in 15 s (its word is not always right).
      const retry = () => {
        window.removeEventListener('online', retry);
        clearTimeout(timer);
        void this.restore();
      };
      const timer = setTimeout(retry, 15_000);
      window.addEventListener('online', retry);
    }
  }

  async register(email: string, password: string, name: string): Promise<void> {
    await this.post('/api/v1/auth/register', { email, password, name });
    await this.signIn(email, password);
  }

  async signIn(email: string, password: string): Promise<void> {
    const pair = (await this.post('/api/v1/auth/login', { email, password })) as TokenPair;
    this.accept(pair);
    await this.loadUser();
  }

  async signOut(): Promise<void> {
    const refreshToken = localStorage.getItem(REFRESH_TOKEN_KEY);
    this.forget('signed-out');
    if (refreshToken) {
      await fetch('/api/v1/auth/logout', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken }),
      }).catch(() => undefined); // offline: the token expires by itself
    }
  }

  /** The access token, refreshed first when there is none in memory (after a reload). */
  async token(): Promise<string | null> {
    if (this.accessToken) return this.accessToken;
    return this.refresh();
  }

  /**
   * Trades the refresh token for a new pair. One refresh at a time in this tab, and across tabs under a Web Lock:
   * two tabs presenting the same refresh token would look like theft and sign the teacher out everywhere. Inside
   * the lock the token is read again, so a tab that waited uses the one the other tab just received.
   */
  refresh(): Promise<string | null> {
    if (!this.refreshing) {
      const run = () => this.refreshOnce();
      const locked: Promise<string | null> = typeof navigator !== 'undefined' && navigator.locks
        ? (navigator.locks.request('ly-refresh', run) as unknown as Promise<string | null>)
        : run();
      this.refreshing = locked.finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing!;
  }

  private async refreshOnce(): Promise<string | null> {
    const refreshToken = localStorage.getItem(REFRESH_TOKEN_KEY);
    if (!refreshToken) {
      this.forget(this.state.user ? 'session-lost' : null);
      return null;
    }
    let response: Response;
    try {
      response = await fetch('/api/v1/auth/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken }),
      });
    } catch {
      return null; // offline: keep the refresh token, try again when a request needs it
    }
    if (response.status === 401) {
      // Spent, revoked or expired: the server has ended this sign-in (on reuse, every device's).
      this.forget('session-lost');
      return null;
    }
    if (!response.ok) return null;
    const pair = (await response.json()) as TokenPair;
    this.accept(pair);
    return pair.accessToken;
  }

  private accept(pair: TokenPair): void {
    this.accessToken = pair.accessToken;
    localStorage.setItem(REFRESH_TOKEN_KEY, pair.refreshToken);
    this.scheduler.schedule(pair.expiresIn);
  }

  private forget(reason: SignedOutReason): void {
    this.accessToken = null;
    this.scheduler.cancel();
    localStorage.removeItem(REFRESH_TOKEN_KEY);
    localStorage.removeItem(USER_KEY);
    this.setState({ user: null, signedOutReason: reason, offline: false });
  }

  /** Signed out by the server while in use (a 401 after a refresh). */
  lost(): void {
    this.forget('session-lost');
  }

  private async loadUser(): Promise<void> {
    const token = this.accessToken;
    if (!token) return;
    const response = await fetch('/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new ApiError(response.status, await readProblem(response), 'Could not load your account');
    const user = (await response.json()) as User;
    localStorage.setItem(USER_KEY, JSON.stringify(user));
    this.setState({ user, signedOutReason: null, offline: false });
  }

  private async post(path: string, body: unknown): Promise<unknown> {
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new ApiError(response.status, await readProblem(response), 'Something went wrong');
    return response.json();
  }

  private setState(state: SessionState): void {
    this.state = state;
    for (const listener of this.listeners) listener(state);
  }
}

export const session = new Session();
