// Take the week elsewhere: download it as .ics or .csv, or subscribe. A subscription is a private feed URL
// (GET /api/v1/calendar/{token}.ics, no sign-in) that Google, Apple and Outlook calendars poll, so a later
// correction reaches the teacher's calendar by itself. The server shows the URL once, at creation (it keeps only
// a hash), and any feed can be revoked here.
import { useCallback, useEffect, useState } from 'react';
import { apiJson, downloadFile } from '../../lib/api';
import type { Feed } from '../../lib/types';

export function ExportsPanel({ timetableId, filename, offline }: { timetableId: string; filename: string; offline: boolean }) {
  const [feeds, setFeeds] = useState<Feed[]>([]);
  const [newUrl, setNewUrl] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    apiJson<{ feeds: Feed[] }>(`/api/v1/timetables/${timetableId}/feeds`)
      .then((answer) => setFeeds(answer.feeds))
      .catch(() => setFeeds([]));
  }, [timetableId]);

  useEffect(() => {
    if (!offline) load();
  }, [load, offline]);

  const subscribe = async () => {
    setError(null);
    try {
      const feed = await apiJson<Feed>(`/api/v1/timetables/${timetableId}/feeds`, { method: 'POST' });
      setNewUrl(new URL(feed.url ?? '', location.origin).toString());
      setCopied(false);
      load();
    } catch {
      setError('The calendar link could not be made just now. Please try again.');
    }
  };

  const copy = async () => {
    if (!newUrl) return;
    try {
      await navigator.clipboard.writeText(newUrl);
      setCopied(true);
    } catch {
      setCopied(false); // no clipboard permission: the URL stays selectable in its field
    }
  };

  const revoke = async (feedId: string) => {
    await apiJson(`/api/v1/timetables/${timetableId}/feeds/${feedId}`, { method: 'DELETE' });
    setNewUrl(null);
    load();
  };

  const base = filename.replace(/\.[^.]+$/, '') || 'timetable';
  return (
    <section className="panel exports" aria-labelledby="exports-title">
      <h2 id="exports-title">Take it with you</h2>
      <div className="button-row">
        <button type="button" className="button button-secondary" disabled={offline}
          onClick={() => void downloadFile(`/api/v1/timetables/${timetableId}.ics`, `${base}.ics`)}>
          Download .ics
        </button>
        <button type="button" className="button button-secondary" disabled={offline}
          onClick={() => void downloadFile(`/api/v1/timetables/${timetableId}.csv`, `${base}.csv`)}>
          Download .csv
        </button>
        <button type="button" className="button button-primary" disabled={offline} onClick={() => void subscribe()}>
          Subscribe in your calendar
        </button>
      </div>
      {newUrl && (
        <div className="feed-new">
          <label className="field">
            <span>Your private calendar link (shown once: keep it safe)</span>
            <input readOnly value={newUrl} data-testid="feed-url" onFocus={(e) => e.target.select()} />
          </label>
          <button type="button" className="button button-secondary" onClick={() => void copy()}>
            {copied ? 'Copied' : 'Copy link'}
          </button>
          <p className="muted">Paste it into Google Calendar (“From URL”), Apple Calendar or Outlook (“Subscribe”).</p>
        </div>
      )}
      {error && <p className="form-error" role="alert">{error}</p>}
      {feeds.length > 0 && (
        <ul className="feed-list" aria-label="Calendar links">
          {feeds.map((feed) => (
            <li key={feed.id}>
              <span>Link made {new Date(feed.createdAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}</span>
              <button type="button" className="link-button" onClick={() => void revoke(feed.id)}>Revoke</button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
