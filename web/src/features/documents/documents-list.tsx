// Every upload with its status, date, route and confidence: open its week, check it, see how it was read, or
// delete it. Kept current by the live events; offline, the timetables saved on this device.
import { useCallback, useEffect, useRef, useState } from 'react';
import { apiJson } from '../../lib/api';
import { Link } from '../../lib/router';
import type { DocumentInfo, DocumentStatus, Route, TimetableSummary, User } from '../../lib/types';
import { useLiveEvents } from '../live/progress-store';
import { forgetSavedTimetable, listSavedTimetables } from '../offline/saved-timetables';

const STATUS_TEXT: Record<DocumentStatus, string> = {
  pending: 'Uploading',
  processing: 'Reading',
  completed: 'Ready',
  needs_review: 'Needs checking',
  failed: 'Could not read',
};

const ROUTE_TEXT: Record<Route, string> = {
  validated: 'Read with high confidence',
  llm: 'Read, a few doubts',
  review: 'Checked by you',
};

/** A draft the teacher checked is saved with confidence 1, whatever band its reading fell in. */
function howSure(timetable: TimetableSummary): string {
  const route: Route = timetable.confidence >= 1 ? 'review' : timetable.route;
  return `${ROUTE_TEXT[route]} (${Math.round(timetable.confidence * 100)}%)`;
}

interface Row {
  document: DocumentInfo;
  timetable: TimetableSummary | undefined;
}

export function DocumentsList({ user, offline }: { user: User; offline: boolean }) {
  const [rows, setRows] = useState<Row[] | null>(null);
  const byDocument = useRef(new Map<string, TimetableSummary>());
  const [saved, setSaved] = useState<TimetableSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [documents, timetables] = await Promise.all([
        apiJson<{ documents: DocumentInfo[]; nextCursor: string | null }>('/api/v1/documents?limit=100'),
        apiJson<{ timetables: TimetableSummary[] }>('/api/v1/timetables'),
      ]);
      byDocument.current = new Map(timetables.timetables.map((timetable) => [timetable.documentId, timetable]));
      setRows(documents.documents.map((document) => ({ document, timetable: byDocument.current.get(document.id) })));
      setNextCursor(documents.nextCursor);
      setError(null);
    } catch {
      setRows(null);
      setSaved(await listSavedTimetables(user.id));
      setError('offline');
    }
  }, [user.id]);

  useEffect(() => {
    void load();
  }, [load, offline]);

  useLiveEvents((event) => {
    if (['document.uploaded', 'job.completed', 'job.failed', 'hitl.requested', 'hitl.completed'].includes(event.type)) {
      void load();
    }
  }, [load]);

  const showOlder = async () => {
    if (!nextCursor) return;
    const page = await apiJson<{ documents: DocumentInfo[]; nextCursor: string | null }>(
      `/api/v1/documents?limit=100&cursor=${encodeURIComponent(nextCursor)}`);
    setRows([...(rows ?? []), ...page.documents.map((document) => ({ document, timetable: byDocument.current.get(document.id) }))]);
    setNextCursor(page.nextCursor);
  };

  const remove = async (row: Row) => {
    if (!window.confirm(`Delete “${row.document.filename}” and its timetable? This cannot be undone.`)) return;
    await apiJson(`/api/v1/documents/${row.document.id}`, { method: 'DELETE' });
    if (row.timetable) await forgetSavedTimetable(row.timetable.id);
    await load();
  };

  if (error === 'offline') {
    return (
      <section className="panel" aria-labelledby="documents-title">
        <h2 id="documents-title">Saved on this device</h2>
        {saved.length === 0 ? <p className="muted">Nothing is saved on this device yet.</p> : (
          <ul className="saved-list">
            {saved.map((timetable) => (
              <li key={timetable.id}><Link to={`/timetables/${timetable.id}`}>{timetable.metadata.title || 'Timetable'}</Link></li>
            ))}
          </ul>
        )}
      </section>
    );
  }

  return (
    <section className="panel" aria-labelledby="documents-title">
      <h2 id="documents-title">Your timetables</h2>
      {rows === null && <p className="muted" role="status">Loading…</p>}
      {rows?.length === 0 && <p className="muted">Nothing yet: add your first timetable above.</p>}
      {rows && rows.length > 0 && (
        <table className="documents-table">
          <thead>
            <tr>
              <th scope="col">Document</th>
              <th scope="col">Status</th>
              <th scope="col">Uploaded</th>
              <th scope="col">How sure</th>
              <th scope="col"><span className="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.document.id} data-document-id={row.document.id}>
                <td className="document-name">{row.document.filename}</td>
                <td><span className={`status status-${row.document.status}`}>{STATUS_TEXT[row.document.status]}</span>
                  {row.document.status === 'failed' && row.document.error && <span className="muted status-detail">{row.document.error}</span>}
                </td>
                <td>{new Date(row.document.createdAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}</td>
                <td>{row.timetable ? howSure(row.timetable) : '–'}</td>
                <td className="row-actions">
                  {row.timetable && row.document.status === 'completed' && (
                    <Link className="button button-primary button-small" to={`/timetables/${row.timetable.id}`}>Open week</Link>
                  )}
                  {row.document.status === 'needs_review' && (
                    <Link className="button button-primary button-small" to={`/reviews/${row.document.id}`}>Check it</Link>
                  )}
                  <Link className="button button-secondary button-small" to={`/documents/${row.document.id}/pipeline`}>Steps</Link>
                  <button type="button" className="button button-danger button-small" onClick={() => void remove(row)}
                    aria-label={`Delete ${row.document.filename}`}>Delete</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextCursor && (
        <button type="button" className="button button-secondary" onClick={() => void showOlder()}>Show older uploads</button>
      )}
    </section>
  );
}
