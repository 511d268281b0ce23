// One timetable: the week view with the original beside it, corrections (edit, add, delete, each with undo),
// exports and the calendar subscription. Loaded from the server and kept in IndexedDB; offline, the saved copy
// opens read-only with a visible notice.
import { useCallback, useEffect, useState } from 'react';
import { apiJson, jsonBody } from '../../lib/api';
import { ApiError, isOfflineError } from '../../lib/problem';
import { Link } from '../../lib/router';
import type { Timeblock, Timetable, TimeblockInput, User } from '../../lib/types';
import { BlockDialog } from '../corrections/block-dialog';
import { OriginalDocument } from '../corrections/original-document';
import { ExportsPanel } from '../exports/exports-panel';
import { useLiveEvents } from '../live/progress-store';
import { loadSavedTimetable, saveTimetable } from '../offline/saved-timetables';
import { WeekView } from './week-view';

/**
 * Timetables fetched ahead of being opened (a saved upload's, as soon as its job.completed arrives), so its week
 * draws at once; the page still loads the fresh copy after.
 */
const prefetched = new Map<string, Timetable>();

export async function prefetchTimetable(id: string): Promise<void> {
  if (!prefetched.has(id)) prefetched.set(id, await apiJson<Timetable>(`/api/v1/timetables/${id}`));
}

type Editing = { kind: 'edit'; block: Timeblock } | { kind: 'add' } | null;
interface Undo {
  message: string;
  run: () => Promise<void>;
}

export function timetableTitle(timetable: Timetable): string {
  return displayTitle(timetable.metadata.title, timetable.metadata.className, timetable.metadata.teacher);
}

/** The name a timetable goes by: its title, else its class and teacher. */
export function displayTitle(title = '', className = '', teacher = ''): string {
  const parts = [className && `Class ${className}`, teacher].filter(Boolean);
  // A title of a letter or two is a stray mark the reader took for one: the class and teacher name it better.
  const kept = title.trim().length >= 3 ? title.trim() : '';
  return kept || parts.join(' · ') || 'Your timetable';
}

function inputOf(block: Timeblock): TimeblockInput {
  return { day: block.day, start: block.start, end: block.end, name: block.name, notes: block.notes };
}

export function TimetablePage({ id, user, sessionOffline }: { id: string; user: User; sessionOffline: boolean }) {
  const [timetable, setTimetable] = useState<Timetable | null>(() => prefetched.get(id) ?? null);
  const [offlineSince, setOfflineSince] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const [undo, setUndo] = useState<Undo | null>(null);
  // The original sits beside the week where the screen has room for both; elsewhere it opens on demand.
  const [showOriginal, setShowOriginal] = useState(() => window.innerWidth >= 1600);

  const load = useCallback(async () => {
    try {
      const fresh = await apiJson<Timetable>(`/api/v1/timetables/${id}`);
      prefetched.delete(id);
      setTimetable(fresh);
      setOfflineSince(null);
      await saveTimetable(user.id, fresh);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        setFailure('This timetable no longer exists. It may have been deleted.');
        return;
      }
      const saved = await loadSavedTimetable(user.id, id);
      if (saved && (isOfflineError(error) || sessionOffline || !(error instanceof ApiError))) {
        setTimetable(saved.timetable);
        setOfflineSince(saved.savedAt);
      } else {
        setFailure(isOfflineError(error) ? 'You are offline, and this timetable was never opened on this device.' : 'This timetable could not be loaded.');
      }
    }
  }, [id, user.id, sessionOffline]);

  useEffect(() => {
    void load();
    const reload = () => void load();
    window.addEventListener('online', reload);
    return () => window.removeEventListener('online', reload);
  }, [load]);

  // A review submitted elsewhere, or a re-run, saves this timetable again: show the new blocks.
  useLiveEvents((event) => {
    if (event.type === 'job.completed' && event.timetableId === id) void load();
  }, [id, load]);

  if (failure) return <main className="page" id="main"><p className="notice notice-warning">{failure}</p><Link to="/">Back to your timetables</Link></main>;
  if (!timetable) return <main className="page" id="main"><p className="muted" role="status">Loading your week…</p></main>;

  const readOnly = offlineSince !== null;
  const title = timetableTitle(timetable);
  const { term, school, teacher } = timetable.metadata;
  const subtitle = [school, term && `Term: ${term}`, !title.includes(teacher) && teacher].filter(Boolean).join(' · ');

  const saveBlock = async (block: Timeblock, input: TimeblockInput) => {
    const saved = await apiJson<Timeblock>(`/api/v1/timetables/${id}/timeblocks/${block.id}`, jsonBody('PUT', input));
    setUndo({
      message: `Changed ${block.name}.`,
      run: async () => {
        await apiJson(`/api/v1/timetables/${id}/timeblocks/${block.id}`, jsonBody('PUT', inputOf(block)));
      },
    });
    return saved;
  };

  const afterChange = async () => {
    await load();
  };

  return (
    <main className="page timetable-page" id="main">
      <div className="page-head">
        <div>
          <p className="crumbs"><Link to="/">Your timetables</Link></p>
          <h1>{title}</h1>
          {subtitle && <p className="muted">{subtitle}</p>}
        </div>
        <div className="button-row no-print">
          <button type="button" className="button button-secondary" onClick={() => setShowOriginal(!showOriginal)}
            aria-pressed={showOriginal}>
            {showOriginal ? 'Hide original' : 'Show original'}
          </button>
          <button type="button" className="button button-secondary" disabled={readOnly} onClick={() => setEditing({ kind: 'add' })}>
            Add a block
          </button>
          <button type="button" className="button button-secondary" onClick={() => window.print()}>Print</button>
          {!readOnly && <Link className="button button-secondary" to={`/documents/${timetable.documentId}/pipeline`}>How it was read</Link>}
        </div>
      </div>
      {readOnly && (
        <p className="notice notice-offline" role="status" data-testid="offline-notice">
          You are offline. This is the copy saved on this device on{' '}
          {new Date(offlineSince).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}; changes are
          off until you are back online.
        </p>
      )}
      <div className={`timetable-layout${showOriginal && !readOnly ? ' with-original' : ''}`}>
        {showOriginal && !readOnly && <OriginalDocument documentId={timetable.documentId} onClose={() => setShowOriginal(false)} />}
        <div className="timetable-main">
          <WeekView blocks={timetable.timeblocks} title={title}
            onSelect={readOnly ? undefined : (block) => setEditing({ kind: 'edit', block })} />
          <p className="week-summary muted" data-testid="block-count">
            {timetable.timeblocks.length} blocks · read with {Math.round(timetable.confidence * 100)}% confidence
          </p>
          <ExportsPanel timetableId={timetable.id} filename={title} offline={readOnly} />
        </div>
      </div>
      {editing?.kind === 'edit' && (
        <BlockDialog heading={`Edit ${editing.block.name}`} initial={inputOf(editing.block)}
          onClose={() => setEditing(null)}
          onSave={async (input) => {
            await saveBlock(editing.block, input);
            await afterChange();
          }}
          onDelete={async () => {
            const block = editing.block;
            await apiJson(`/api/v1/timetables/${id}/timeblocks/${block.id}`, { method: 'DELETE' });
            setUndo({
              message: `Deleted ${block.name}.`,
              run: async () => {
                await apiJson(`/api/v1/timetables/${id}/timeblocks`, jsonBody('POST', inputOf(block)));
              },
            });
            await afterChange();
          }} />
      )}
      {editing?.kind === 'add' && (
        <BlockDialog heading="Add a block" initial={{ day: 'monday', start: '09:00', end: '10:00', name: '', notes: '' }}
          onClose={() => setEditing(null)}
          onSave={async (input) => {
            const added = await apiJson<Timeblock>(`/api/v1/timetables/${id}/timeblocks`, jsonBody('POST', input));
            setUndo({
              message: `Added ${added.name}.`,
              run: async () => {
                await apiJson(`/api/v1/timetables/${id}/timeblocks/${added.id}`, { method: 'DELETE' });
              },
            });
            await afterChange();
          }} />
      )}
      {undo && (
        <div className="toast" role="status">
          <span>{undo.message}</span>
          <button type="button" className="link-button" onClick={async () => {
            const action = undo;
            setUndo(null);
            await action.run();
            await afterChange();
          }}>Undo</button>
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => setUndo(null)}>×</button>
        </div>
      )}
    </main>
  );
}
