// The pipeline's stages as a teacher sees them, from the WebSocket events (libs/events/schemas): what each event
// means for the progress list, and failures in words a teacher understands.
import type { LiveEvent } from './live-connection';

export type StageKey = 'uploaded' | 'classified' | 'prepared' | 'read' | 'checked' | 'saved' | 'review' | 'failed';

export const STAGE_ORDER: StageKey[] = ['uploaded', 'classified', 'prepared', 'read', 'checked', 'saved'];

export const STAGE_LABELS: Record<StageKey, string> = {
  uploaded: 'Uploaded',
  classified: 'Recognised the kind of document',
  prepared: 'Prepared the page',
  read: 'Read the timetable',
  checked: 'Checked the times',
  saved: 'Saved your week',
  review: 'Waiting for you to check it',
  failed: 'Could not finish',
};

/** The stage an event completes, or null for events that change nothing on the progress list. */
export function stageOfEvent(event: LiveEvent): StageKey | null {
  switch (event.type) {
    case 'document.uploaded':
      return 'uploaded';
    case 'document.classified':
      return 'classified';
    case 'document.preprocessed':
      return 'prepared';
    case 'ocr.completed':
    case 'ocr.low_confidence':
    case 'llm.completed':
      return 'read';
    case 'validation.completed':
      return 'checked';
    case 'job.completed':
      return 'saved';
    case 'hitl.requested':
      return 'review';
    case 'hitl.completed':
      return 'read'; // the teacher's corrections stand in for the reading: checking and saving follow
    case 'job.failed':
      return 'failed';
    default:
      return null;
  }
}

/** The stages done once `stage` is reached (a later stage implies the earlier ones, even if an event was missed). */
export function stagesDone(stage: StageKey): StageKey[] {
  const index = STAGE_ORDER.indexOf(stage);
  if (index >= 0) return STAGE_ORDER.slice(0, index + 1);
  if (stage === 'review') return STAGE_ORDER.slice(0, 4);
  return [];
}

/** A failure in a teacher's words: the reason the server gave is kept as the detail, our sentence leads. */
export function teacherMessageForFailure(error: string | undefined, reason: string | undefined): string {
  const text = `${error ?? ''} ${reason ?? ''}`.toLowerCase();
  if (text.includes('password') || text.includes('encrypted')) {
    return 'This PDF is protected by a password. Save a copy without one and try again.';
  }
  // The engine's reasons for a file that claims a type but cannot be read as it (ErrorCode::kCorruptDocument).
  if (/corrupt|damaged|no header|ends before|no frame|decoded to no|unknown layout|cannot be read/.test(text)) {
    return 'We could not open this file: it seems damaged. Save or photograph it again and upload the new copy.';
  }
  if (text.includes('unsupported') || text.includes('not a ') || text.includes('format')) {
    return 'We could not open this file. Try a photo, a PDF or a Word document of the timetable.';
  }
  if (text.includes('no timetable') || text.includes('no time')) {
    return 'We could not find a timetable in this document. Is the whole timetable in the picture?';
  }
  if (text.includes('too large') || text.includes('pixels') || text.includes('size')) {
    return 'This file is too large for us to read. A smaller photo or a single page will work.';
  }
  if (text.includes('timeout') || text.includes('unavailable') || text.includes('busy')) {
    return 'We are busy right now and could not finish. Please try again in a minute.';
  }
  return 'Something went wrong while reading this timetable. Please try again.';
}
