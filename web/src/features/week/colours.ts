// Stable subject colours: the subject's name is hashed into a palette, so "Maths" has the same colour in every
// week and on every device. Each palette entry pairs an accent (the card's top edge and icon) with a text colour
// that passes WCAG AA (4.5:1) on the card's tinted background; the tests check every pair.

export interface SubjectColour {
  /** Card top edge, icon tile. */
  accent: string;
  /** Title text: AA on `background`. */
  text: string;
  /** The card's tint. */
  background: string;
}

export const PALETTE: SubjectColour[] = [
  { accent: '#f97316', text: '#b13f06', background: '#fff7f0' }, // orange
  { accent: '#8b5cf6', text: '#6233c4', background: '#f7f4ff' }, // violet
  { accent: '#10b981', text: '#05734f', background: '#f0fbf6' }, // green
  { accent: '#0ea5e9', text: '#036596', background: '#f0f8fe' }, // sky
  { accent: '#ec4899', text: '#ae1c62', background: '#fef3f8' }, // pink
  { accent: '#eab308', text: '#7f5b03', background: '#fefbea' }, // amber
  { accent: '#6366f1', text: '#3c3fc4', background: '#f3f3ff' }, // indigo
  { accent: '#14b8a6', text: '#0c6d64', background: '#effbf9' }, // teal
  { accent: '#ef4444', text: '#b91c1c', background: '#fef4f4' }, // red
  { accent: '#84cc16', text: '#456e09', background: '#f6fcec' }, // lime
  { accent: '#a855f7', text: '#7a26c2', background: '#faf4ff' }, // purple
  { accent: '#64748b', text: '#44505f', background: '#f5f7fa' }, // slate
];

/** The grey of notes and durations, on every palette background. */
export const NOTES_TEXT = '#4b5563';

/** FNV-1a over the subject's folded name: small, fast and well spread for short strings. */
export function hashName(name: string): number {
  const folded = subjectKey(name);
  let hash = 0x811c9dc5;
  for (let index = 0; index < folded.length; index += 1) {
    hash ^= folded.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** "Maths (Geometry)", "MATHS" and "maths " are one subject: case, spaces and bracketed detail are folded away. */
export function subjectKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/\(.*?\)/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export function colourFor(name: string): SubjectColour {
  return PALETTE[hashName(name) % PALETTE.length];
}

function channel(value: number): number {
  const srgb = value / 255;
  return srgb <= 0.04045 ? srgb / 12.92 : ((srgb + 0.055) / 1.055) ** 2.4;
}

export function relativeLuminance(hex: string): number {
  const value = parseInt(hex.slice(1), 16);
  const r = (value >> 16) & 0xff;
  const g = (value >> 8) & 0xff;
  const b = value & 0xff;
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** WCAG 2 contrast ratio, 1..21. */
export function contrastRatio(foreground: string, background: string): number {
  const a = relativeLuminance(foreground);
  const b = relativeLuminance(background);
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}
