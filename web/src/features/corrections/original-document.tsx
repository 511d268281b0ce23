// The original document beside the week, so a teacher can compare while correcting. Images are shown as they
// were uploaded; other documents as the prepared first page (`/preview`) when there is one, else as a download.
import { useEffect, useState } from 'react';
import { apiFetch, apiJson, downloadFile } from '../../lib/api';
import type { DocumentInfo } from '../../lib/types';

export function OriginalDocument({ documentId, onClose }: { documentId: string; onClose?: () => void }) {
  const [info, setInfo] = useState<DocumentInfo | null>(null);
  const [imageUrl, setImageUrl] = useState<string | null>(null);
  const [state, setState] = useState<'loading' | 'shown' | 'download-only' | 'failed'>('loading');

  useEffect(() => {
    let url: string | null = null;
    let cancelled = false;
    (async () => {
      const document = await apiJson<DocumentInfo>(`/api/v1/documents/${documentId}`);
      if (cancelled) return;
      setInfo(document);
      const path = document.contentType.startsWith('image/') && document.contentType !== 'image/heic' &&
        document.contentType !== 'image/tiff'
        ? `/api/v1/documents/${documentId}/file`
        : `/api/v1/documents/${documentId}/preview`;
      try {
        const response = await apiFetch(path);
        url = URL.createObjectURL(await response.blob());
        if (cancelled) return;
        setImageUrl(url);
        setState('shown');
      } catch {
        if (!cancelled) setState('download-only');
      }
    })().catch(() => !cancelled && setState('failed'));
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [documentId]);

  return (
    <aside className="panel original" aria-label="Original document">
      <div className="panel-head">
        <h2>Original{info ? `: ${info.filename}` : ''}</h2>
        {onClose && <button type="button" className="icon-button" aria-label="Hide the original" onClick={onClose}>×</button>}
      </div>
      {state === 'loading' && <p className="muted">Loading the original…</p>}
      {state === 'shown' && imageUrl && <img className="original-image" src={imageUrl} alt={`The uploaded document ${info?.filename ?? ''}`} />}
      {state === 'download-only' && info && (
        <p>
          This kind of document cannot be shown here.{' '}
          <button type="button" className="link-button" onClick={() => void downloadFile(`/api/v1/documents/${documentId}/file`, info.filename)}>
            Download {info.filename}
          </button>
        </p>
      )}
      {state === 'failed' && <p className="form-error">The original could not be loaded.</p>}
    </aside>
  );
}
