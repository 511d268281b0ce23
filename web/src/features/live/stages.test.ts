import { describe, expect, it } from 'vitest';
import { stageOfEvent, stagesDone, teacherMessageForFailure } from './stages';

const at = (type: string) => ({ type, eventId: 'x', documentId: 'd', stage: '' });

describe('pipeline stages', () => {
  it('maps events to the stages a teacher sees, in order', () => {
    const types = ['document.uploaded', 'document.classified', 'document.preprocessed', 'ocr.completed',
      'validation.completed', 'job.completed'];
    expect(types.map((type) => stageOfEvent(at(type)))).toEqual(['uploaded', 'classified', 'prepared', 'read',
      'checked', 'saved']);
    expect(stageOfEvent(at('hitl.requested'))).toBe('review');
    expect(stageOfEvent(at('job.failed'))).toBe('failed');
  });

  it('counts the earlier stages done when a later one arrives', () => {
    expect(stagesDone('checked')).toEqual(['uploaded', 'classified', 'prepared', 'read', 'checked']);
    expect(stagesDone('review')).toEqual(['uploaded', 'classified', 'prepared', 'read']);
  });

  it('explains a failure in a teacher\'s words', () => {
    expect(teacherMessageForFailure('Document.Encrypted', 'the PDF is password-protected')).toMatch(/password/);
    expect(teacherMessageForFailure('ProcessingError', 'the PNG image has no header chunk')).toMatch(/seems damaged/);
    expect(teacherMessageForFailure(undefined, 'weird')).toMatch(/try again/);
  });
});
