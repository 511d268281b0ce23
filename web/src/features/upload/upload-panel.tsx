// Upload: drop files, pick them, or take a photo on a phone. Each file is checked against the server's limits,
// then sent in turn (a queue) straight to its pre-signed URL with a progress bar; after that its pipeline
// stages arrive live from the WebSocket.
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { fetchLimits } from '../../lib/limits';
import type { Limits } from '../../lib/types';
import { UploadProgress } from './upload-progress';
import { putWithProgress, reserveUpload } from './upload-file';
import { acceptAttribute, checkFile, describeAccepted, formatBytes } from './validate-file';

export interface QueuedUpload {
  key: number;
  file: File;
  state: 'waiting' | 'sending' | 'sent' | 'refused' | 'failed';
  progress: number;
  documentId: string | null;
  error: string | null;
}

let nextKey = 1;

export function UploadPanel() {
  const [limits, setLimits] = useState<Limits | null>(null);
  const [limitsFailed, setLimitsFailed] = useState(false);
  const [queue, setQueue] = useState<QueuedUpload[]>([]);
  const [dragging, setDragging] = useState(false);
  const sending = useRef(false);
  const pickerInput = useRef<HTMLInputElement>(null);
  const cameraInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    fetchLimits().then(setLimits, () => setLimitsFailed(true));
  }, []);

  const update = (key: number, change: Partial<QueuedUpload>) =>
    setQueue((items) => items.map((item) => (item.key === key ? { ...item, ...change } : item)));

  const add = (files: FileList | File[] | null) => {
    if (!files || !limits) return;
    const added = [...files].map((file): QueuedUpload => {
      const check = checkFile(file, limits);
      return {
        key: nextKey++,
        file,
        state: check.ok ? 'waiting' : 'refused',
        progress: 0,
        documentId: null,
        error: check.ok ? null : check.reason,
      };
    });
    setQueue((items) => [...added, ...items]);
  };

  // One upload at a time, oldest first: a phone's slow uplink is not split between several files.
  useEffect(() => {
    if (sending.current || !limits) return;
    const next = [...queue].reverse().find((item) => item.state === 'waiting');
    if (!next) return;
    sending.current = true;
    update(next.key, { state: 'sending' });
    const check = checkFile(next.file, limits);
    const contentType = check.ok ? check.contentType : next.file.type;
    reserveUpload(next.file, contentType)
      .then(async (reserved) => {
        update(next.key, { documentId: reserved.documentId });
        await putWithProgress(reserved.uploadUrl, next.file, contentType, (fraction) =>
          update(next.key, { progress: fraction }),
        );
        update(next.key, { state: 'sent', progress: 1 });
      })
      .catch((error: Error) => update(next.key, { state: 'failed', error: error.message }))
      .finally(() => {
        sending.current = false;
        setQueue((items) => [...items]); // look for the next waiting file
      });
  }, [queue, limits]);

  const retry = (item: QueuedUpload) =>
    setQueue((items) => [
      { key: nextKey++, file: item.file, state: 'waiting', progress: 0, documentId: null, error: null },
      ...items.filter((other) => other.key !== item.key),
    ]);

  const drop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    add(event.dataTransfer.files);
  };

  return (
    <section className="panel upload-panel" aria-labelledby="upload-title">
      <h2 id="upload-title">Add a timetable</h2>
      <div
        className={`drop-zone${dragging ? ' drop-zone-active' : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={drop}
      >
        <svg className="drop-icon" viewBox="0 0 24 24" aria-hidden="true">
          <path d="M12 16V4m0 0-4 4m4-4 4 4M4 16v3a1 1 0 0 0 1 1h14a1 1 0 0 0 1-1v-3" />
        </svg>
        <p className="drop-title">Drop your timetable here</p>
        <p className="drop-hint">
          {limits
            ? `${describeAccepted(limits)} · up to ${formatBytes(limits.maxUploadBytes)}`
            : limitsFailed
              ? 'We cannot reach the server just now: reload the page to try again.'
              : 'Checking what we accept…'}
        </p>
        <div className="drop-actions">
          <button type="button" className="button button-primary" disabled={!limits}
            onClick={() => pickerInput.current?.click()}>
            Choose files
          </button>
          <button type="button" className="button button-secondary camera-button" disabled={!limits}
            onClick={() => cameraInput.current?.click()}>
            Take a photo
          </button>
        </div>
        <input ref={pickerInput} className="visually-hidden" type="file" multiple tabIndex={-1}
          aria-label="Choose timetable files" accept={limits ? acceptAttribute(limits) : undefined}
          data-testid="file-input" onChange={(event) => {
            add(event.target.files);
            event.target.value = '';
          }} />
        <input ref={cameraInput} className="visually-hidden" type="file" accept="image/*" capture="environment"
          tabIndex={-1} aria-label="Take a photo of a timetable" onChange={(event) => {
            add(event.target.files);
            event.target.value = '';
          }} />
      </div>
      {queue.length > 0 && (
        <ul className="upload-queue" aria-label="Uploads">
          {queue.map((item) => (
            <UploadProgress key={item.key} item={item} onRetry={() => retry(item)}
              onDismiss={() => setQueue((items) => items.filter((other) => other.key !== item.key))} />
          ))}
        </ul>
      )}
    </section>
  );
}
