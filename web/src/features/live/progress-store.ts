// What the app knows of each document's processing, fed by the live connection's events; screens subscribe.
import { useEffect, useSyncExternalStore } from 'react';
import type { LiveEvent } from './live-connection';
import { stageOfEvent, stagesDone, teacherMessageForFailure, type StageKey } from './stages';

export interface DocumentProgress {
  documentId: string;
  done: StageKey[];
  waitingForReview: boolean;
  failure: { message: string; detail: string } | null;
  timetableId: string | null;
  /** When each stage arrived here, for the progress list and the e2e test that checks it came live. */
  arrivals: Partial<Record<StageKey, number>>;
}

type Listener = () => void;
type EventListener = (event: LiveEvent) => void;

class ProgressStore {
  private progress = new Map<string, DocumentProgress>();
  private listeners = new Set<Listener>();
  private eventListeners = new Set<EventListener>();
  private version = 0;

  subscribe = (listener: Listener) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  onEvent(listener: EventListener): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  getVersion = () => this.version;

  get(documentId: string): DocumentProgress | undefined {
    return this.progress.get(documentId);
  }

  apply(event: LiveEvent): void {
    const stage = stageOfEvent(event);
    if (stage) {
      const before = this.progress.get(event.documentId) ?? {
        documentId: event.documentId,
        done: [],
        waitingForReview: false,
        failure: null,
        timetableId: null,
        arrivals: {},
      };
      const next: DocumentProgress = { ...before, arrivals: { ...before.arrivals } };
      if (stage === 'failed') {
        next.failure = { message: teacherMessageForFailure(event.error, event.reason), detail: event.reason ?? '' };
      } else {
        const done = new Set([...before.done, ...stagesDone(stage)]);
        next.done = [...done];
        next.waitingForReview = stage === 'review';
        next.failure = null;
      }
      if (event.type === 'hitl.completed') next.waitingForReview = false;
      if (event.timetableId) next.timetableId = event.timetableId;
      next.arrivals[stage] ??= performance.now();
      this.progress.set(event.documentId, next);
      this.version += 1;
      for (const listener of this.listeners) listener();
    }
    for (const listener of this.eventListeners) listener(event);
  }

  clear(): void {
    this.progress.clear();
    this.version += 1;
    for (const listener of this.listeners) listener();
  }
}

export const progressStore = new ProgressStore();

export function useProgress(documentId: string | null): DocumentProgress | undefined {
  useSyncExternalStore(progressStore.subscribe, progressStore.getVersion);
  return documentId ? progressStore.get(documentId) : undefined;
}

/** Calls `listener` with every live event while the calling component is mounted. */
export function useLiveEvents(listener: EventListener, deps: unknown[]): void {
  // The caller names what its listener reads, as with useEffect itself.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => progressStore.onEvent(listener), deps);
}
