import { readFileSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Long writers (a login import, a list import) leave a note beside the database saying what they
 * are, so that a writer in another window or process that waits past the busy timeout can be told
 * what holds the database instead of "database is locked". The note names a process; a note whose
 * process is gone (killed) is ignored and cleaned up.
 */
const noteFile = (dbFile: string) => `${dbFile}-writer.json`;

type Note = { pid: number; what: string; since: string };

export function announceWriter(dbFile: string, what: string): () => void {
  if (dbFile === ':memory:') return () => {};
  const note: Note = { pid: process.pid, what, since: new Date().toISOString() };
  try {
    writeFileSync(noteFile(dbFile), JSON.stringify(note), { mode: 0o600 });
  } catch {
    return () => {};
  }
  return () => {
    try {
      const now = JSON.parse(readFileSync(noteFile(dbFile), 'utf8')) as Note;
      if (now.pid === note.pid && now.since === note.since) rmSync(noteFile(dbFile), { force: true });
    } catch {
      // already gone
    }
  };
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** What holds the database's write lock, as the note says, when its process still runs. */
export function describeWriter(dbFile: string): string | null {
  if (dbFile === ':memory:') return null;
  try {
    const note = JSON.parse(readFileSync(noteFile(dbFile), 'utf8')) as Note;
    if (typeof note.pid !== 'number' || typeof note.what !== 'string') return null;
    if (!alive(note.pid)) return null;
    const where = note.pid === process.pid ? 'in this window' : 'in another window or command';
    return `${note.what.slice(0, 200)} is running ${where} (since ${note.since.slice(11, 19)} UTC)`;
  } catch {
    return null;
  }
}
