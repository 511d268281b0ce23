// Checks a file against the server's limits (GET /api/v1/limits) before anything is sent, so a teacher hears at
// once that a file is too large or of a kind we cannot read, instead of after a long upload.
import type { Limits } from '../../lib/types';

export type FileCheck = { ok: true; contentType: string } | { ok: false; reason: string };

export interface FileLike {
  name: string;
  size: number;
  type: string;
}

/** Browsers leave `type` empty for some files (HEIC, DOCX on some systems): the extension names the type then. */
const TYPE_BY_EXTENSION: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.webp': 'image/webp',
  '.bmp': 'image/bmp',
  '.heic': 'image/heic',
  '.heif': 'image/heif',
};

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot).toLowerCase();
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}

export function describeAccepted(limits: Limits): string {
  return limits.acceptedExtensions.map((ext) => ext.slice(1).toUpperCase()).join(', ');
}

export function checkFile(file: FileLike, limits: Limits): FileCheck {
  const extension = extensionOf(file.name);
  const declared = file.type.split(';')[0].trim().toLowerCase();
  const contentType = limits.acceptedTypes.includes(declared) ? declared : TYPE_BY_EXTENSION[extension] ?? declared;
  const typeAccepted = limits.acceptedTypes.includes(contentType) || limits.acceptedExtensions.includes(extension);
  if (!typeAccepted) {
    return {
      ok: false,
      reason: `“${file.name}” is not a kind of file we can read. Try a photo, a PDF, a Word document or a text file (${describeAccepted(limits)}).`,
    };
  }
  if (file.size === 0) return { ok: false, reason: `“${file.name}” is empty.` };
  if (file.size > limits.maxUploadBytes) {
    return {
      ok: false,
      reason: `“${file.name}” is ${formatBytes(file.size)}, larger than the ${formatBytes(limits.maxUploadBytes)} we accept. A smaller photo or a PDF of just the timetable page will do.`,
    };
  }
  return { ok: true, contentType: contentType || 'application/octet-stream' };
}

/** The `accept` attribute of the file input, from the same limits. */
export function acceptAttribute(limits: Limits): string {
  return [...limits.acceptedTypes, ...limits.acceptedExtensions].join(',');
}
