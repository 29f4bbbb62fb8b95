import type { Migration } from '../migrate.ts';

export const m001: Migration = {
  version: 1,
  name: 'cases-audit',
  up(db) {
    db.exec(`
      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        role TEXT NOT NULL CHECK (role IN ('officer', 'counsel')),
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE preferences (
        user_name TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (user_name, key)
      ) STRICT;

      CREATE TABLE case_counters (
        year INTEGER PRIMARY KEY,
        last INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE cases (
        id INTEGER PRIMARY KEY,
        number TEXT NOT NULL UNIQUE,
        num_year INTEGER NOT NULL,
        num_seq INTEGER NOT NULL,
        title TEXT NOT NULL,
        summary TEXT NOT NULL DEFAULT '',
        priority TEXT NOT NULL CHECK (priority IN ('low', 'medium', 'high', 'critical')),
        priority_rank INTEGER GENERATED ALWAYS AS (
          CASE priority WHEN 'low' THEN 1 WHEN 'medium' THEN 2 WHEN 'high' THEN 3 ELSE 4 END
        ) VIRTUAL,
        status TEXT NOT NULL CHECK (status IN ('open', 'investigating', 'pending_legal_review', 'decided', 'closed')),
        status_rank INTEGER GENERATED ALWAYS AS (
          CASE status WHEN 'open' THEN 1 WHEN 'investigating' THEN 2 WHEN 'pending_legal_review' THEN 3
            WHEN 'decided' THEN 4 ELSE 5 END
        ) VIRTUAL,
        assignee TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '[]',
        opened_at TEXT NOT NULL,
        closed_at TEXT,
        closing_note TEXT,
        created_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        locked INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1))
      ) STRICT;

      CREATE UNIQUE INDEX cases_number_order ON cases (num_year, num_seq);
      CREATE INDEX cases_title ON cases (title COLLATE NOCASE, id);
      CREATE INDEX cases_status ON cases (status_rank, id);
      CREATE INDEX cases_priority ON cases (priority_rank, id);
      CREATE INDEX cases_assignee ON cases (assignee COLLATE NOCASE, id);
      CREATE INDEX cases_opened ON cases (opened_at, id);
      CREATE INDEX cases_closed ON cases (closed_at, id);
      CREATE INDEX cases_updated ON cases (updated_at, id);

      CREATE TABLE case_tags (
        case_id INTEGER NOT NULL REFERENCES cases (id),
        tag TEXT NOT NULL,
        PRIMARY KEY (tag, case_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX case_tags_case ON case_tags (case_id);

      CREATE VIRTUAL TABLE cases_fts USING fts5 (
        number, title, summary, tags,
        content = 'cases', content_rowid = 'id', tokenize = 'trigram'
      );
      CREATE TRIGGER cases_fts_ai AFTER INSERT ON cases BEGIN
        INSERT INTO cases_fts (rowid, number, title, summary, tags)
        VALUES (new.id, new.number, new.title, new.summary, new.tags);
      END;
      CREATE TRIGGER cases_fts_au AFTER UPDATE OF number, title, summary, tags ON cases BEGIN
        INSERT INTO cases_fts (cases_fts, rowid, number, title, summary, tags)
        VALUES ('delete', old.id, old.number, old.title, old.summary, old.tags);
        INSERT INTO cases_fts (rowid, number, title, summary, tags)
        VALUES (new.id, new.number, new.title, new.summary, new.tags);
      END;
      CREATE TRIGGER cases_no_delete BEFORE DELETE ON cases BEGIN
        SELECT RAISE(ABORT, 'cases are never deleted; close the case instead');
      END;

      CREATE TABLE audit_events (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        case_id INTEGER,
        entity TEXT NOT NULL,
        entity_id TEXT,
        action TEXT NOT NULL,
        before TEXT,
        after TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      ) STRICT;
      CREATE INDEX audit_case ON audit_events (case_id, seq);
      CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_events BEGIN
        SELECT RAISE(ABORT, 'the audit log is append-only');
      END;
      CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_events BEGIN
        SELECT RAISE(ABORT, 'the audit log is append-only');
      END;
    `);
  },
};
