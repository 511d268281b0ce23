// Timetables already opened, kept in IndexedDB so they open offline (read-only). Written on every successful
// load, so the saved copy is the last one the server gave this device.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Timetable } from '../../lib/types';

interface SavedSchema extends DBSchema {
  timetables: { key: string; value: { timetable: Timetable; savedAt: string; userId: string } };
}

let database: Promise<IDBPDatabase<SavedSchema>> | null = null;

function open(): Promise<IDBPDatabase<SavedSchema>> {
  database ??= openDB<SavedSchema>('ly-offline', 1, {
    upgrade(db) {
      db.createObjectStore('timetables');
    },
  });
  return database;
}

export async function saveTimetable(userId: string, timetable: Timetable): Promise<void> {
  const db = await open();
  await db.put('timetables', { timetable, savedAt: new Date().toISOString(), userId }, timetable.id);
}

export async function loadSavedTimetable(userId: string, id: string): Promise<{ timetable: Timetable; savedAt: string } | null> {
  const saved = await (await open()).get('timetables', id);
  return saved && saved.userId === userId ? saved : null;
}

export async function listSavedTimetables(userId: string): Promise<Timetable[]> {
  const all = await (await open()).getAll('timetables');
  return all.filter((saved) => saved.userId === userId).map((saved) => saved.timetable);
}

export async function forgetSavedTimetable(id: string): Promise<void> {
  await (await open()).delete('timetables', id);
}

/** On sign-out the device keeps nothing of the teacher's. */
export async function forgetAllSaved(): Promise<void> {
  await (await open()).clear('timetables');
}
