// The app's shell: the session decides between the sign-in pages and the signed-in screens; the live connection
// runs while signed in; the path picks the screen.
import { useEffect, useState, useSyncExternalStore } from 'react';
import { AuthPage } from './features/auth/auth-page';
import { session } from './features/auth/session';
import { DocumentPage } from './features/documents/document-page';
import { DocumentsList } from './features/documents/documents-list';
import { LiveConnection, type LiveStatus, type SocketLike } from './features/live/live-connection';
import { progressStore } from './features/live/progress-store';
import { forgetAllSaved } from './features/offline/saved-timetables';
import { PipelinePage } from './features/pipeline/pipeline-page';
import { ReviewPage, ReviewsPage } from './features/reviews/review-page';
import { UploadPanel } from './features/upload/upload-panel';
import { TimetablePage } from './features/week/timetable-page';
import { Link, matchPath, navigate, usePath } from './lib/router';
import type { User } from './lib/types';

function useSession() {
  return useSyncExternalStore((listener) => session.subscribe(listener), () => session.current);
}

function useLive(signedIn: boolean): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  useEffect(() => {
    if (!signedIn) return;
    const live = new LiveConnection({
      token: () => session.token(),
      openSocket: (url) => new WebSocket(url) as unknown as SocketLike,
      onEvent: (event) => progressStore.apply(event),
      onStatus: setStatus,
      onResyncNeeded: () => window.dispatchEvent(new Event('ly:resync')),
    });
    live.start();
    return () => live.stop();
  }, [signedIn]);
  return status;
}

export function App({ restoring }: { restoring: boolean }) {
  const state = useSession();
  const path = usePath();
  const live = useLive(state.user !== null && !state.offline);

  if (restoring) return <main className="page" id="main"><p className="muted" role="status">Opening…</p></main>;

  if (!state.user) {
    if (path !== '/register' && path !== '/sign-in') {
      // A link into the app (an e-mail's /documents/{id}) opens once the teacher has signed in.
      if (path !== '/') sessionStorage.setItem(RETURN_TO_KEY, path);
      queueMicrotask(() => navigate('/sign-in', { replace: true }));
    }
    return <AuthPage mode={path === '/register' ? 'register' : 'sign-in'} signedOutReason={state.signedOutReason} />;
  }
  if (path === '/sign-in' || path === '/register') queueMicrotask(() => navigate('/', { replace: true }));

  return (
    <>
      <a className="skip-link" href="#main">Skip to the content</a>
      <TopBar user={state.user} live={state.offline ? 'offline' : live} />
      <Screen path={path} user={state.user} offline={state.offline} />
    </>
  );
}

export const RETURN_TO_KEY = 'ly.returnTo';

function Screen({ path, user, offline }: { path: string; user: User; offline: boolean }) {
  let params = matchPath('/timetables/:id', path);
  if (params) return <TimetablePage key={params.id} id={params.id} user={user} sessionOffline={offline} />;
  if ((params = matchPath('/reviews/:documentId', path))) return <ReviewPage key={params.documentId} documentId={params.documentId} />;
  if (matchPath('/reviews', path)) return <ReviewsPage />;
  if ((params = matchPath('/documents/:id/pipeline', path))) return <PipelinePage key={params.id} documentId={params.id} />;
  if ((params = matchPath('/documents/:id', path))) return <DocumentPage key={params.id} documentId={params.id} />;
  return (
    <main className="page home" id="main">
      <h1 className="visually-hidden">Your timetables</h1>
      {!offline && <UploadPanel />}
      <DocumentsList user={user} offline={offline} />
    </main>
  );
}

const LIVE_TEXT: Record<LiveStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

function TopBar({ user, live }: { user: User; live: LiveStatus }) {
  const signOut = async () => {
    progressStore.clear();
    await forgetAllSaved().catch(() => undefined);
    await session.signOut();
    navigate('/sign-in', { replace: true });
  };
  return (
    <header className="top-bar">
      <Link className="brand" to="/"><span className="brand-mark" aria-hidden="true">LY</span>Learning Yogi</Link>
      <nav aria-label="Main">
        <Link to="/">Timetables</Link>
        <Link to="/reviews">To check</Link>
      </nav>
      <span className={`live-status live-${live}`} role="status" data-testid="live-status">
        <span className="live-dot" aria-hidden="true" />{LIVE_TEXT[live]}
      </span>
      <span className="user-name">{user.name}</span>
      <button type="button" className="button button-secondary button-small" onClick={() => void signOut()}>Sign out</button>
    </header>
  );
}
