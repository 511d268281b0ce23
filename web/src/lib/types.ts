// The API's shapes (libs/api/openapi/openapi.json), only the members the app reads.
export type Day = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';
export const DAYS: Day[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

export interface User {
  id: string;
  email: string;
  name: string;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export type DocumentStatus = 'pending' | 'processing' | 'completed' | 'needs_review' | 'failed';

export interface DocumentInfo {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  status: DocumentStatus;
  error: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Metadata {
  title: string;
  school: string;
  className: string;
  teacher: string;
  term: string;
  week: string;
}

export type Route = 'validated' | 'llm' | 'review';

export interface Timeblock {
  id: string;
  day: Day;
  start: string;
  end: string | null;
  name: string;
  notes: string;
  confidence: number;
}

export interface TimetableSummary {
  id: string;
  documentId: string;
  metadata: Metadata;
  confidence: number;
  route: Route;
  warnings: string[];
  createdAt: string;
  updatedAt: string;
}

export interface Timetable extends TimetableSummary {
  timeblocks: Timeblock[];
}

export interface TimeblockInput {
  day: Day;
  start: string;
  end: string | null;
  name: string;
  notes: string;
}

export interface Limits {
  maxUploadBytes: number;
  acceptedTypes: string[];
  acceptedExtensions: string[];
}

export interface ExecutionState {
  name: string;
  path: string;
  status: string;
  enteredAt: string | null;
  exitedAt: string | null;
  durationMs: number | null;
  attempts: number;
  error: string | null;
  cause: string | null;
}

export interface Execution {
  executionId: string;
  status: 'running' | 'waiting' | 'succeeded' | 'failed';
  startedAt: string | null;
  updatedAt: string | null;
  error: string | null;
  cause: string | null;
  states: ExecutionState[];
}

/** A review's draft is timetable/v1 (../shared/eval/TRUTH.md): blocks without ids. */
export interface DraftBlock {
  day: Day;
  start: string;
  end: string | null;
  name: string;
  notes?: string;
  confidence?: number;
}

export interface Review {
  documentId: string;
  createdAt: string;
  draft: { metadata: Record<string, string>; timeblocks: DraftBlock[]; confidence: number; warnings: string[] };
}

export interface Feed {
  id: string;
  createdAt: string;
  url?: string;
}
