// The one API client: every call carries the session's access token; a 401 refreshes once and retries, and a
// second 401 means the session is gone. Errors are ApiError with the server's problem JSON.
import { session } from '../features/auth/session';
import { ApiError, readProblem } from './problem';

export async function apiFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const attempt = async (token: string | null) => {
    const headers = new Headers(init.headers);
    if (token) headers.set('authorization', `Bearer ${token}`);
    return fetch(path, { ...init, headers });
  };
  let response = await attempt(await session.token());
  if (response.status === 401) {
    const fresh = await session.refresh();
    if (!fresh) throw new ApiError(401, null, 'You are signed out');
    response = await attempt(fresh);
    if (response.status === 401) {
      session.lost();
      throw new ApiError(401, null, 'You are signed out');
    }
  }
  if (!response.ok) throw new ApiError(response.status, await readProblem(response), `Request failed (${response.status})`);
  return response;
}

export async function apiJson<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await apiFetch(path, init);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export function jsonBody(method: string, body: unknown): RequestInit {
  return { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** Fetches with the token and hands the bytes to the browser as a download (exports, the original file). */
export async function downloadFile(path: string, filename: string): Promise<void> {
  const response = await apiFetch(path);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
