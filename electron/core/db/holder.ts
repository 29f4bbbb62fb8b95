import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Long work that writes (a login import, adding evidence files) leaves a note beside the database
 * saying what it is, for as long as it runs:
 * - a writer in another window or process that waits past the busy timeout is told what holds the
 *   database, instead of "database is locked";
 * - `verify --repair` never removes a stored file a running job is about to file.
 * A note names its process; a note whose process is gone (killed) is ignored and removed.
 */
const notesDir = (dbFile: string) => `${dbFile}-writers`;

type Note = { pid: number; what: string; since: string };

export function announceWriter(dbFile: string, what: string): () => void {
  if (dbFile === ':memory:') return () => {};
  const file = join(notesDir(dbFile), `${process.pid}-${randomUUID()}.json`);
  try {
    mkdirSync(notesDir(dbFile), { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify({ pid: process.pid, what, since: new Date().toISOString() } satisfies Note), { mode: 0o600 });
  } catch {
    return () => {};
  }
  return () => rmSync(file, { force: true });
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The notes of writers still running, oldest first; notes of processes that are gone are removed. */
function liveNotes(dbFile: string): Note[] {
  if (dbFile === ':memory:') return [];
  const notes: Note[] = [];
  let names: string[];
  try {
    names = readdirSync(notesDir(dbFile));
  } catch {
    return [];
  }
  for (const name of names) {
    const file = join(notesDir(dbFile), name);
    try {
      const note = JSON.parse(readFileSync(file, 'utf8')) as Note;
      if (typeof note.pid === 'number' && typeof note.what === 'string' && alive(note.pid)) notes.push(note);
      else rmSync(file, { force: true });
    } catch {
      // being written or removed right now
    }
  }
  return notes.sort((a, b) => a.since.localeCompare(b.since));
}

/** What holds the database's write lock, as the oldest running writer's note says, or null. */
export function describeWriter(dbFile: string): string | null {
  const note = liveNotes(dbFile)[0];
  if (!note) return null;
  const where = note.pid === process.pid ? 'in this window' : 'in another window or command';
  return `${note.what.slice(0, 200)} is running ${where} (since ${note.since.slice(11, 19)} UTC)`;
}

/** When the oldest still-running writer began (ms since the epoch), or null. */
export function liveWriterSince(dbFile: string): number | null {
  const note = liveNotes(dbFile)[0];
  return note ? Date.parse(note.since) : null;
}
