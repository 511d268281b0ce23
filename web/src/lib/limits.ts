// The server's upload limits (GET /api/v1/limits), asked once per page load.
import type { Limits } from './types';

let pending: Promise<Limits> | null = null;

export function fetchLimits(): Promise<Limits> {
  if (!pending) {
    pending = fetch('/api/v1/limits').then(async (response) => {
      if (!response.ok) throw new Error('Could not read the upload limits');
      return (await response.json()) as Limits;
    });
    pending.catch(() => {
      pending = null; // asked again next time (offline, or the server was restarting)
    });
  }
  return pending;
}
