import type { Migration } from '../migrate.ts';

// Reserved for the subjects-evidence domain; filled in by that domain's work.
export const m002: Migration = {
  version: 2,
  name: 'subjects-evidence',
  up() {},
};
