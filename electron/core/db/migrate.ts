import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors.ts';

export type Migration = { version: number; name: string; up: (db: Database.Database) => void };

/**
 * Applies every pending migration of `migrations` (the list in migrations/index.ts) in one
 * transaction and records the version in user_version. The list is passed in, not imported, so
 * the migrations can name the Migration type here without an import cycle.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[]): number {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} is numbered ${m.version}, expected ${i + 1}`);
  });
  const latest = migrations.length;
  const refuseNewer = (current: number) => {
    if (current > latest) {
      throw new AppError(
        'unsupported_database',
        `This database was written by a newer version of Casebook (schema ${current}; this version knows schema ${latest}). ` +
          'Install the newer Casebook to open it; nothing was changed.',
      );
    }
  };
  const seen = db.pragma('user_version', { simple: true }) as number;
  refuseNewer(seen);
  if (seen === latest) return seen;
  // The version is read again inside the write transaction (BEGIN IMMEDIATE takes the write lock
  // first): two processes opening a new database at once do not both run the migrations; the
  // second waits, then finds them applied.
  db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    refuseNewer(current);
    if (current === latest) return;
    for (const m of migrations.slice(current)) m.up(db);
    db.pragma(`user_version = ${latest}`);
  }).immediate();
  return latest;
}
