import { describe, expect, it } from 'vitest';
import { NOTES_TEXT, PALETTE, colourFor, contrastRatio, subjectKey } from './colours';

describe('subject colours', () => {
  it('gives every palette entry a title colour and a notes colour that pass WCAG AA on its background', () => {
    for (const entry of PALETTE) {
      expect(contrastRatio(entry.text, entry.background)).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(NOTES_TEXT, entry.background)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('computes the WCAG ratio of known pairs', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  it('is stable: the same subject gets the same colour whatever its case, spacing or bracketed detail', () => {
    expect(colourFor('Maths')).toBe(colourFor('MATHS '));
    expect(colourFor('Maths (Geometry)')).toBe(colourFor('maths'));
    expect(subjectKey('  Word Work (Phonics) ')).toBe('word work');
  });

  it('spreads common subjects over several colours', () => {
    const subjects = ['Maths', 'English', 'Science', 'Music', 'Art', 'PE', 'Computing', 'History', 'RE', 'Lunch'];
    const colours = new Set(subjects.map((name) => colourFor(name)));
    expect(colours.size).toBeGreaterThanOrEqual(6);
  });
});
