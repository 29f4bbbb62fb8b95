import type { Migration } from '../migrate.ts';

/**
 * OFAC's whole legacy list set: a list version is of the SDN list or of the Consolidated (non-SDN)
 * list, may carry the comments file (remarks that overflow the main file), and every screening hit
 * names the list it came from. A screening records the Consolidated version it used beside the SDN one.
 */
export const m008: Migration = {
  version: 8,
  name: 'sanctions-lists',
  up(db) {
    db.exec(`
      ALTER TABLE sanctions_versions ADD COLUMN list TEXT NOT NULL DEFAULT 'SDN' CHECK (list IN ('SDN', 'CONS'));
      ALTER TABLE sanctions_versions ADD COLUMN comments_sha256 TEXT;
      ALTER TABLE sanctions_versions ADD COLUMN orphans_comments INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE sanctions_screenings ADD COLUMN cons_version_id INTEGER REFERENCES sanctions_versions (id);
      ALTER TABLE sanctions_hits ADD COLUMN list TEXT NOT NULL DEFAULT 'SDN' CHECK (list IN ('SDN', 'CONS'));
    `);
  },
};
