// /documents/{id}: where the e-mails about a document link (`--public-url`). It opens what the document has
// become: its week when saved, its review when it waits for one, else how its reading went.
import { useEffect, useState } from 'react';
import { apiJson } from '../../lib/api';
import { Link, navigate } from '../../lib/router';
import type { DocumentInfo } from '../../lib/types';

export function DocumentPage({ documentId }: { documentId: string }) {
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    (async () => {
      const document = await apiJson<DocumentInfo>(`/api/v1/documents/${documentId}`);
      if (document.status === 'completed') {
        const timetable = await apiJson<{ id: string }>(`/api/v1/documents/${documentId}/timetable`);
        navigate(`/timetables/${timetable.id}`, { replace: true });
      } else if (document.status === 'needs_review') {
        navigate(`/reviews/${documentId}`, { replace: true });
      } else {
        navigate(`/documents/${documentId}/pipeline`, { replace: true });
      }
    })().catch(() => setMissing(true));
  }, [documentId]);
  return (
    <main className="page" id="main">
      {missing
        ? <p className="notice notice-warning">This document is not among yours any more. <Link to="/">See your timetables</Link></p>
        : <p className="muted" role="status">Opening…</p>}
    </main>
  );
}
