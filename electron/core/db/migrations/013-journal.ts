import type { Migration } from '../migrate.ts';

/**
 * The case journal: entries the officer adds to the case timeline (a moment with the zone it was
 * given in, what happened, the exhibits it rests on) and dated notes in Markdown, searchable with
 * the case list's search (trigram index, as the cases' own).
 */
export const m013: Migration = {
  // Numbered by position in MIGRATIONS (the file name keeps the journal's slot).
  version: 13,
  name: 'journal',
  up(db) {
    db.exec(`
      CREATE TABLE timeline_entries (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases (id),
        at_utc TEXT NOT NULL,
        local_time TEXT NOT NULL,
        zone TEXT NOT NULL,
        text TEXT NOT NULL,
        exhibits TEXT NOT NULL DEFAULT '[]',
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        removed_at TEXT,
        removed_by TEXT,
        removal_reason TEXT
      ) STRICT;
      CREATE INDEX timeline_entries_case ON timeline_entries (case_id, at_utc);

      CREATE TABLE case_notes (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases (id),
        author TEXT NOT NULL,
        body TEXT NOT NULL,
        exhibits TEXT NOT NULL DEFAULT '[]',
        identifiers TEXT NOT NULL DEFAULT '[]',
        indicators TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1
      ) STRICT;
      CREATE INDEX case_notes_case ON case_notes (case_id, created_at);
      CREATE TRIGGER case_notes_no_delete BEFORE DELETE ON case_notes BEGIN
        SELECT RAISE(ABORT, 'notes are part of the case record and are never deleted');
      END;

      CREATE VIRTUAL TABLE case_notes_fts USING fts5 (
        body, content = 'case_notes', content_rowid = 'id', tokenize = 'trigram'
      );
      CREATE TRIGGER case_notes_fts_ai AFTER INSERT ON case_notes BEGIN
        INSERT INTO case_notes_fts (rowid, body) VALUES (new.id, new.body);
      END;
      CREATE TRIGGER case_notes_fts_au AFTER UPDATE OF body ON case_notes BEGIN
        INSERT INTO case_notes_fts (case_notes_fts, rowid, body) VALUES ('delete', old.id, old.body);
        INSERT INTO case_notes_fts (rowid, body) VALUES (new.id, new.body);
      END;
    `);
  },
};
