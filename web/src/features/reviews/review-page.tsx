// Human review: drafts not sure enough to be saved unchecked. The original sits beside the draft's week, the
// blocks the reader doubted are marked, the teacher corrects them, and submitting resumes the document's
// processing (POST /api/v1/reviews/{id}); the page then waits for hitl.completed … job.completed and opens the
// saved week.
import { useEffect, useState } from 'react';
import { apiJson, jsonBody } from '../../lib/api';
import { ApiError } from '../../lib/problem';
import { Link, navigate } from '../../lib/router';
import type { Review, Timeblock, TimeblockInput } from '../../lib/types';
import { BlockDialog, checkBlockLocally } from '../corrections/block-dialog';
import { OriginalDocument } from '../corrections/original-document';
import { useLiveEvents } from '../live/progress-store';
import { displayTitle } from '../week/timetable-page';
import { WeekView } from '../week/week-view';

/** Blocks the reader was less sure of than this are marked for the teacher to check. */
export const DOUBT_BELOW = 0.9;

export function ReviewsPage() {
  const [reviews, setReviews] = useState<Review[] | null>(null);
  useEffect(() => {
    apiJson<{ reviews: Review[] }>('/api/v1/reviews').then((answer) => setReviews(answer.reviews), () => setReviews([]));
  }, []);
  return (
    <main className="page" id="main">
      <h1>To check</h1>
      <p className="muted">We were not sure enough of these timetables to save them unchecked.</p>
      {reviews === null && <p className="muted" role="status">Loading…</p>}
      {reviews?.length === 0 && <p className="panel">Nothing to check. Well done!</p>}
      {reviews && reviews.length > 0 && (
        <ul className="review-list">
          {reviews.map((review) => (
            <li key={review.documentId} className="panel">
              <span>{displayTitle(review.draft.metadata.title, review.draft.metadata.class, review.draft.metadata.teacher)} · {review.draft.timeblocks.length} blocks · uploaded {new Date(review.createdAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}</span>
              <Link className="button button-primary button-small" to={`/reviews/${review.documentId}`}>Check it</Link>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}

type Editing = { index: number } | { index: null } | null;

export function ReviewPage({ documentId }: { documentId: string }) {
  const [blocks, setBlocks] = useState<Timeblock[] | null>(null);
  const [title, setTitle] = useState('');
  const [missing, setMissing] = useState(false);
  const [editing, setEditing] = useState<Editing>(null);
  const [state, setState] = useState<'editing' | 'saving' | 'failed'>('editing');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    apiJson<{ reviews: Review[] }>('/api/v1/reviews').then((answer) => {
      const review = answer.reviews.find((candidate) => candidate.documentId === documentId);
      if (!review) {
        setMissing(true);
        return;
      }
      const { metadata } = review.draft; // timetable/v1 names the class `class`
      setTitle(displayTitle(metadata.title, metadata.class, metadata.teacher));
      // Draft blocks have no ids: their place in the draft names them while editing.
      setBlocks(review.draft.timeblocks.map((block, index) => ({
        id: `draft-${index}`,
        day: block.day,
        start: block.start,
        end: block.end,
        name: block.name,
        notes: block.notes ?? '',
        confidence: block.confidence ?? 1,
      })));
    }, () => setMissing(true));
  }, [documentId]);

  const openSaved = async () => {
    try {
      const timetable = await apiJson<{ id: string }>(`/api/v1/documents/${documentId}/timetable`);
      navigate(`/timetables/${timetable.id}`, { replace: true });
    } catch {
      /* not saved yet: the live event will come */
    }
  };

  useLiveEvents((event) => {
    if (event.documentId !== documentId || state !== 'saving') return;
    if (event.type === 'job.completed' && event.timetableId) navigate(`/timetables/${event.timetableId}`, { replace: true });
    if (event.type === 'job.failed') {
      setState('failed');
      setError('Your corrections could not be saved. Please try again.');
    }
  }, [documentId, state]);

  // If the live connection dropped meanwhile, the saved timetable is looked up directly after a few seconds.
  useEffect(() => {
    if (state !== 'saving') return;
    const timer = setInterval(() => void openSaved(), 4000);
    return () => clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- openSaved reads only documentId, fixed for this page
  }, [state]);

  if (missing) {
    return (
      <main className="page" id="main">
        <p className="notice">There is nothing to check for this document: it may be saved already.</p>
        <button type="button" className="button button-primary" onClick={() => void openSaved()}>Open its week</button>
      </main>
    );
  }
  if (!blocks) return <main className="page" id="main"><p className="muted" role="status">Loading the draft…</p></main>;

  const doubtful = blocks.filter((block) => block.confidence < DOUBT_BELOW).length;
  const submit = async () => {
    setState('saving');
    setError(null);
    try {
      await apiJson(`/api/v1/reviews/${documentId}`, jsonBody('POST', {
        timeblocks: blocks.map(({ day, start, end, name, notes }) => ({ day, start, end, name, notes })),
      }));
    } catch (caught) {
      setState('failed');
      setError(caught instanceof ApiError ? caught.message : 'Your corrections could not be sent. Please try again.');
    }
  };
  const replace = (index: number | null, input: TimeblockInput | null) => {
    const next = [...blocks];
    if (index === null && input) next.push({ ...input, id: `draft-new-${Date.now()}`, confidence: 1 });
    else if (index !== null && input) next[index] = { ...next[index], ...input, confidence: 1 };
    else if (index !== null) next.splice(index, 1);
    setBlocks(next);
  };
  const editingBlock = editing && editing.index !== null ? blocks[editing.index] : null;

  return (
    <main className="page review-page" id="main">
      <div className="page-head">
        <div>
          <p className="crumbs"><Link to="/reviews">To check</Link></p>
          <h1>Check {title || 'your timetable'}</h1>
          <p className="muted">
            {doubtful > 0
              ? `${doubtful} block${doubtful === 1 ? '' : 's'} marked with ? were hard to read. Click a block to correct it.`
              : 'Compare with the original, correct anything that is wrong, then save.'}
          </p>
        </div>
        <div className="button-row">
          <button type="button" className="button button-secondary" onClick={() => setEditing({ index: null })}>Add a block</button>
          <button type="button" className="button button-primary" onClick={() => void submit()} disabled={state === 'saving'}>
            {state === 'saving' ? 'Saving…' : 'Looks right: save my week'}
          </button>
        </div>
      </div>
      {error && <p className="form-error" role="alert">{error}</p>}
      {state === 'saving' && <p className="notice" role="status">Saving your checked timetable…</p>}
      <div className="timetable-layout with-original">
        <OriginalDocument documentId={documentId} />
        <div className="timetable-main">
          <WeekView blocks={blocks} title={`Draft of ${title || 'your timetable'}`} doubtBelow={DOUBT_BELOW}
            onSelect={(block) => setEditing({ index: blocks.indexOf(block) })} />
        </div>
      </div>
      {editing && (
        <BlockDialog heading={editingBlock ? `Edit ${editingBlock.name}` : 'Add a block'}
          initial={editingBlock
            ? { day: editingBlock.day, start: editingBlock.start, end: editingBlock.end, name: editingBlock.name, notes: editingBlock.notes }
            : { day: 'monday', start: '09:00', end: '10:00', name: '', notes: '' }}
          onClose={() => setEditing(null)}
          onSave={async (input) => {
            checkBlockLocally(input);
            replace(editing.index, input);
          }}
          onDelete={editing.index !== null ? async () => replace(editing.index, null) : undefined} />
      )}
    </main>
  );
}
