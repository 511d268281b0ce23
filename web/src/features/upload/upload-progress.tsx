// One queued file: its upload bar, then its pipeline stages as the live events arrive, then a link to its week
// (or to its review), or a failure in a teacher's words with a retry.
import { useEffect } from 'react';
import { useProgress } from '../live/progress-store';
import { prefetchTimetable } from '../week/timetable-page';
import { STAGE_LABELS, STAGE_ORDER } from '../live/stages';
import { Link } from '../../lib/router';
import type { QueuedUpload } from './upload-panel';

export function UploadProgress({ item, onRetry, onDismiss }: {
  item: QueuedUpload;
  onRetry: () => void;
  onDismiss: () => void;
}) {
  const progress = useProgress(item.documentId);
  const percent = Math.round(item.progress * 100);
  const savedTimetable = progress?.waitingForReview ? null : progress?.timetableId ?? null;
  useEffect(() => {
    if (savedTimetable) prefetchTimetable(savedTimetable).catch(() => undefined); // the page loads it anyway
  }, [savedTimetable]);
  const failure = item.state === 'failed' ? item.error : progress?.failure?.message ?? null;

  return (
    <li className="upload-item" data-state={item.state} aria-label={item.file.name}>
      <div className="upload-item-head">
        <span className="upload-name">{item.file.name}</span>
        <button type="button" className="icon-button" aria-label={`Remove ${item.file.name} from the list`}
          onClick={onDismiss}>×</button>
      </div>
      {item.state === 'refused' && <p className="form-error" role="alert">{item.error}</p>}
      {(item.state === 'waiting' || item.state === 'sending') && (
        <div className="upload-bar-row">
          <progress className="upload-bar" max={100} value={percent} aria-label={`Uploading ${item.file.name}`} />
          <span className="upload-percent">{item.state === 'waiting' ? 'Waiting' : `${percent}%`}</span>
        </div>
      )}
      {item.state === 'sent' && (
        <ol className="stages" aria-label={`Progress of ${item.file.name}`}>
          {STAGE_ORDER.map((stage) => {
            const done = stage === 'uploaded' || (progress?.done.includes(stage) ?? false);
            return (
              <li key={stage} className={done ? 'stage stage-done' : 'stage'} data-stage={stage}
                data-done={done ? 'true' : 'false'}>
                <span className="stage-dot" aria-hidden="true" />
                {STAGE_LABELS[stage]}
                <span className="visually-hidden">{done ? ' (done)' : ' (to do)'}</span>
              </li>
            );
          })}
          {progress?.waitingForReview && (
            <li className="stage stage-review" data-stage="review">
              <span className="stage-dot" aria-hidden="true" />
              {STAGE_LABELS.review}
            </li>
          )}
        </ol>
      )}
      {failure && item.state !== 'refused' && (
        <div className="upload-failure" role="alert">
          <p>{failure}</p>
          <button type="button" className="button button-secondary" onClick={onRetry}>Try again</button>
        </div>
      )}
      {progress?.timetableId && !progress.waitingForReview && (
        <Link className="button button-primary" to={`/timetables/${progress.timetableId}`}>Open your week</Link>
      )}
      {progress?.waitingForReview && item.documentId && (
        <Link className="button button-primary" to={`/reviews/${item.documentId}`}>Check it now</Link>
      )}
    </li>
  );
}
