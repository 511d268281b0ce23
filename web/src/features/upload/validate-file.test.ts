import { describe, expect, it } from 'vitest';
import type { Limits } from '../../lib/types';
import { acceptAttribute, checkFile, formatBytes } from './validate-file';

const limits: Limits = {
  maxUploadBytes: 20 * 1024 * 1024,
  acceptedTypes: ['application/pdf', 'image/png', 'image/jpeg', 'image/heic', 'text/plain',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  acceptedExtensions: ['.pdf', '.png', '.jpg', '.jpeg', '.heic', '.txt', '.docx'],
};

describe('upload validation', () => {
  it('accepts a file whose type the server lists', () => {
    expect(checkFile({ name: 'week.png', size: 1000, type: 'image/png' }, limits)).toEqual({ ok: true, contentType: 'image/png' });
  });

  it('names the type from the extension when the browser gives none (HEIC photos, some DOCX)', () => {
    expect(checkFile({ name: 'IMG_0001.HEIC', size: 1000, type: '' }, limits)).toEqual({ ok: true, contentType: 'image/heic' });
    expect(checkFile({ name: 'plan.docx', size: 10, type: '' }, limits)).toMatchObject({ ok: true });
  });

  it('refuses another kind of file, saying which kinds work', () => {
    const check = checkFile({ name: 'song.mp3', size: 1000, type: 'audio/mpeg' }, limits);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toMatch(/not a kind of file we can read.*PDF/);
  });

  it('refuses a file over the limit, saying both sizes', () => {
    const check = checkFile({ name: 'scan.pdf', size: 25 * 1024 * 1024, type: 'application/pdf' }, limits);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toContain('25 MB, larger than the 20 MB');
  });

  it('refuses an empty file', () => {
    expect(checkFile({ name: 'a.txt', size: 0, type: 'text/plain' }, limits).ok).toBe(false);
  });

  it('formats sizes and the accept attribute', () => {
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(2048)).toBe('2 KB');
    expect(formatBytes(1.5 * 1024 * 1024)).toBe('1.5 MB');
    expect(acceptAttribute(limits)).toContain('image/png');
    expect(acceptAttribute(limits)).toContain('.heic');
  });
});
